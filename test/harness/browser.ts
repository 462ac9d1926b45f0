import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** Chromium's German interface texts (Debian package chromium-l10n). */
const GERMAN_LOCALE = '/usr/lib/chromium/locales/de.pak';

function aptInstall(pkg: string) {
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) return;
  try {
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', pkg], {
      stdio: 'ignore',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      timeout: 600_000,
    });
  } catch {
    // checked by the caller
  }
}

/**
 * Debian's Chromium, driven by playwright-core (never a downloaded browser). When it is not
 * installed and this runs as root with apt, it is installed once; otherwise the test fails
 * with what to install.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    aptInstall('chromium');
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `The browser test needs Debian's Chromium at ${CHROMIUM}: apt-get install chromium`,
      );
    }
  }
  // A German browser, as staff use: with its German texts, native date and time inputs show
  // TT.MM.JJJJ and 24 hours. Without the package the pages still work (in English inputs).
  if (!existsSync(GERMAN_LOCALE)) aptInstall('chromium-l10n');
  return chromium.launch({
    executablePath: CHROMIUM,
    env: { ...process.env, LANG: 'de_DE.UTF-8', LANGUAGE: 'de' },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--lang=de-DE',
    ],
  });
}

/**
 * Pages of one browser for one Lotse, each in a context (cookies) of its own, German and in
 * Berlin time, signed in on the sign-in page as staff do. Collects what the browser refused
 * under the Content-Security-Policy (`cspViolations`, which a test expects to stay empty).
 */
export class BrowserPages {
  readonly cspViolations: string[] = [];
  private readonly contexts: BrowserContext[] = [];

  constructor(
    private readonly browser: Browser,
    private readonly baseUrl: string,
  ) {}

  /** A new page; `locale` of the context (German unless told otherwise). */
  async open(
    opts: { locale?: string; viewport?: { width: number; height: number } } = {},
  ): Promise<Page> {
    const ctx = await this.browser.newContext({
      viewport: opts.viewport ?? { width: 1280, height: 1000 },
      locale: opts.locale ?? 'de-DE',
      timezoneId: 'Europe/Berlin',
    });
    this.contexts.push(ctx);
    const p = await ctx.newPage();
    p.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) this.cspViolations.push(m.text());
    });
    return p;
  }

  /** A new page signed in as `username` (password `lotse-demo`), past the sign-in page. */
  async signedIn(
    username: string,
    opts: { locale?: string; viewport?: { width: number; height: number } } = {},
  ): Promise<Page> {
    const p = await this.open(opts);
    await p.goto(`${this.baseUrl}/anmelden`);
    await p.getByLabel('Benutzername').fill(username);
    await p.getByLabel('Passwort').fill('lotse-demo');
    await p.getByRole('button', { name: 'Anmelden' }).click();
    await p.waitForURL((url) => !url.pathname.startsWith('/anmelden'));
    return p;
  }

  async close() {
    for (const ctx of this.contexts) await ctx.close().catch(() => undefined);
  }
}
