import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../harness/browser';
import { Lotse, signIn, startLotse } from '../harness/lotse';
import { I, referral } from '../harness/fixtures';

const ARTIFACTS = join(__dirname, '../artifacts');

/**
 * The data protection officer's page in a real browser (issue 12): `ja.datenschutz` filters the
 * audit of a case, downloads it as CSV, and opens the access report of the young person.
 */
describe('The data protection page in the browser', () => {
  let lotse: Lotse;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  /** What the browser refused under the Content-Security-Policy: must stay empty. */
  const cspViolations: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    lotse = await startLotse({ worker: false });
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const ctx of contexts) await ctx.close().catch(() => undefined);
    await browser?.close();
    await lotse?.close();
  });

  async function pageOf(username: string, path: string): Promise<Page> {
    const ctx = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: 'de-DE',
      timezoneId: 'Europe/Berlin',
      acceptDownloads: true,
    });
    contexts.push(ctx);
    const p = await ctx.newPage();
    p.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
    // A signed-out visit goes to the sign-in page and, after signing in, back to the page.
    await p.goto(`${lotse.baseUrl}${path}`);
    await p.waitForURL('**/anmelden');
    await p.getByLabel('Benutzername').fill(username);
    await p.getByLabel('Passwort').fill('lotse-demo');
    await p.getByRole('button', { name: 'Anmelden' }).click();
    await p.waitForURL(`**${path}`);
    return p;
  }

  it('filters the audit of a case, downloads it as CSV and opens the access report', async () => {
    // A case of the demo JBA, read by two partners the consent names.
    const jc = await signIn(lotse.baseUrl, 'jc.sachbearbeitung');
    const body = referral();
    const person = body.youngPerson as { firstName: string; lastName: string; birthDate: string };
    const accepted = await jc.post('/api/v1/referrals', body);
    expect(accepted.status).toBe(202);
    const { id: caseId, reference } = accepted.body as { id: string; reference: string };
    for (const username of ['aa.sachbearbeitung', 'ja.sachbearbeitung']) {
      const partner = await signIn(lotse.baseUrl, username);
      expect((await partner.get(`/api/v1/referrals/${caseId}`)).status).toBe(200);
    }

    const page = await pageOf('ja.datenschutz', '/datenschutz');
    await page.getByRole('heading', { name: 'Protokollauszug' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
    await expect(nav.getByRole('link', { name: 'Datenschutz' }).count()).resolves.toBe(1);

    // The page's own check: a period that ends before it starts is not sent.
    const filter = page.locator('#audit-filter');
    await filter.getByLabel('Von').fill('10.03.2026');
    await filter.getByLabel('Bis').fill('01.03.2026');
    await filter.getByRole('button', { name: 'Filtern' }).click();
    const problems = page.locator('.field-errors');
    await problems.waitFor();
    await expect(problems.textContent()).resolves.toContain(
      'Das Ende des Zeitraums liegt vor seinem Beginn.',
    );

    await filter.getByRole('button', { name: 'Zurücksetzen' }).click();
    await filter.getByLabel('Fall').fill(reference);
    await filter.getByRole('button', { name: 'Filtern' }).click();
    await page.waitForURL(`**/datenschutz?fall=${reference}`);
    const reads = page.locator('tr[data-action="personal-data-read"]');
    await reads.first().waitFor();
    const readTexts = await reads.allTextContents();
    expect(readTexts.some((t) => t.includes('aa.sachbearbeitung') && t.includes(I.AA.name))).toBe(
      true,
    );
    expect(readTexts.some((t) => t.includes('ja.sachbearbeitung') && t.includes(I.JA.name))).toBe(
      true,
    );
    expect(readTexts.every((t) => t.includes('Personenbezogene Daten abgerufen'))).toBe(true);
    const rows = await page.locator('tr[data-audit-id]').allTextContents();
    expect(rows.every((t) => t.includes(reference))).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'dsb-audit.png'), fullPage: true });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'CSV herunterladen' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(
      new RegExp(`^Protokollauszug-${reference}-\\d{8}\\.csv$`),
    );
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(
      csv.startsWith(
        '\uFEFFZeitpunkt;Aktion;Mitarbeiter*in;Institution;Fall;Einwilligung;Details\r\n',
      ),
    ).toBe(true);
    expect(csv).toContain('(aa.sachbearbeitung)');
    expect(csv.trimEnd().split('\r\n')).toHaveLength(rows.length + 1);

    await page.getByRole('link', { name: 'Auskunft (Art. 15 DSGVO)' }).click();
    const search = page.locator('#access-report-search');
    // By name and date of birth, as a young person asks (the date as Germans write it).
    const [y, m, d] = person.birthDate.split('-');
    await search.getByLabel('Vorname').fill(person.firstName);
    await search.getByLabel('Nachname').fill(person.lastName);
    await search.getByLabel('Geburtsdatum').fill(`${d}.${m}.${y}`);
    await search.getByRole('button', { name: 'Auskunft erstellen' }).click();
    const report = page.locator('#access-report');
    await report.waitFor();
    const text = (await report.textContent()) ?? '';
    expect(text).toContain(
      `Auskunft über ${person.firstName} ${person.lastName}, geb. ${d}.${m}.${y}`,
    );
    expect(text).toContain(`Fall ${reference}`);
    expect(await report.locator('.report-referrer').textContent()).toContain(I.JC.name);
    expect(await report.locator('.report-referrer').textContent()).toContain('jc.sachbearbeitung');
    const consentRow = (await report.locator('tr[data-consent-id]').first().textContent()) ?? '';
    for (const name of [I.JC.name, I.JA.name, I.AA.name]) expect(consentRow).toContain(name);
    expect(consentRow).toContain('gültig');
    const disclosures = await report
      .locator('tr[data-action="personal-data-read"]')
      .allTextContents();
    expect(disclosures.some((t) => t.includes(I.AA.name))).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'dsb-access-report.png'), fullPage: true });

    const [pdf] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'PDF herunterladen' }).click(),
    ]);
    expect(pdf.suggestedFilename()).toBe(`Auskunft-${reference}.pdf`);
    expect(
      readFileSync((await pdf.path())!)
        .subarray(0, 5)
        .toString('latin1'),
    ).toBe('%PDF-');

    // Producing it is in the audit now.
    await page.getByRole('link', { name: 'Protokollauszug' }).click();
    await filter.getByLabel('Fall').fill(reference);
    await filter.getByRole('button', { name: 'Filtern' }).click();
    await page.locator('tr[data-action="access-report-created"]').first().waitFor();

    expect(cspViolations).toEqual([]);
  });

  it('shows the Datenschutz entry to the data protection officer only', async () => {
    const page = await pageOf('jc.sachbearbeitung', '/angebote');
    const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
    await nav.getByRole('link', { name: 'Angebote' }).waitFor();
    await expect(nav.getByRole('link', { name: 'Datenschutz' }).count()).resolves.toBe(0);
    expect(cspViolations).toEqual([]);
  });
});
