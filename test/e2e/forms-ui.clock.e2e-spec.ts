import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { BrowserPages, launchChromium } from '../harness/browser';
import { Api, DAY_MS, eventually, Lotse, signIn, startLotse, testEngine } from '../harness/lotse';
import { caseTask, engineNow, followUpReferral, isoDate } from '../harness/follow-up-fixture';
import { createJba, TestJba } from '../harness/jba-fixture';

const ARTIFACTS = join(__dirname, '../artifacts');

/** The form's `noValidate` (the tests compile without the DOM's types). */
const noValidate = (f: unknown) => (f as { noValidate: boolean }).noValidate;
/** Whether the element has the focus. */
const isFocused = (el: unknown) =>
  (el as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement === el;

/**
 * Issue 13, the Camunda Forms (form-js) of the task list, on the real engine with its clock
 * moved to reach them: *Fallkonferenz durchführen* (a required checklist) and *Maßnahme
 * überprüfen* (a date field). The date picker speaks German whatever the browser's language;
 * an empty checklist asks to choose; the app's summary lists what is wrong, no browser bubble.
 */
describe('Camunda Forms in the browser: German date picker and validation (engine clock)', () => {
  let lotse: Lotse;
  let jba: TestJba;
  let jc: Api;
  let coordinator: Api;
  let browser: Browser;
  let caseId: string;
  let conferenceId: string;
  let pages: BrowserPages;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    lotse = await startLotse();
    jba = await createJba(lotse.db);
    jc = await signIn(lotse.baseUrl, jba.users.jcCaseworker);
    coordinator = await signIn(lotse.baseUrl, jba.users.jaCoordinator);
    browser = await launchChromium();
    pages = new BrowserPages(browser, lotse.baseUrl);
  });
  afterAll(async () => {
    await pages?.close();
    await browser?.close();
    await lotse?.close();
  });

  /** A signed-in page of its own; a German Chromium unless told otherwise. */
  function pageOf(username: string, locale = 'de-DE'): Promise<Page> {
    return pages.signedIn(username, { locale });
  }

  async function openTask(p: Page, taskId: string) {
    await p.goto(`${lotse.baseUrl}/aufgaben/${taskId}`);
    await p.locator('#task-form[data-ready="true"]').waitFor();
    return p.locator('#task-form');
  }

  it('asks to choose at least one institution when "Anwesende Institutionen" is empty, in the app’s summary', async () => {
    const created = await jc.post('/api/v1/referrals', followUpReferral(jba));
    expect(created.status).toBe(202);
    caseId = created.body.id;
    const reference: string = created.body.reference;
    const t0 = await engineNow();
    const planned = await coordinator.post('/api/v1/conferences', {
      kind: 'extraordinary',
      startsAt: new Date(t0 + 10 * DAY_MS).toISOString(),
      place: 'Jugendamt, Raum 3',
      capacity: 5,
      referralDeadline: new Date(t0 + 5 * DAY_MS).toISOString(),
    });
    expect(planned.status).toBe(201);
    conferenceId = planned.body.id;
    await testEngine.advanceClock(6 * DAY_MS);
    await eventually(
      async () =>
        (await jc.get(`/api/v1/referrals/${caseId}`)).body.status === 'scheduled' || undefined,
      { what: 'the case to be scheduled' },
    );
    await testEngine.advanceClock(5 * DAY_MS);
    const conduct = await eventually(
      async () =>
        (
          (await coordinator.get('/api/v1/tasks?type=Task_ConductConference&pageSize=100')).body
            .items as Array<{ id: string; conferenceId: string }>
        ).find((t) => t.conferenceId === conferenceId)?.id,
      { what: 'the conduct-conference task' },
    );

    const page = await pageOf(jba.users.jaCoordinator);
    const form = await openTask(page, conduct);
    await expect(form.locator('form').evaluate(noValidate)).resolves.toBe(true);
    await page.getByRole('button', { name: 'Abschließen' }).click();
    const summary = page.locator('.field-errors');
    await summary.waitFor();
    const text = (await summary.textContent()) ?? '';
    expect(text).toContain('Anwesende Institutionen: Bitte wählen Sie mindestens eine Option.');
    expect(text).not.toContain('Bitte füllen Sie dieses Feld aus.');
    await expect(summary.evaluate(isFocused)).resolves.toBe(true);
    // The same message under the checklist.
    await form
      .locator('.fjs-form-field-error')
      .filter({ hasText: 'Bitte wählen Sie mindestens eine Option.' })
      .first()
      .waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'form-errors.png'), fullPage: true });
    expect((await coordinator.get(`/api/v1/tasks/${conduct}`)).body.state).toBe('open');

    // Chosen: the conference is held.
    await form.getByRole('checkbox', { name: jba.inst.JC.name, exact: true }).check();
    await form.getByRole('checkbox', { name: jba.inst.JA.name, exact: true }).check();
    await form.getByRole('checkbox', { name: new RegExp(reference) }).check();
    await expect(summary.count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Abschließen' }).click();
    await page.getByText('Aufgabe abgeschlossen.').waitFor();
  });

  it('shows the date picker of "Maßnahme überprüfen" in German and names "Neue Fälligkeit" when it is missing', async () => {
    await eventually(
      async () =>
        (await jc.get(`/api/v1/referrals/${caseId}`)).body.status === 'discussed' || undefined,
      { what: 'the case to be discussed' },
    );
    // The protocol with one measure, written and finalized through the API.
    const recordTask = await caseTask(jc, caseId, 'Task_RecordProtocol');
    const protocolId: string = (await jc.get(`/api/v1/tasks/${recordTask}`)).body.form.data
      .protocolId;
    const d0 = await engineNow();
    const draft = await jc.put(`/api/v1/protocols/${protocolId}/draft`, {
      content: {
        participants: [
          { institutionId: jba.inst.JC.id, person: 'Frau Jobcenter' },
          { institutionId: jba.inst.JA.id, person: 'Herr Koordination' },
        ],
        situation: 'Sucht eine Ausbildung.',
        goals: ['Ausbildungsplatz'],
        measures: [
          {
            title: 'Bewerbungstraining',
            kind: 'vocational-preparation',
            institutionId: jba.inst.JC.id,
            contactName: 'Frau Jobcenter',
            startsOn: isoDate(d0),
            dueOn: isoDate(d0 + 30 * DAY_MS),
          },
        ],
        youngPersonView: 'Einverstanden.',
        youngPersonAgreed: true,
      },
    });
    expect(draft.status).toBe(200);
    expect((await jc.post(`/api/v1/tasks/${recordTask}/complete`, { variables: {} })).status).toBe(
      200,
    );
    await testEngine.advanceClock(31 * DAY_MS);
    const review = await caseTask(jc, caseId, 'Task_ReviewMeasure');

    // An English-speaking browser: still German dates.
    const english = await pageOf(jba.users.jcCaseworker, 'en-US');
    const enForm = await openTask(english, review);
    await enForm.getByLabel('nicht erledigt').check();
    const enDate = enForm.getByLabel('Neue Fälligkeit');
    await expect(enDate.getAttribute('placeholder')).resolves.toBe('TT.MM.JJJJ');
    await enDate.click();
    const enCalendar = english.locator('.flatpickr-calendar.open');
    await enCalendar.waitFor();
    await expect(enCalendar.locator('.flatpickr-weekday').first().textContent()).resolves.toMatch(
      /^\s*Mo\s*$/,
    );
    await enDate.fill('24.12.2030');
    await enDate.press('Enter');
    await expect(enDate.inputValue()).resolves.toBe('24.12.2030');

    // A German browser, as staff use it.
    const page = await pageOf(jba.users.jcCaseworker);
    const form = await openTask(page, review);
    await expect(form.locator('form').evaluate(noValidate)).resolves.toBe(true);
    await form.getByLabel('nicht erledigt').check();
    const date = form.getByLabel('Neue Fälligkeit');
    await expect(date.getAttribute('placeholder')).resolves.toBe('TT.MM.JJJJ');
    await date.click();
    const calendar = page.locator('.flatpickr-calendar.open');
    await calendar.waitFor();
    const weekdays = (await calendar.locator('.flatpickr-weekday').allTextContents()).map((t) =>
      t.trim(),
    );
    expect(weekdays).toEqual(['Mo', 'Di', 'Mi', 'Do', 'Fr', 'Sa', 'So']);
    const months = (
      await calendar.locator('.flatpickr-monthDropdown-months option').allTextContents()
    ).map((t) => t.trim());
    expect(months).toEqual(expect.arrayContaining(['Januar', 'März', 'Oktober', 'Dezember']));
    expect(months.join(' ')).not.toMatch(/January|March|October|December/);
    await expect(calendar.getByLabel('Monat').count()).resolves.toBe(1);
    await expect(calendar.getByLabel('Jahr').count()).resolves.toBe(1);
    // The days are named in German for screen readers ("Montag, 1. Dezember 2026").
    const dayLabel = await calendar
      .locator('.flatpickr-day:not(.prevMonthDay):not(.nextMonthDay)')
      .first()
      .getAttribute('aria-label');
    expect(dayLabel).toMatch(
      /^(Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag), 1\. \p{L}+ \d{4}$/u,
    );
    await page.screenshot({ path: join(ARTIFACTS, 'form-date-picker.png'), fullPage: true });
    await date.press('Escape');

    // "nicht erledigt" without a new date: the server's rule, named by the field's label.
    await page.getByRole('button', { name: 'Abschließen' }).click();
    const summary = page.locator('.field-errors');
    await summary.waitFor();
    const text = (await summary.textContent()) ?? '';
    expect(text).toContain('Neue Fälligkeit');
    expect(text).not.toContain('newDueOn');

    // A German date typed in is taken as that day.
    const due = new Date((await engineNow()) + 14 * DAY_MS);
    const [y, m, d] = isoDate(due.getTime()).split('-');
    await date.fill(`${d}.${m}.${y}`);
    await date.press('Enter');
    await expect(date.inputValue()).resolves.toBe(`${d}.${m}.${y}`);
    await page.getByRole('button', { name: 'Abschließen' }).click();
    await page.getByText('Aufgabe abgeschlossen.').waitFor();
    expect((await jc.get(`/api/v1/tasks/${review}`)).body.state).toBe('completed');
    await eventually(
      async () =>
        JSON.stringify((await jc.get(`/api/v1/referrals/${caseId}/follow-up`)).body).includes(
          `"newDueOn":"${y}-${m}-${d}"`,
        ) || undefined,
      { what: 'the review to record the new due date as typed' },
    );
  });

  it('ran every page above under the Content-Security-Policy', () => {
    expect(pages.cspViolations).toEqual([]);
  });
});
