import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Browser, chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/**
 * Debian's Chromium, driven by playwright-core (never a downloaded browser). When it is not
 * installed and this runs as root with apt, it is installed once; otherwise the test fails
 * with what to install.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    const root = process.getuid?.() === 0;
    if (root && existsSync('/usr/bin/apt-get')) {
      execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], {
        stdio: 'ignore',
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
        timeout: 600_000,
      });
    }
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `The browser test needs Debian's Chromium at ${CHROMIUM}: apt-get install chromium`,
      );
    }
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // A German browser, as staff use: native date inputs show TT.MM.JJJJ (the context's
      // locale alone does not change Chromium's interface language).
      '--lang=de-DE',
    ],
  });
}
