import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { BrowserPages, launchChromium } from '../harness/browser';
import { eventually, Lotse, signIn, startLotse } from '../harness/lotse';
import { extraordinaryConference, I, isoDaysAgo, referral } from '../harness/fixtures';

const ARTIFACTS = join(__dirname, '../artifacts');
/** axe-core's browser build, run in the page over the DevTools protocol (not an inline script the CSP would refuse). */
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
/** The width of a small phone (issue 13: the task list and consent fields scrolled sideways). */
const PHONE = { width: 390, height: 844 };

/** What axe.run answers (the parts read here). */
interface AxeResult {
  violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
}

interface Finding {
  page: string;
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

/**
 * Every main page of Lotse, as the role that works on it, checked by axe-core (WCAG 2.1 A/AA):
 * no serious or critical violation; and at 390 px the page does not scroll sideways.
 * The screenshots (desktop and phone) go to test/artifacts/pages/.
 */
describe('Every main page: accessible (axe-core) and usable at 390 px', () => {
  let lotse: Lotse;
  let browser: Browser;
  let pages: BrowserPages;
  let caseId: string;
  let taskId: string;
  let conferenceId: string;

  beforeAll(async () => {
    mkdirSync(join(ARTIFACTS, 'pages'), { recursive: true });
    lotse = await startLotse();
    browser = await launchChromium();
    pages = new BrowserPages(browser, lotse.baseUrl);

    // A case with an open task and a planned conference in the demo JBA, so that the detail
    // pages have something to show.
    const caseworker = await signIn(lotse.baseUrl, 'ja.sachbearbeitung');
    const accepted = await caseworker.post(
      '/api/v1/referrals',
      referral({ referringInstitutionId: I.JA.id, consent: undefined, referredOn: isoDaysAgo(1) }),
    );
    expect(accepted.status).toBe(202);
    caseId = accepted.body.id;
    taskId = await eventually(
      async () =>
        (await caseworker.get(`/api/v1/referrals/${caseId}`)).body.openTasks?.[0]?.id as string,
      { what: 'the obtain-consent task' },
    );
    const coordinator = await signIn(lotse.baseUrl, 'ja.koordination');
    const planned = await coordinator.post(
      '/api/v1/conferences',
      extraordinaryConference(new Date().getUTCFullYear() + 3),
    );
    expect(planned.status).toBe(201);
    conferenceId = planned.body.id;
  });
  afterAll(async () => {
    await pages?.close();
    await browser?.close();
    await lotse?.close();
  });

  function signedInPage(username: string | null): Promise<Page> {
    const viewport = { width: 1280, height: 900 };
    return username ? pages.signedIn(username, { viewport }) : pages.open({ viewport });
  }

  /** Waits until the page shows its heading and nothing is loading any more. */
  async function settled(p: Page) {
    await p.locator('h1').first().waitFor();
    await p.waitForFunction(
      (busy) =>
        !(
          globalThis as unknown as { document: { querySelector(s: string): unknown } }
        ).document.querySelector(busy),
      '.loading, [aria-busy="true"], #task-form[data-ready="false"]',
      { timeout: 30_000 },
    );
  }

  async function axe(p: Page, name: string): Promise<Finding[]> {
    if (!(await p.evaluate(`'axe' in window`))) await p.evaluate(AXE_SOURCE);
    const result = await p.evaluate<AxeResult>(
      `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })`,
    );
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        page: name,
        rule: v.id,
        impact: v.impact ?? '',
        help: v.help,
        targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
      }));
  }

  /** How far the page scrolls sideways at phone width (0: not at all). */
  async function sidewaysAtPhoneWidth(p: Page, name: string): Promise<number> {
    await p.setViewportSize(PHONE);
    await p.evaluate('new Promise((done) => requestAnimationFrame(() => done(0)))'); // a layout pass
    const overflow = await p.evaluate<number>(
      `document.documentElement.scrollWidth - document.documentElement.clientWidth`,
    );
    await p.screenshot({ path: join(ARTIFACTS, 'pages', `${name}-390.png`), fullPage: true });
    await p.setViewportSize({ width: 1280, height: 900 });
    return overflow;
  }

  const mainPages: [name: string, user: string | null, path: () => string][] = [
    ['anmelden', null, () => '/anmelden'],
    ['aufgaben', 'ja.sachbearbeitung', () => '/aufgaben'],
    ['aufgabe', 'ja.sachbearbeitung', () => `/aufgaben/${taskId}`],
    ['faelle', 'ja.sachbearbeitung', () => '/faelle'],
    ['fall', 'ja.sachbearbeitung', () => `/faelle/${caseId}`],
    ['fall-melden', 'ja.sachbearbeitung', () => '/faelle/neu'],
    ['konferenzen', 'ja.koordination', () => '/konferenzen'],
    ['konferenz', 'ja.koordination', () => `/konferenzen/${conferenceId}`],
    ['angebote', 'ja.sachbearbeitung', () => '/angebote'],
    ['benachrichtigungen', 'ja.sachbearbeitung', () => '/benachrichtigungen'],
    ['konten', 'ja.admin', () => '/konten'],
    ['einstellungen', 'ja.admin', () => '/einstellungen'],
    ['datenschutz', 'ja.datenschutz', () => '/datenschutz'],
    ['loeschung', 'ja.datenschutz', () => '/datenschutz/loeschung'],
  ];

  it('finds no serious or critical violation and no sideways scrolling on any main page', async () => {
    const findings: Finding[] = [];
    const sideways: string[] = [];
    const byUser = new Map<string | null, Page>();
    for (const [name, user, path] of mainPages) {
      let p = byUser.get(user);
      if (!p) {
        p = await signedInPage(user);
        byUser.set(user, p);
      }
      await p.goto(`${lotse.baseUrl}${path()}`);
      await settled(p);
      await p.screenshot({ path: join(ARTIFACTS, 'pages', `${name}.png`), fullPage: true });
      findings.push(...(await axe(p, name)));
      const overflow = await sidewaysAtPhoneWidth(p, name);
      if (overflow > 0) sideways.push(`${name}: ${overflow}px`);
    }
    expect({ findings, sideways }).toEqual({ findings: [], sideways: [] });
  });
});
