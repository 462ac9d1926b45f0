import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../harness/browser';
import { Api, DAY_MS, eventually, Lotse, signIn, startLotse, testEngine } from '../harness/lotse';
import {
  caseTask,
  engineNow,
  holdConference,
  isoDate,
  followUpReferral,
  measureInAnotherCase,
} from '../harness/follow-up-fixture';
import { createJba, TestJba } from '../harness/jba-fixture';
import { isoDaysAgo, referralIn } from '../harness/fixtures';

const ARTIFACTS = join(__dirname, '../artifacts');
/**
 * The job centre writes the protocol of a conference in the browser: participants, situation, a
 * goal, a measure with an offer picked from the offers overview; the double-support warning
 * names the Agentur für Arbeit; errors of the check at finalizing show at their fields; after
 * finalizing, the case page shows the version, its distribution and the measure. Then the
 * review and the decision (Camunda Forms) are completed in the browser and the case shows its
 * outcome. Moves the engine's clock.
 */
describe('Protocol editor and follow-up in the browser (engine clock)', () => {
  let lotse: Lotse;
  let jba: TestJba;
  let jc: Api;
  let coordinator: Api;
  let aa: Api;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    lotse = await startLotse();
    jba = await createJba(lotse.db);
    jc = await signIn(lotse.baseUrl, jba.users.jcCaseworker);
    coordinator = await signIn(lotse.baseUrl, jba.users.jaCoordinator);
    aa = await signIn(lotse.baseUrl, jba.users.aaCaseworker);
    browser = await launchChromium();
    page = await browser.newPage({
      viewport: { width: 1280, height: 1000 },
      locale: 'de-DE',
      timezoneId: 'Europe/Berlin',
    });
  });
  afterAll(async () => {
    await browser?.close();
    await lotse?.close();
  });

  const statusOf = async (id: string) => (await jc.get(`/api/v1/referrals/${id}`)).body.status;

  async function signInOn(p: Page, username: string) {
    await p.goto(`${lotse.baseUrl}/anmelden`);
    await p.getByLabel('Benutzername').fill(username);
    await p.getByLabel('Passwort').fill('lotse-demo');
    await p.getByRole('button', { name: 'Anmelden' }).click();
    await p.waitForURL('**/aufgaben**');
  }

  it('records the protocol in the editor, finalizes it and follows it up', async () => {
    // The case of the job centre; the consent names the job centre and the Jugendamt.
    const person = { firstName: 'Lea', lastName: `Editor-${Date.now()}` };
    const created = await jc.post(
      '/api/v1/referrals',
      followUpReferral(
        jba,
        { shortDescription: 'Sucht nach dem Schulabschluss eine Ausbildung' },
        person,
      ),
    );
    expect(created.status).toBe(202);
    const caseId: string = created.body.id;
    const reference: string = created.body.reference;
    await eventually(async () => (await statusOf(caseId)) === 'awaiting-conference' || undefined, {
      what: 'the case to wait for a conference',
    });

    // The same young person has a measure of the AA of the same kind (Doppelförderung).
    const elsewhere = await aa.post(
      '/api/v1/referrals',
      referralIn(
        jba,
        [jba.inst.AA.id],
        { referringInstitutionId: jba.inst.AA.id, referredOn: isoDaysAgo(2) },
        person,
      ),
    );
    expect(elsewhere.status).toBe(202);
    await lotse.db.query(
      `update young_person set birth_date = (select y.birth_date from referral r join young_person y on y.id = r.young_person_id where r.id = $1)
        where id = (select young_person_id from referral where id = $2)`,
      [caseId, elsewhere.body.id],
    );
    const today = await engineNow();
    await measureInAnotherCase(lotse.db, {
      referralId: elsewhere.body.id,
      jbaId: jba.id,
      institutionId: jba.inst.AA.id,
      kind: 'vocational-preparation',
      startsOn: isoDate(today),
      dueOn: isoDate(today + 200 * DAY_MS),
    });

    // An offer of the job centre to pick in the protocol.
    const offerName = `Berufsvorbereitung im Jobcenter ${Date.now()}`;
    const offer = await jc.post('/api/v1/offers', {
      institutionId: jba.inst.JC.id,
      name: offerName,
      kind: 'vocational-preparation',
      targetGroup: 'U25 ohne Ausbildungsplatz',
      legalBasis: '§ 16 SGB II',
      contactName: 'Frau Jobcenter',
      activeFrom: isoDate(today - 30 * DAY_MS),
    });
    expect(offer.status).toBe(201);

    await holdConference({
      coordinator,
      observer: jc,
      caseIds: [caseId],
      present: [jba.inst.JA.id, jba.inst.JC.id],
    });
    const recordTask = await caseTask(jc, caseId, 'Task_RecordProtocol');
    const protocolId: string = (await jc.get(`/api/v1/tasks/${recordTask}`)).body.form.data
      .protocolId;

    // The job centre's caseworker opens "Protokoll erfassen" from the task list (the
    // institution's view: the list opens on "Meine Aufgaben").
    await signInOn(page, jba.users.jcCaseworker);
    await page.goto(`${lotse.baseUrl}/aufgaben?filter=institution`);
    const row = page.locator(`tr[data-task-id="${recordTask}"]`);
    await row.waitFor();
    await row.getByRole('link', { name: 'Protokoll erfassen' }).click();
    const editor = page.locator('#protocol-editor');
    await editor.waitFor();
    await expect(editor.textContent()).resolves.toContain(`Protokoll zu Fall ${reference}`);
    await expect(editor.textContent()).resolves.toContain('Jugendamt, Raum 3');

    // Participants: the AA is marked as not receiving the case's data.
    const participants = editor.getByRole('group', { name: 'Teilnehmende' });
    const aaBox = participants.getByRole('checkbox', {
      name: `${jba.inst.AA.name} (erhält keine Falldaten)`,
    });
    await expect(aaBox.count()).resolves.toBe(1);
    await aaBox.check();
    await participants.getByRole('checkbox', { name: jba.inst.JC.name, exact: true }).check();
    await participants.getByLabel(`Person für ${jba.inst.JC.name}`).fill('Frau Jobcenter');
    await participants.getByRole('checkbox', { name: jba.inst.JA.name, exact: true }).check();
    await editor
      .getByLabel('Ausgangslage', { exact: true })
      .fill('Lea hat den Schulabschluss und sucht eine Ausbildung im Handwerk.');

    // A measure with the offer picked from the overview: it sets the kind and the institution.
    const d0 = await engineNow();
    await editor.getByRole('button', { name: 'Maßnahme hinzufügen' }).click();
    const measure = editor.getByRole('group', { name: 'Maßnahme 1' });
    await measure.getByLabel('Beginn', { exact: true }).fill(isoDate(d0));
    await measure.getByLabel('Fällig bis', { exact: true }).fill(isoDate(d0 + 30 * DAY_MS));
    await measure
      .getByRole('combobox', { name: 'Angebot' })
      .fill('Berufsvorbereitung im Jobcenter');
    await measure.getByRole('option', { name: new RegExp(offerName) }).click();
    await expect(measure.getByLabel('Titel', { exact: true }).inputValue()).resolves.toBe(
      offerName,
    );
    await measure.getByLabel('Titel', { exact: true }).fill('Teilnahme an der Berufsvorbereitung');
    await expect(measure.getByLabel('Art', { exact: true }).inputValue()).resolves.toBe(
      'vocational-preparation',
    );
    await expect(
      measure.getByLabel('Zuständige Institution', { exact: true }).inputValue(),
    ).resolves.toBe(jba.inst.JC.id);
    await measure.getByLabel('Ansprechperson', { exact: true }).fill('Frau Jobcenter');
    await editor.getByLabel('Sicht des jungen Menschen').fill('Möchte Tischlerin werden.');
    await editor.getByRole('group', { name: 'Einverstanden' }).getByLabel('ja').check();
    await page.screenshot({ path: join(ARTIFACTS, 'protocol-editor.png'), fullPage: true });

    // Saving the draft: the measure overlaps the AA's measure of the same kind.
    await editor.getByRole('button', { name: 'Entwurf speichern' }).click();
    await editor.getByText(/Entwurf gespeichert um \d{2}:\d{2}/).waitFor();
    const warning = measure.getByRole('alert');
    await warning.waitFor();
    await expect(warning.textContent()).resolves.toContain('Mögliche Doppelförderung');
    await expect(warning.textContent()).resolves.toContain(jba.inst.AA.name);
    await warning.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, 'protocol-warning.png'), fullPage: true });
    const draft = (await jc.get(`/api/v1/protocols/${protocolId}`)).body;
    expect(draft.content.measures[0]).toMatchObject({
      title: 'Teilnahme an der Berufsvorbereitung',
      offerId: offer.body.id,
      institutionId: jba.inst.JC.id,
    });
    expect(draft.content.participants).toHaveLength(3);
    expect(draft.content.participants).toEqual(
      expect.arrayContaining([
        { institutionId: jba.inst.JC.id, person: 'Frau Jobcenter' },
        { institutionId: jba.inst.JA.id, person: null },
        { institutionId: jba.inst.AA.id, person: null },
      ]),
    );

    // Finalizing checks the protocol: no goal yet, the due date before the start.
    await measure.getByLabel('Fällig bis', { exact: true }).fill(isoDate(d0 - DAY_MS));
    await editor.getByRole('button', { name: 'Protokoll abschließen' }).click();
    await editor.getByText('Bitte prüfen Sie:').waitFor();
    await expect(editor.getByRole('group', { name: /^Ziele/ }).textContent()).resolves.toContain(
      'Mindestens ein Ziel fehlt.',
    );
    await expect(measure.textContent()).resolves.toContain('Die Fälligkeit liegt vor dem Beginn.');
    await expect(
      measure.getByLabel('Fällig bis', { exact: true }).getAttribute('aria-invalid'),
    ).resolves.toBe('true');

    await measure.getByLabel('Fällig bis', { exact: true }).fill(isoDate(d0 + 30 * DAY_MS));
    await editor.getByLabel('Ziel 1', { exact: true }).fill('Ausbildungsplatz im Handwerk');
    await editor.getByRole('button', { name: 'Protokoll abschließen' }).click();
    await page.waitForURL(`**/faelle/${caseId}`);
    await page.getByText('Das Protokoll ist abgeschlossen').waitFor();

    // The case page: version 1, its distribution by consent, the measure.
    await eventually(
      async () => {
        const f = (await jc.get(`/api/v1/referrals/${caseId}/follow-up`)).body;
        return f.protocols[0]?.versions[0]?.deliveries.length >= 3 || undefined;
      },
      { what: 'the protocol to be distributed' },
    );
    await page.reload();
    // The case page names the conference it was discussed at, with a link to it (issue 13).
    const conferenceFact = page.getByTestId('case-conference');
    await expect(conferenceFact.textContent()).resolves.toContain('(besprochen)');
    await expect(conferenceFact.getByRole('link').getAttribute('href')).resolves.toMatch(
      /^\/konferenzen\/[0-9a-f-]{36}$/,
    );
    const history = page.locator('section.case-follow-up');
    await history.getByText('Version 1', { exact: true }).waitFor();
    const text = await history.textContent();
    expect(text).toContain(`an ${jba.inst.JC.name}: per E-Mail mit Link`);
    expect(text).toContain(`an ${jba.inst.JA.name}: per E-Mail mit Link`);
    expect(text).toContain(`an ${jba.inst.AA.name}: nicht versandt: keine Einwilligung`);
    expect(text).toContain('Teilnahme an der Berufsvorbereitung');
    expect(text).toContain(offerName);
    await expect(history.getByRole('link', { name: /PDF herunterladen/ }).count()).resolves.toBe(1);
    await expect(history.getByRole('button', { name: 'Berichtigen' }).count()).resolves.toBe(1);
    const sha = (await jc.get(`/api/v1/referrals/${caseId}/follow-up`)).body.protocols[0]
      .versions[0].sha256;
    await expect(history.locator(`code[title="${sha}"]`).count()).resolves.toBe(1);

    // The PDF link downloads with the session cookie.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      history.getByRole('link', { name: /PDF herunterladen/ }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    await page.screenshot({ path: join(ARTIFACTS, 'case-history.png'), fullPage: true });

    // Berichtigen: the current content prefilled, a reason, a new version.
    await history.getByRole('button', { name: 'Berichtigen' }).click();
    const correction = history.getByRole('form', { name: /Berichtigung des Protokolls/ });
    await correction.waitFor();
    const corrected = correction.getByRole('group', { name: 'Maßnahme 1' });
    await expect(corrected.getByLabel('Titel', { exact: true }).inputValue()).resolves.toBe(
      'Teilnahme an der Berufsvorbereitung',
    );
    await expect(corrected.getByRole('combobox', { name: 'Angebot' }).inputValue()).resolves.toBe(
      offerName,
    );
    await correction
      .getByLabel('Grund der Berichtigung', { exact: true })
      .fill('Ansprechperson war falsch erfasst');
    await corrected.getByLabel('Ansprechperson', { exact: true }).fill('Herr Jobcenter');
    await correction.getByRole('button', { name: 'Berichtigung speichern' }).click();
    await history.getByText('als Version 2 gespeichert').waitFor();
    await history.getByText('Berichtigung: Ansprechperson war falsch erfasst').waitFor();
    await expect(history.textContent()).resolves.toContain('Herr Jobcenter');

    // At the due date: the review (a Camunda Form) in the browser.
    await testEngine.advanceClock(31 * DAY_MS);
    const review = await caseTask(jc, caseId, 'Task_ReviewMeasure');
    await page.goto(`${lotse.baseUrl}/aufgaben/${review}`);
    const reviewForm = page.locator('#task-form[data-ready="true"]');
    await reviewForm.waitFor();
    await reviewForm.getByLabel('erledigt', { exact: true }).check();
    await reviewForm.getByLabel('Notiz').fill('Platz angetreten');
    await page.getByRole('button', { name: 'Abschließen' }).click();
    await page.getByText('Aufgabe abgeschlossen.').waitFor();

    // The decision: close the case with its outcome.
    const decide = await caseTask(jc, caseId, 'Task_DecideFollowUp');
    await page.goto(`${lotse.baseUrl}/aufgaben/${decide}`);
    const decideForm = page.locator('#task-form[data-ready="true"]');
    await decideForm.waitFor();
    await decideForm.getByLabel('Fall abschließen').check();
    // form-js's select: a display to open, a list to pick from.
    const outcomeId = await decideForm.getByLabel('Verbleib').getAttribute('id');
    await decideForm.locator(`[id="${outcomeId}-display"]`).click();
    await decideForm.locator('.fjs-dropdownlist').getByText('Ausbildung', { exact: true }).click();
    await page.getByRole('button', { name: 'Abschließen' }).click();
    await page.getByText('Aufgabe abgeschlossen.').waitFor();

    await eventually(async () => (await statusOf(caseId)) === 'closed' || undefined, {
      what: 'the case to be closed',
    });
    await page.goto(`${lotse.baseUrl}/faelle/${caseId}`);
    await page.getByText('Verbleib: Ausbildung').first().waitFor();
    const closed = await page.locator('section.case-follow-up').textContent();
    expect(closed).toContain('Platz angetreten');
    expect(closed).toContain('Fall abschließen');
    await expect(
      page.locator('section.case-follow-up').getByRole('button', { name: 'Berichtigen' }).count(),
    ).resolves.toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'case-closed.png'), fullPage: true });
  });
});
