import {
  Api,
  DAY_MS,
  eventually,
  Lotse,
  mailbox,
  signIn,
  startLotse,
  testEngine,
} from '../harness/lotse';
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
import { pdfText } from '../harness/pdf';

/**
 * After the conference, on the real engine with its clock moved: the protocol is written
 * (draft, double-support warning, finalized), distributed by consent (a link, no personal data
 * in the mail; the PDF for named institutions only), its measures are reviewed at their due
 * dates (one review overdue and escalated to the coordination), the case goes to a second
 * conference and is closed with an outcome.
 */
describe('Protocol, distribution and follow-up (engine clock)', () => {
  let lotse: Lotse;
  let jba: TestJba;
  let jc: Api;
  let coordinator: Api;
  let aa: Api;

  beforeAll(async () => {
    lotse = await startLotse();
    jba = await createJba(lotse.db);
    jc = await signIn(lotse.baseUrl, jba.users.jcCaseworker);
    coordinator = await signIn(lotse.baseUrl, jba.users.jaCoordinator);
    aa = await signIn(lotse.baseUrl, jba.users.aaCaseworker);
  });
  afterAll(() => lotse?.close());

  const statusOf = async (id: string) => (await jc.get(`/api/v1/referrals/${id}`)).body.status;

  it('from the protocol to a closed case with an outcome', async () => {
    // The case: the consent names the job centre and the Jugendamt for everything, not the AA.
    const person = { firstName: 'Jana', lastName: `Protokoll-${Date.now()}` };
    const created = await jc.post(
      '/api/v1/referrals',
      followUpReferral(
        jba,
        { shortDescription: 'Vertraulich: Schulabbruch nach Umzug, sucht Ausbildung' },
        person,
      ),
    );
    expect(created.status).toBe(202);
    const caseId: string = created.body.id;
    // Another case in the same conference, whose data must not end up in this protocol.
    const other = await jc.post(
      '/api/v1/referrals',
      referralIn(
        jba,
        [jba.inst.JC.id, jba.inst.JA.id],
        { referredOn: isoDaysAgo(3) },
        {
          firstName: 'Otto',
          lastName: 'Anderer-Fall',
        },
      ),
    );
    expect(other.status).toBe(202);
    await eventually(
      async () =>
        (await Promise.all([caseId, other.body.id].map(statusOf))).every(
          (s) => s === 'awaiting-conference',
        ) || undefined,
      { what: 'both cases to wait for a conference' },
    );

    // The same young person already has a measure of the AA in another case (Doppelförderung).
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
    const [{ birth_date: birthDate }] = await lotse.db.query(
      `select to_char(y.birth_date, 'YYYY-MM-DD') as birth_date from referral r join young_person y on y.id = r.young_person_id where r.id = $1`,
      [caseId],
    );
    await lotse.db.query(
      `update young_person set birth_date = $2 where id = (select young_person_id from referral where id = $1)`,
      [elsewhere.body.id, birthDate],
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

    // An offer of the job centre, to pick in the protocol.
    const offer = await jc.post('/api/v1/offers', {
      institutionId: jba.inst.JC.id,
      name: 'Berufsvorbereitung im Jobcenter',
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
      caseIds: [caseId, other.body.id],
      present: [jba.inst.JA.id, jba.inst.JC.id, jba.inst.AA.id],
    });
    await eventually(async () => (await statusOf(caseId)) === 'discussed' || undefined, {
      what: 'the case to be discussed',
    });

    // *Protokoll erfassen* for the referrer.
    const recordTask = await caseTask(jc, caseId, 'Task_RecordProtocol');
    const recordDetail = (await jc.get(`/api/v1/tasks/${recordTask}`)).body;
    expect(recordDetail.name).toBe('Protokoll erfassen');
    const protocolId: string = recordDetail.form.data.protocolId;
    const editor = (await jc.get(`/api/v1/protocols/${protocolId}`)).body;
    expect(editor.state).toBe('draft');
    const receives = Object.fromEntries(
      editor.institutions.map((i: { id: string; receivesProtocol: boolean }) => [
        i.id,
        i.receivesProtocol,
      ]),
    );
    expect(receives[jba.inst.JA.id]).toBe(true);
    expect(receives[jba.inst.AA.id]).toBe(false);
    // Institutions the consent does not name do not see the protocol.
    expect((await aa.get(`/api/v1/protocols/${protocolId}`)).status).toBe(404);

    const d0 = await engineNow();
    const content = {
      participants: [
        { institutionId: jba.inst.JC.id, person: 'Frau Jobcenter' },
        { institutionId: jba.inst.JA.id, person: 'Herr Koordination' },
        { institutionId: jba.inst.AA.id, person: null },
      ],
      situation: 'Jana hat die Schule nach einem Umzug abgebrochen und sucht eine Ausbildung.',
      goals: [],
      measures: [
        {
          title: 'Teilnahme an der Berufsvorbereitung',
          kind: 'vocational-preparation',
          offerId: offer.body.id,
          institutionId: jba.inst.JC.id,
          contactName: 'Frau Jobcenter',
          startsOn: isoDate(d0),
          dueOn: isoDate(d0 + 30 * DAY_MS),
        },
        {
          title: 'Beratung zur Wohnsituation',
          kind: 'housing',
          institutionId: jba.inst.JA.id,
          contactName: 'Herr Koordination',
          startsOn: isoDate(d0),
          dueOn: isoDate(d0 + 30 * DAY_MS),
        },
      ],
      youngPersonView: 'Möchte eine Ausbildung im Handwerk.',
      youngPersonAgreed: true,
    };
    // A draft is saved as far as it is written.
    const partial = await jc.put(`/api/v1/protocols/${protocolId}/draft`, {
      content: { measures: [{ title: 'Erst ein Titel' }] },
    });
    expect(partial.status).toBe(200);
    expect(partial.body.content.measures[0].title).toBe('Erst ein Titel');
    const saved = await jc.put(`/api/v1/protocols/${protocolId}/draft`, { content });
    expect(saved.status).toBe(200);
    expect(saved.body.draftSavedAt).toBeTruthy();
    // The first measure overlaps the AA's measure of the same kind: a warning naming the AA.
    expect(saved.body.warnings).toHaveLength(1);
    expect(saved.body.warnings[0]).toMatchObject({
      measureIndex: 0,
      institutionName: jba.inst.AA.name,
    });
    expect(saved.body.warnings[0].message).toContain('Doppelförderung');

    // Finalizing checks the protocol: the goals are missing.
    const incomplete = await jc.post(`/api/v1/tasks/${recordTask}/complete`, { variables: {} });
    expect(incomplete.status).toBe(400);
    expect(incomplete.body.errors.map((e: { field: string }) => e.field)).toContain(
      'content.goals',
    );
    const bad = await jc.put(`/api/v1/protocols/${protocolId}/draft`, {
      content: { ...content, measures: [{ ...content.measures[0], dueOn: '31.12.2027' }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toContain(
      'content.measures.0.dueOn',
    );

    // A measure can only go to an institution the consent names (it will see the case's data).
    await jc.put(`/api/v1/protocols/${protocolId}/draft`, {
      content: {
        ...content,
        goals: ['Ausbildungsplatz im Handwerk'],
        measures: [{ ...content.measures[1], institutionId: jba.inst.AA.id }],
      },
    });
    const unnamed = await jc.post(`/api/v1/tasks/${recordTask}/complete`, { variables: {} });
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'content.measures.0.institutionId',
    ]);

    await jc.put(`/api/v1/protocols/${protocolId}/draft`, {
      content: { ...content, goals: ['Ausbildungsplatz im Handwerk', 'Stabile Wohnsituation'] },
    });
    const finalized = await jc.post(`/api/v1/tasks/${recordTask}/complete`, { variables: {} });
    expect(finalized.status).toBe(200);
    // A finished protocol is immutable: no more drafts.
    const late = await jc.put(`/api/v1/protocols/${protocolId}/draft`, { content });
    expect(late.status).toBe(409);

    // Distribution: JC and JA get a link, no personal data; the AA gets nothing.
    const reference: string = created.body.reference;
    const protocolMails = await eventually(
      async () => {
        const m = (await mailbox.all({ subject: `Protokoll zu Fall ${reference}` })).filter((x) =>
          x.text.includes(reference),
        );
        return m.length >= 2 ? m : undefined;
      },
      { what: 'the protocol mails' },
    );
    expect(protocolMails.map((m) => m.to[0]).sort()).toEqual(
      [jba.inst.JA.email, jba.inst.JC.email].sort(),
    );
    for (const m of protocolMails) {
      expect(m.text).toContain(`http://lotse.test/faelle/${caseId}`);
      expect(m.text).not.toContain(person.lastName);
      expect(m.text).not.toContain('Jana');
      expect(m.text).not.toContain('Schulabbruch');
      expect(m.text).not.toContain('Berufsvorbereitung');
    }
    expect(protocolMails.flatMap((m) => m.attachments)).toEqual([]);
    await eventually(async () => (await statusOf(caseId)) === 'follow-up' || undefined, {
      what: 'the case to be in follow-up',
    });
    const followUp = (await jc.get(`/api/v1/referrals/${caseId}/follow-up`)).body;
    const v1 = followUp.protocols[0].versions[0];
    expect(v1.version).toBe(1);
    expect(v1.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(
      v1.deliveries.map((d: { institutionName: string; status: string }) => [
        d.institutionName,
        d.status,
      ]),
    ).toEqual(
      expect.arrayContaining([
        [jba.inst.JC.name, 'sent'],
        [jba.inst.JA.name, 'sent'],
        [jba.inst.AA.name, 'refused'],
      ]),
    );

    // The PDF: for the Jugendamt (named), not for the AA (404); every download recorded.
    const pdf = await coordinator.bytes(v1.pdfHref);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toContain('application/pdf');
    expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await pdfText(pdf.body);
    for (const heading of ['Protokoll der Fallkonferenz', 'Teilnehmende', 'Ziele', 'Maßnahmen'])
      expect(text).toContain(heading);
    expect(text).toContain('Teilnahme an der Berufsvorbereitung');
    expect(text).toContain('Beratung zur Wohnsituation');
    expect(text).toContain('Ausbildungsplatz im Handwerk');
    expect(text).toContain(reference);
    expect(text).not.toContain('Otto');
    expect(text).not.toContain('Anderer-Fall');
    expect((await aa.bytes(v1.pdfHref)).status).toBe(404);
    const tooLarge = await coordinator.get(
      `/api/v1/protocols/${protocolId}/versions/99999999999/pdf`,
    );
    expect(tooLarge.status).toBe(400);
    expect(tooLarge.body.errors[0].field).toBe('version');
    const [{ n: downloads }] = await lotse.db.query(
      `select count(*)::int as n from protocol_download d join protocol_version v on v.id = d.protocol_version_id where v.protocol_id = $1`,
      [protocolId],
    );
    expect(downloads).toBe(1);
    const [{ n: audited }] = await lotse.db.query(
      `select count(*)::int as n from audit_entry where action = 'protocol-downloaded' and referral_id = $1`,
      [caseId],
    );
    expect(audited).toBe(1);

    // A correction makes version 2 with its reason and goes out again; the measures stay.
    const current = (await jc.get(`/api/v1/protocols/${protocolId}`)).body;
    expect(current.state).toBe('final');
    expect(current.content.measures.every((x: { id: string }) => !!x.id)).toBe(true);
    const noReason = await jc.post(`/api/v1/protocols/${protocolId}/corrections`, {
      reason: '',
      content: current.content,
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0].field).toBe('reason');
    const corrected = await jc.post(`/api/v1/protocols/${protocolId}/corrections`, {
      reason: 'Ansprechperson im Jugendamt berichtigt',
      content: {
        ...current.content,
        measures: current.content.measures.map((x: Record<string, unknown>, i: number) =>
          i === 1 ? { ...x, contactName: 'Frau Koordination' } : x,
        ),
      },
    });
    expect(corrected.status).toBe(201);
    expect(corrected.body.protocols[0].currentVersion).toBe(2);
    expect(corrected.body.protocols[0].versions[1].correctionReason).toBe(
      'Ansprechperson im Jugendamt berichtigt',
    );
    expect(corrected.body.measures).toHaveLength(2);
    const correctionMails = await eventually(
      async () => {
        const m = await mailbox.all({ subject: `Berichtigtes Protokoll zu Fall ${reference}` });
        return m.length >= 2 ? m : undefined;
      },
      { what: 'the corrected protocol mails' },
    );
    expect(correctionMails.map((m) => m.to[0]).sort()).toEqual(
      [jba.inst.JA.email, jba.inst.JC.email].sort(),
    );
    const v2 = await coordinator.bytes(`/api/v1/protocols/${protocolId}/versions/2/pdf`);
    expect(await pdfText(v2.body)).toContain('Ansprechperson im Jugendamt berichtigt');

    // Follow-up: at the measures' due date both responsible institutions review.
    await testEngine.advanceClock(31 * DAY_MS);
    const jcReview = await caseTask(jc, caseId, 'Task_ReviewMeasure');
    const jcReviewForm = (await jc.get(`/api/v1/tasks/${jcReview}`)).body.form.data;
    expect(jcReviewForm.measureTitle).toBe('Teilnahme an der Berufsvorbereitung');
    const noDate = await jc.post(`/api/v1/tasks/${jcReview}/complete`, {
      variables: { result: 'not-done' },
    });
    expect(noDate.status).toBe(400);
    expect(noDate.body.errors[0].field).toBe('newDueOn');
    expect(
      (
        await jc.post(`/api/v1/tasks/${jcReview}/complete`, {
          variables: { result: 'done', note: 'Platz angetreten' },
        })
      ).status,
    ).toBe(200);

    // The Jugendamt's review stays undone: after the escalation delay it goes to the coordination.
    await testEngine.advanceClock(15 * DAY_MS);
    const escalated = await caseTask(coordinator, caseId, 'Task_ReviewMeasureEscalated');
    const overdue = await eventually(
      async () => {
        const m = (await mailbox.all({ subject: `Überprüfung überfällig` })).filter((x) =>
          x.text.includes(reference),
        );
        return m.length ? m : undefined;
      },
      { what: 'the escalation mail' },
    );
    expect(overdue[0].to[0]).toBe(jba.inst.JA.email);
    expect(overdue[0].text).not.toContain('Wohnsituation');
    const later = isoDate((await engineNow()) + 20 * DAY_MS);
    expect(
      (
        await coordinator.post(`/api/v1/tasks/${escalated}/complete`, {
          variables: { result: 'not-done', newDueOn: later, note: 'Termin verschoben' },
        })
      ).status,
    ).toBe(200);

    // All reviewed: the referrer refers the case to the next conference.
    const decide = await caseTask(jc, caseId, 'Task_DecideFollowUp');
    expect(
      (
        await jc.post(`/api/v1/tasks/${decide}/complete`, {
          variables: { decision: 'close' },
        })
      ).body.errors?.[0]?.field,
    ).toBe('outcome');
    expect(
      (
        await jc.post(`/api/v1/tasks/${decide}/complete`, {
          variables: { decision: 'refer-again', note: 'Wohnsituation erneut besprechen' },
        })
      ).status,
    ).toBe(200);
    await eventually(async () => (await statusOf(caseId)) === 'awaiting-conference' || undefined, {
      what: 'the case to wait for a conference again',
    });

    // The second conference: a short protocol; the open measure is reviewed again.
    await holdConference({
      coordinator,
      observer: jc,
      caseIds: [caseId],
      present: [jba.inst.JA.id, jba.inst.JC.id, jba.inst.AA.id],
    });
    const second = await caseTask(jc, caseId, 'Task_RecordProtocol');
    const secondId: string = (await jc.get(`/api/v1/tasks/${second}`)).body.form.data.protocolId;
    expect(secondId).not.toBe(protocolId);
    await jc.put(`/api/v1/protocols/${secondId}/draft`, {
      content: {
        participants: [{ institutionId: jba.inst.JA.id }, { institutionId: jba.inst.JC.id }],
        situation: 'Wohnsituation weiter offen.',
        goals: ['Wohnung finden'],
        measures: [],
      },
    });
    expect((await jc.post(`/api/v1/tasks/${second}/complete`, { variables: {} })).status).toBe(200);
    await eventually(async () => (await statusOf(caseId)) === 'follow-up' || undefined, {
      what: 'the follow-up after the second conference',
    });
    await testEngine.advanceClock(21 * DAY_MS);
    const lastReview = await caseTask(coordinator, caseId, 'Task_ReviewMeasure');
    expect(
      (
        await coordinator.post(`/api/v1/tasks/${lastReview}/complete`, {
          variables: { result: 'done' },
        })
      ).status,
    ).toBe(200);
    const finalDecision = await caseTask(jc, caseId, 'Task_DecideFollowUp');
    expect(
      (
        await jc.post(`/api/v1/tasks/${finalDecision}/complete`, {
          variables: { decision: 'close', outcome: 'training' },
        })
      ).status,
    ).toBe(200);

    const closed = await eventually(
      async () => {
        const r = (await jc.get(`/api/v1/referrals/${caseId}`)).body;
        return r.status === 'closed' ? r : undefined;
      },
      { what: 'the case to be closed' },
    );
    expect(closed.statusLabel).toBe('Abgeschlossen');
    expect(closed.openTasks).toEqual([]);
    const history = (await jc.get(`/api/v1/referrals/${caseId}/follow-up`)).body;
    expect(history.outcomeLabel).toBe('Ausbildung');
    // A closed case's protocols stay as they are.
    expect(history.protocols.map((p: { correctable: boolean }) => p.correctable)).toEqual([
      false,
      false,
    ]);
    expect(history.protocols).toHaveLength(2);
    expect(
      history.measures.map((m: { title: string; status: string }) => [m.title, m.status]),
    ).toEqual([
      ['Teilnahme an der Berufsvorbereitung', 'done'],
      ['Beratung zur Wohnsituation', 'done'],
    ]);
    const housing = history.measures[1];
    expect(housing.reviews.map((r: { escalated: boolean }) => r.escalated)).toEqual([true, false]);
    expect(history.decisions.map((d: { decision: string }) => d.decision)).toEqual([
      'refer-again',
      'close',
    ]);
  });
  it('sends the PDF as an attachment where the JBA allows it', async () => {
    const other = await createJba(lotse.db);
    const admin = await signIn(lotse.baseUrl, other.users.jaAdmin);
    const setting = await admin.patch('/api/v1/jba/settings', { protocolPdfAttachment: true });
    expect(setting.status).toBe(200);
    expect(setting.body.protocolPdfAttachment).toBe(true);
    const referrer = await signIn(lotse.baseUrl, other.users.jcCaseworker);
    const coordination = await signIn(lotse.baseUrl, other.users.jaCoordinator);
    const created = await referrer.post('/api/v1/referrals', followUpReferral(other));
    const caseId: string = created.body.id;
    await eventually(
      async () =>
        (await referrer.get(`/api/v1/referrals/${caseId}`)).body.status === 'awaiting-conference' ||
        undefined,
      { what: 'the case to wait for a conference' },
    );
    await holdConference({
      coordinator: coordination,
      observer: referrer,
      caseIds: [caseId],
      present: [other.inst.JA.id, other.inst.JC.id],
    });
    const record = await caseTask(referrer, caseId, 'Task_RecordProtocol');
    const protocolId = (await referrer.get(`/api/v1/tasks/${record}`)).body.form.data.protocolId;
    const d0 = await engineNow();
    await referrer.put(`/api/v1/protocols/${protocolId}/draft`, {
      content: {
        participants: [{ institutionId: other.inst.JA.id }, { institutionId: other.inst.JC.id }],
        situation: 'Sucht einen Praktikumsplatz.',
        goals: ['Praktikum im Einzelhandel'],
        measures: [
          {
            title: 'Praktikumssuche begleiten',
            kind: 'internship',
            institutionId: other.inst.JC.id,
            contactName: 'Herr Jobcenter',
            startsOn: isoDate(d0),
            dueOn: isoDate(d0 + 60 * DAY_MS),
          },
        ],
      },
    });
    expect(
      (await referrer.post(`/api/v1/tasks/${record}/complete`, { variables: {} })).status,
    ).toBe(200);

    const reference: string = created.body.reference;
    const mails = await eventually(
      async () => {
        const m = await mailbox.all({ subject: `Protokoll zu Fall ${reference}` });
        return m.length >= 2 ? m : undefined;
      },
      { what: 'the protocol mails with attachment' },
    );
    const version = (await referrer.get(`/api/v1/referrals/${caseId}/follow-up`)).body.protocols[0]
      .versions[0];
    expect(version.deliveries.map((d: { label: string }) => d.label)).toEqual([
      'per E-Mail mit PDF-Anhang',
      'per E-Mail mit PDF-Anhang',
    ]);
    for (const m of mails) {
      expect(m.text).toContain('als PDF bei');
      expect(m.attachments).toEqual([
        expect.objectContaining({
          filename: version.fileName,
          contentType: 'application/pdf',
          sha256: version.sha256,
        }),
      ]);
    }
    const [{ n }] = await lotse.db.query(
      `select count(*)::int as n from audit_entry where action = 'protocol-sent' and referral_id = $1`,
      [caseId],
    );
    expect(n).toBe(2);
  });
});
