import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../harness/browser';
import { Api, client, eventually, Lotse, signIn, startLotse } from '../harness/lotse';
import { createJba } from '../harness/jba-fixture';
import { documentHash, I, isoDaysAgo, referral } from '../harness/fixtures';

const ARTIFACTS = join(__dirname, '../artifacts');

/**
 * A referrer signs in to the German task list in a real browser, opens *Einwilligung
 * einholen*, fills the Camunda Form and completes it; the case moves on in the engine.
 */
describe('Task list in the browser', () => {
  let lotse: Lotse;
  let api: Api;
  let browser: Browser;
  let page: Page;
  /** What the browser refused under the Content-Security-Policy (issue 11): must stay empty. */
  const cspViolations: string[] = [];
  const watchCsp = (p: Page) =>
    p.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    lotse = await startLotse();
    api = await signIn(lotse.baseUrl, 'ja.sachbearbeitung');
    browser = await launchChromium();
    page = await browser.newPage({
      viewport: { width: 1280, height: 900 },
      locale: 'de-DE',
      timezoneId: 'Europe/Berlin',
    });
    watchCsp(page);
  });
  afterAll(async () => {
    await browser?.close();
    await lotse?.close();
  });

  /** Signs in on the page, as staff do. */
  async function signInOn(p: Page, username: string) {
    await p.goto(`${lotse.baseUrl}/anmelden`);
    await p.getByLabel('Benutzername').fill(username);
    await p.getByLabel('Passwort').fill('lotse-demo');
    await p.getByRole('button', { name: 'Anmelden' }).click();
    await p.waitForURL('**/aufgaben**');
  }

  /** A page of its own (cookies and all) for another user. */
  async function pageOf(username: string, height = 900) {
    const ctx = await browser.newContext({
      viewport: { width: 1280, height },
      locale: 'de-DE',
      timezoneId: 'Europe/Berlin',
    });
    const p = await ctx.newPage();
    watchCsp(p);
    await signInOn(p, username);
    return { ctx, p };
  }

  it('signs in, completes "Einwilligung einholen" with the consent form, and shows the case moving on', async () => {
    const accepted = await api.post(
      '/api/v1/referrals',
      referral({ referringInstitutionId: I.JA.id, consent: undefined, referredOn: isoDaysAgo(1) }),
    );
    expect(accepted.status).toBe(202);
    const caseId: string = accepted.body.id;
    const taskId = await eventually(
      async () => (await api.get(`/api/v1/referrals/${caseId}`)).body.openTasks?.[0]?.id as string,
      { what: 'the obtain-consent task' },
    );

    await signInOn(page, 'ja.sachbearbeitung');
    // The new task is nobody's yet: it is listed under "Meine Institution".
    await page.goto(`${lotse.baseUrl}/aufgaben?filter=institution`);

    const row = page.locator(`tr[data-task-id="${taskId}"]`);
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('Einwilligung einholen');
    await expect(row.textContent()).resolves.toContain(accepted.body.reference);
    await page.screenshot({ path: join(ARTIFACTS, 'task-list.png'), fullPage: true });

    await row.getByRole('link', { name: 'Einwilligung einholen' }).click();
    await page.locator('#task-form[data-ready="true"]').waitFor();
    await expect(page.locator('body').textContent()).resolves.toContain(accepted.body.reference);

    // The same fields and defaults as "Einwilligung nachreichen" on the case page.
    const form = page.locator('#task-form');
    await form.getByLabel('dem jungen Menschen selbst').check();
    const signed = isoDaysAgo(2);
    await form.getByLabel('Unterschrieben am', { exact: true }).fill(signed);
    await expect(form.getByLabel(I.JA.name).isChecked()).resolves.toBe(true);
    await expect(form.getByLabel('Besprechung in der Fallkonferenz').isChecked()).resolves.toBe(
      true,
    );
    await form.getByLabel(I.JC.name).check();
    await form.getByLabel('Besprechung in der Fallkonferenz').check();
    await form.getByLabel('SHA-256 des unterschriebenen Dokuments').fill(documentHash());
    await page.screenshot({ path: join(ARTIFACTS, 'task-form.png'), fullPage: true });

    await page.getByRole('button', { name: 'Abschließen' }).click();
    await page.getByText('Aufgabe abgeschlossen.').waitFor();

    const moved = await eventually(
      async () => {
        const r = (await api.get(`/api/v1/referrals/${caseId}`)).body;
        return r.status === 'awaiting-conference' ? r : undefined;
      },
      { what: 'the case to move on in the engine' },
    );
    expect(moved.consents[0]).toMatchObject({ grantedBy: 'self', signedOn: signed, valid: true });
    expect(moved.consents[0].recipients.sort()).toEqual([I.JA.id, I.JC.id].sort());

    await page.goto(`${lotse.baseUrl}/faelle/${caseId}`);
    await page.getByText('Prozessdiagramm anzeigen').click();
    await page.locator('#case-diagram[data-ready="true"]').waitFor();
    await expect(page.locator('body').textContent()).resolves.toContain('Wartet auf Fallkonferenz');
    const marked = await page.locator('#case-diagram .lotse-active').count();
    expect(marked).toBeGreaterThan(0);
    await page.screenshot({ path: join(ARTIFACTS, 'case-view.png'), fullPage: true });
  });

  it('refers a young person with the form, consent included, and shows the case on its way', async () => {
    const { ctx, p } = await pageOf('jc.sachbearbeitung', 1000);
    await p.goto(`${lotse.baseUrl}/faelle/neu`);
    const form = p.locator('#referral-form');
    await form.waitFor();
    await form.getByLabel('Vorname', { exact: true }).fill('Jonas');
    await form.getByLabel('Nachname', { exact: true }).fill('Browsertest');
    await form.getByLabel('Geburtsdatum', { exact: true }).fill('2005-04-12');
    await form.getByLabel('Wohnort', { exact: true }).fill('Eschweiler');
    await form
      .getByLabel('Kurzbeschreibung', { exact: true })
      .fill('Sucht einen Ausbildungsplatz, Schulden.');
    await form.getByLabel('Einwilligung liegt vor').check();
    await form.getByLabel('dem jungen Menschen selbst').check();
    await form.getByLabel('Unterschrieben am', { exact: true }).fill(isoDaysAgo(3));
    await form.getByLabel(I.JA.name).check();
    await form.getByLabel('SHA-256 des unterschriebenen Dokuments').fill(documentHash());
    await p.screenshot({ path: join(ARTIFACTS, 'referral-form.png'), fullPage: true });
    await p.getByRole('button', { name: 'Fallmeldung absenden' }).click();
    await p.waitForURL(/\/faelle\/[0-9a-f-]{36}$/);
    await p.getByText(/Fallmeldung FM-\d{4}-\d{5} ist eingegangen\./).waitFor();
    const caseId = p.url().split('/').pop()!;
    const jc = await signIn(lotse.baseUrl, 'jc.sachbearbeitung');
    const view = await eventually(
      async () => {
        const r = (await jc.get(`/api/v1/referrals/${caseId}`)).body;
        return r.status === 'awaiting-conference' ? r : undefined;
      },
      { what: 'the referral from the form to pass its checks' },
    );
    expect(view.youngPerson).toMatchObject({
      firstName: 'Jonas',
      lastName: 'Browsertest',
      birthDate: '2005-04-12',
    });
    expect(view.consents[0].recipients.sort()).toEqual([I.JA.id, I.JC.id].sort());

    // The young person revokes the consent: recorded on the case page, the case is closed.
    await p.reload();
    await p.getByText('Wartet auf Fallkonferenz').first().waitFor();
    await p.getByRole('button', { name: 'Widerruf erfassen' }).click();
    await p
      .getByRole('dialog', { name: 'Widerruf der Einwilligung erfassen' })
      .getByRole('button', { name: 'Widerruf verbindlich erfassen' })
      .click();
    await p.getByText('Widerruf erfasst.').waitFor();
    await p.getByText('Die Einwilligung wurde widerrufen.').first().waitFor();
    await eventually(
      async () => (await jc.get(`/api/v1/referrals/${caseId}`)).body.status === 'consent-revoked',
      { what: 'the case to be closed after the revocation' },
    );
    await p.reload();
    await p.getByText('Nach Widerruf beendet').first().waitFor();
    await p.screenshot({ path: join(ARTIFACTS, 'case-revoked.png'), fullPage: true });
    await ctx.close();
  });

  it('tells the referrer on the form that the young person has an open case, and who coordinates it', async () => {
    const jba = await createJba(lotse.db);
    const jc = await signIn(lotse.baseUrl, jba.users.jcCaseworker);
    const lastName = `Doppelt-${Date.now()}`;
    const first = await jc.post(
      '/api/v1/referrals',
      referral(
        {
          referringInstitutionId: jba.inst.JC.id,
          consent: {
            grantedBy: 'self',
            signedOn: isoDaysAgo(30),
            recipients: [jba.inst.JC.id, jba.inst.AA.id],
            purposes: ['case-conference'],
            documentHash: documentHash(),
          },
        },
        { firstName: 'Mia', lastName, birthDate: '2006-05-01', municipality: jba.municipality },
      ),
    );
    expect(first.status).toBe(202);

    const { ctx, p } = await pageOf(jba.users.aaCaseworker);
    await p.goto(`${lotse.baseUrl}/faelle/neu`);
    const form = p.locator('#referral-form');
    await form.getByLabel('Vorname', { exact: true }).fill('Mia');
    await form.getByLabel('Nachname', { exact: true }).fill(lastName);
    await form.getByLabel('Geburtsdatum', { exact: true }).fill('2006-05-01');
    const notice = form.getByRole('status').filter({ hasText: 'bereits einen offenen Fall' });
    await notice.waitFor();
    await expect(notice.textContent()).resolves.toContain(
      `Koordination: ${jba.inst.JA.name} (${jba.inst.JA.email}), seit`,
    );
    await notice.getByRole('link', { name: `Fall ${first.body.reference} öffnen` }).waitFor();
    await p.screenshot({ path: join(ARTIFACTS, 'referral-existing-case.png'), fullPage: true });

    // Sent anyway: a second case is allowed; the confirmation repeats the notice.
    await form.getByLabel('Wohnort', { exact: true }).fill(jba.municipality);
    await form.getByLabel('Kurzbeschreibung', { exact: true }).fill('Zweite Meldung.');
    await p.getByRole('button', { name: 'Fallmeldung absenden' }).click();
    await p.waitForURL(/\/faelle\/[0-9a-f-]{36}$/);
    await p.getByText(/Fallmeldung FM-\d{4}-\d{5} ist eingegangen\./).waitFor();
    await p.getByRole('status').filter({ hasText: 'bereits einen offenen Fall' }).waitFor();
    await ctx.close();
  });

  it('lets an admin create an account on "Konten" and lock it', async () => {
    const { ctx, p } = await pageOf('jmd.admin');
    await p.getByRole('link', { name: 'Konten' }).click();
    await p.getByRole('heading', { name: 'Konten', level: 1 }).waitFor();

    const form = p.locator('#account-form');
    await form.getByLabel('Name', { exact: true }).fill('Kim Browser');
    await form.getByLabel('Benutzername', { exact: true }).fill('jmd.kim');
    await form.getByLabel('Passwort', { exact: true }).fill('ein-gutes-passwort');
    await form.getByLabel('Koordination').check();
    await form.getByRole('button', { name: 'Konto anlegen' }).click();
    await p.getByText('Das Konto „jmd.kim“ ist angelegt.').waitFor();
    const row = p.locator('tr[data-account="jmd.kim"]');
    await expect(row.textContent()).resolves.toContain('Sachbearbeitung, Koordination');

    await row.getByRole('button', { name: 'Sperren' }).click();
    await p.getByText('Das Konto „jmd.kim“ ist gesperrt.').waitFor();
    await row.getByText('gesperrt').waitFor();
    await p.screenshot({ path: join(ARTIFACTS, 'accounts.png'), fullPage: true });
    const locked = await client(lotse.baseUrl).post('/api/v1/auth/login', {
      username: 'jmd.kim',
      password: 'ein-gutes-passwort',
    });
    expect(locked.status).toBe(401);
    await ctx.close();
  });

  it('lets the coordinating admin change the JBA’s timings on "Einstellungen"', async () => {
    const jba = await createJba(lotse.db);
    const { ctx, p } = await pageOf(jba.users.jaAdmin);
    await p.getByRole('link', { name: 'Einstellungen' }).click();
    const form = p.locator('#settings-form');
    // Durations are a number and a unit ("14" "Tage"), never ISO-8601.
    const reminder = form.getByLabel('Erinnerung an fehlende Einwilligung alle', { exact: true });
    await expect(reminder.inputValue()).resolves.toBe('14');
    await expect(
      form.getByLabel('Einheit: Erinnerung an fehlende Einwilligung alle').inputValue(),
    ).resolves.toBe('D');
    await reminder.fill('10');
    await form.getByLabel('Altersgrenze').fill('24');
    await form.getByRole('button', { name: 'Speichern' }).click();
    await p.getByText('Gespeichert.', { exact: false }).waitFor();
    await p.screenshot({ path: join(ARTIFACTS, 'settings-saved.png'), fullPage: true });
    const settings = (
      await (await signIn(lotse.baseUrl, jba.users.jcCaseworker)).get('/api/v1/jba/settings')
    ).body;
    expect(settings).toMatchObject({ consentReminderInterval: 'P10D', ageLimit: 24 });
    await ctx.close();
  });

  it('ran every page above under the Content-Security-Policy', () => {
    expect(cspViolations).toEqual([]);
  });
});
