import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Browser, chromium } from 'playwright-core';

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
