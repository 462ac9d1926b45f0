import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { BrowserPages, launchChromium } from '../harness/browser';
import { Lotse, signIn, startLotse } from '../harness/lotse';
import { createJba } from '../harness/jba-fixture';

const ARTIFACTS = join(__dirname, '../artifacts');

/** The form's `noValidate` (the tests compile without the DOM's types). */
const noValidate = (f: unknown) => (f as { noValidate: boolean }).noValidate;
/** Whether the element has the focus. */
const isFocused = (el: unknown) =>
  (el as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement === el;

/** ISO-8601 durations a user must never read ("P14D", "PT12H", "P1DT12H", "P6M"). */
const ISO_DURATION = /\bP(?:\d+[DWMY]|T\d+H|\d+DT\d+H)\b/;

/**
 * Issue 13, forms: no form shows the browser's own validation bubbles (the app's summary and
 * field messages instead, naming fields by their German labels, also in the server's errors),
 * and the settings speak days and hours. The Camunda Forms (German date picker, checklists)
 * are in forms-ui.clock.e2e-spec.ts: reaching them moves the engine's clock.
 */
describe('Forms in the browser (own validation, German labels, settings)', () => {
  let lotse: Lotse;
  let browser: Browser;
  let pages: BrowserPages;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    lotse = await startLotse();
    browser = await launchChromium();
    pages = new BrowserPages(browser, lotse.baseUrl);
  });
  afterAll(async () => {
    await pages?.close();
    await browser?.close();
    await lotse?.close();
  });

  /** A signed-in page of its own, German Chromium unless told otherwise. */
  function pageOf(username: string, locale = 'de-DE'): Promise<Page> {
    return pages.signedIn(username, { locale });
  }

  it('names the fields by their German labels in the server’s errors (referral, account)', async () => {
    const page = await pageOf('jc.sachbearbeitung');
    await page.goto(`${lotse.baseUrl}/faelle/neu`);
    const form = page.locator('#referral-form');
    await form.waitFor();
    await form.getByLabel('Nachname', { exact: true }).fill('Fehlertest');
    const birth = form.getByLabel('Geburtsdatum', { exact: true });
    await birth.click();
    await page.keyboard.type('0207');
    await form.getByLabel('Wohnort', { exact: true }).fill('Eschweiler');
    await form.getByLabel('Kurzbeschreibung', { exact: true }).fill('Prüft die Fehlermeldungen.');
    await page.getByRole('button', { name: 'Fallmeldung absenden' }).click();
    const summary = page.locator('.field-errors');
    await summary.waitFor();
    const text = (await summary.textContent()) ?? '';
    expect(text).toContain('Vorname');
    expect(text).toContain('Geburtsdatum');
    const body = (await page.locator('main').textContent()) ?? '';
    expect(body).not.toMatch(/firstName|birthDate|youngPerson\./);
    await expect(form.evaluate(noValidate)).resolves.toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'form-errors-referral.png'), fullPage: true });

    const admin = await pageOf('jmd.admin');
    await admin.goto(`${lotse.baseUrl}/konten`);
    const account = admin.locator('#account-form');
    await account.waitFor();
    // Empty: the form's own check, naming the fields.
    await account.getByRole('button', { name: 'Konto anlegen' }).click();
    const own = admin.locator('#account-form .field-errors');
    await own.waitFor();
    await expect(own.textContent()).resolves.toContain('Name: Bitte füllen Sie dieses Feld aus.');
    await expect(own.textContent()).resolves.toContain('Benutzername: Bitte füllen Sie');
    // A short password: the server's rule, named "Passwort".
    await account.getByLabel('Name', { exact: true }).fill('Kim Kurz');
    await account.getByLabel('Benutzername', { exact: true }).fill(`jmd.kurz${Date.now() % 1e6}`);
    await account.getByLabel('Passwort', { exact: true }).fill('kurz');
    await account.getByRole('button', { name: 'Konto anlegen' }).click();
    await own.filter({ hasText: 'Passwort' }).waitFor();
    const accountText = (await own.textContent()) ?? '';
    expect(accountText).toMatch(/Passwort: .*12/);
    expect(accountText).not.toMatch(/password|Name: Bitte/);
    await expect(
      account.getByLabel('Passwort', { exact: true }).getAttribute('aria-invalid'),
    ).resolves.toBe('true');
    // The summary links to the field.
    await own.getByRole('link', { name: 'Passwort' }).click();
    await expect(account.getByLabel('Passwort', { exact: true }).evaluate(isFocused)).resolves.toBe(
      true,
    );
  });

  it('shows the settings in days and hours, saves them as durations, and says they apply to new cases', async () => {
    const jba = await createJba(lotse.db);
    const admin = await signIn(lotse.baseUrl, jba.users.jaAdmin);
    const page = await pageOf(jba.users.jaAdmin);
    await page.getByRole('link', { name: 'Einstellungen' }).click();
    const form = page.locator('#settings-form');
    await form.waitFor();
    await form
      .getByText(
        'Geänderte Fristen gelten für neu gemeldete Fälle; laufende Fälle behalten ihre Fristen.',
      )
      .waitFor();

    const reminder = form.getByLabel('Erinnerung an fehlende Einwilligung alle', { exact: true });
    const reminderUnit = form.getByLabel('Einheit: Erinnerung an fehlende Einwilligung alle');
    await expect(reminder.inputValue()).resolves.toBe('14');
    await expect(reminderUnit.locator('option:checked').textContent()).resolves.toBe('Tage');
    await expect(
      form.getByLabel('Frist für die Einwilligung', { exact: true }).inputValue(),
    ).resolves.toBe('56');
    await expect(form.getByLabel('Bundesland').inputValue()).resolves.toBe('');
    await expect(
      form.getByLabel('Bundesland').locator('option:checked').textContent(),
    ).resolves.toBe('nur bundesweite Feiertage');
    expect((await form.textContent()) ?? '').not.toMatch(ISO_DURATION);

    // Not a number: the form's own check, in the summary and under the field.
    await reminder.fill('zwei');
    await form.getByRole('button', { name: 'Speichern' }).click();
    const summary = form.locator('.field-errors');
    await summary.waitFor();
    await expect(summary.textContent()).resolves.toContain(
      'Erinnerung an fehlende Einwilligung alle: Bitte geben Sie eine ganze Zahl von 1 bis 9999 ein.',
    );
    await expect(reminder.getAttribute('aria-invalid')).resolves.toBe('true');

    // The reminder after the deadline: the server's check, still without ISO-8601.
    await reminder.fill('60');
    await form.getByRole('button', { name: 'Speichern' }).click();
    await summary.filter({ hasText: 'Die Erinnerung muss vor Ablauf der Frist kommen.' }).waitFor();
    expect((await page.locator('main').textContent()) ?? '').not.toMatch(ISO_DURATION);

    await reminder.fill('21');
    await form.getByLabel('Überprüfung überfällig nach', { exact: true }).fill('36');
    await form
      .getByLabel('Einheit: Überprüfung überfällig nach')
      .selectOption({ label: 'Stunden' });
    await form.getByLabel('Bundesland').selectOption({ label: 'Nordrhein-Westfalen' });
    await form.getByRole('button', { name: 'Speichern' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Gespeichert. Geänderte Fristen gelten für neu gemeldete Fälle' })
      .waitFor();
    await expect(form.locator('.field-errors').count()).resolves.toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'settings.png'), fullPage: true });
    // At 390 px (a phone) the page does not scroll sideways.
    await page.setViewportSize({ width: 390, height: 900 });
    await expect(
      page.evaluate('document.scrollingElement.scrollWidth <= window.innerWidth'),
    ).resolves.toBe(true);
    await page.setViewportSize({ width: 1280, height: 1000 });

    const saved = (await admin.get('/api/v1/jba/settings')).body;
    expect(saved).toMatchObject({
      consentReminderInterval: 'P21D',
      consentDeadline: 'P56D',
      followUpEscalationDelay: 'P1DT12H',
      federalState: 'NW',
    });
    // Shown again as staff wrote it.
    await page.reload();
    await expect(
      form.getByLabel('Überprüfung überfällig nach', { exact: true }).inputValue(),
    ).resolves.toBe('36');
    await expect(
      form.getByLabel('Einheit: Überprüfung überfällig nach').inputValue(),
    ).resolves.toBe('H');
  });

  it('lets no form of the pages above fall back to the browser’s validation bubbles', async () => {
    const formsWithoutNoValidate = (p: Page) =>
      p.$$eval('main form', (forms) =>
        (forms as unknown as Array<{ noValidate: boolean; id: string; className: string }>)
          .filter((f) => !f.noValidate)
          .map((f) => f.id || f.className),
      );
    const login = await pages.open();
    await login.goto(`${lotse.baseUrl}/anmelden`);
    await login.locator('main form').waitFor();
    await expect(formsWithoutNoValidate(login)).resolves.toEqual([]);
    // Empty: the app's own messages, naming the fields.
    await login.getByRole('button', { name: 'Anmelden' }).click();
    const summary = login.locator('.field-errors');
    await summary.waitFor();
    await expect(summary.textContent()).resolves.toContain('Benutzername: Bitte füllen Sie');
    await expect(summary.textContent()).resolves.toContain('Passwort: Bitte füllen Sie');

    const page = await pageOf('ja.admin');
    for (const path of ['/konten', '/einstellungen', '/angebote']) {
      await page.goto(`${lotse.baseUrl}${path}`);
      await page.locator('main form').first().waitFor();
      expect({ path, forms: await formsWithoutNoValidate(page) }).toEqual({ path, forms: [] });
    }
  });

  it('ran every page above under the Content-Security-Policy', () => {
    expect(pages.cspViolations).toEqual([]);
  });
});
