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
import { createJba, TestJba } from '../harness/jba-fixture';
import { isoDaysAgo, referralIn } from '../harness/fixtures';
import { ConferenceCycleService } from '@lotse/conference';

/**
 * The quarterly rhythm on the real engine, with the engine's clock moved instead of waiting
 * for weeks: call for referrals, agenda, selection when over capacity, invitations by consent,
 * the conference itself, and cancellation.
 */
describe('Conference cycle (engine clock)', () => {
  let lotse: Lotse;

  beforeAll(async () => {
    lotse = await startLotse();
  });
  afterAll(() => lotse?.close());

  /** "Now" for planning: the later of the wall clock and the engine's (moved) clock. */
  async function base(): Promise<number> {
    return Math.max(Date.now(), (await testEngine.now()).getTime());
  }

  async function referCases(
    jba: TestJba,
    api: Api,
    n: number,
    recipientsOf: (i: number) => string[],
    extra: (i: number) => Record<string, unknown> = () => ({}),
  ) {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      // Older referrals first: referral dates a few days apart.
      const res = await api.post(
        '/api/v1/referrals',
        referralIn(
          jba,
          recipientsOf(i),
          { referredOn: isoDaysAgo(20 - i), ...extra(i) },
          { firstName: `Person${i + 1}` },
        ),
      );
      expect(res.status).toBe(202);
      ids.push(res.body.id);
    }
    await eventually(
      async () => {
        const all = await Promise.all(ids.map((id) => api.get(`/api/v1/referrals/${id}`)));
        return all.every((r) => r.body.status === 'awaiting-conference');
      },
      { what: 'all referrals to wait for a conference' },
    );
    return ids;
  }

  const statusOf = async (api: Api, id: string) =>
    (await api.get(`/api/v1/referrals/${id}`)).body.status as string;

  async function taskOf(api: Api, conferenceId: string, elementId: string): Promise<string> {
    return eventually(
      async () => {
        const list = await api.get(`/api/v1/tasks?type=${elementId}&pageSize=100`);
        return (list.body.items as Array<{ id: string; conferenceId: string }>).find(
          (t) => t.conferenceId === conferenceId,
        )?.id;
      },
      { what: `task ${elementId}` },
    );
  }

  it('with 7 waiting cases and room for 5: asks the coordinator to select, carries 2 over, invites the right recipients', async () => {
    const jba = await createJba(lotse.db);
    const jc = await signIn(lotse.baseUrl, jba.users.jcCaseworker);
    const coordinator = await signIn(lotse.baseUrl, jba.users.jaCoordinator);
    // Every consent names the job centre and the Jugendamt; case 3 also names the employment agency.
    const caseIds = await referCases(
      jba,
      jc,
      7,
      (i) =>
        i === 2
          ? [jba.inst.JC.id, jba.inst.JA.id, jba.inst.AA.id]
          : [jba.inst.JC.id, jba.inst.JA.id],
      (i) => (i === 0 ? { youngPersonAttends: true } : {}),
    );
    await lotse.db.query(
      `update young_person set email = 'person1@mail.test' where id = (select young_person_id from referral where id = $1)`,
      [caseIds[0]],
    );

    const t0 = await base();
    const startsAt = new Date(t0 + 40 * DAY_MS);
    const planned = await coordinator.post('/api/v1/conferences', {
      kind: 'regular',
      startsAt: startsAt.toISOString(),
      durationMinutes: 120,
      place: 'Rathaus, Sitzungssaal 2',
      capacity: 5,
      referralDeadline: new Date(t0 + 30 * DAY_MS).toISOString(),
    });
    expect(planned.status).toBe(201);
    const conferenceId: string = planned.body.id;
    expect(planned.body).toMatchObject({
      status: 'planned',
      statusLabel: 'Geplant',
      capacity: 5,
      kindLabel: 'regulär',
    });
    // The call goes out 28 days before the date.
    expect(new Date(planned.body.callForReferralsAt).getTime()).toBe(
      startsAt.getTime() - 28 * DAY_MS,
    );

    // Call for referrals to every partner of this JBA, after the lead time.
    await testEngine.advanceClock(13 * DAY_MS);
    const calls = await eventually(
      async () => {
        const m = (await mailbox.all({ subject: 'Aufforderung zur Fallmeldung' })).filter(
          (x) => x.to[0].endsWith('partner.test') && x.text.includes(jba.name),
        );
        return m.length === 5 ? m : undefined;
      },
      { what: 'the call for referrals to all five partners' },
    );
    expect(calls.map((m) => m.to[0]).sort()).toEqual(
      Object.values(jba.inst)
        .map((i) => i.email)
        .sort(),
    );

    // Referral deadline: 7 wait, room for 5 → the coordinator selects.
    await testEngine.advanceClock(18 * DAY_MS);
    const selectTask = await taskOf(coordinator, conferenceId, 'Task_SelectCases');
    const detail = (await coordinator.get(`/api/v1/tasks/${selectTask}`)).body;
    expect(detail.form.formId).toBe('select-cases');
    expect(detail.form.data).toMatchObject({ capacity: 5, waitingCount: 7 });
    const options = detail.form.data.caseOptions as Array<{ value: string; label: string }>;
    expect(options.map((o) => o.value)).toEqual(caseIds); // oldest first
    expect(options[0].label).toContain('Person1'); // the consent names the Jugendamt
    // Caseworkers of other institutions do not see the coordinator's task.
    expect((await jc.get(`/api/v1/tasks/${selectTask}`)).status).toBe(404);

    const tooMany = await coordinator.post(`/api/v1/tasks/${selectTask}/complete`, {
      variables: { selectedCases: caseIds.slice(0, 6) },
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors[0].field).toBe('selectedCases');

    const chosen = [caseIds[0], caseIds[2], caseIds[3], caseIds[5], caseIds[6]];
    const carried = [caseIds[1], caseIds[4]];
    const done = await coordinator.post(`/api/v1/tasks/${selectTask}/complete`, {
      variables: { selectedCases: chosen },
    });
    expect(done.status).toBe(200);

    // The chosen cases' processes received case-scheduled; the others still wait.
    await eventually(
      async () =>
        (await Promise.all(chosen.map((id) => statusOf(jc, id)))).every((s) => s === 'scheduled'),
      {
        what: 'the chosen cases to be scheduled',
      },
    );
    for (const id of carried) expect(await statusOf(jc, id)).toBe('awaiting-conference');
    // The case page names its conference (issue 13); a carried-over case has none yet.
    const scheduledCase = (await jc.get(`/api/v1/referrals/${chosen[0]}`)).body;
    expect(scheduledCase.conference).toEqual({
      id: conferenceId,
      startsAt: expect.any(String),
      endsAt: expect.any(String),
      place: 'Rathaus, Sitzungssaal 2',
      discussed: false,
    });
    expect((await jc.get(`/api/v1/referrals/${carried[0]}`)).body.conference).toBeNull();
    const agenda = (await coordinator.get(`/api/v1/conferences/${conferenceId}`)).body;
    expect(
      agenda.agenda
        .filter((a: { state: string }) => a.state === 'carried-over')
        .map((a: { caseId: string }) => a.caseId)
        .sort(),
    ).toEqual([...carried].sort());

    // Invitations: the coordinator (JA), the referrer (JC), the AA named by case 3's consent; not BK or JMD.
    const invitations = await eventually(
      async () => {
        const m = (await mailbox.all({ subject: 'Einladung: Fallkonferenz' })).filter((x) =>
          x.text.includes(jba.name),
        );
        return m.length === 3 ? m : undefined;
      },
      { what: 'three invitations' },
    );
    const to = (i: { email: string }) => invitations.find((m) => m.to[0] === i.email)!;
    expect(invitations.map((m) => m.to[0]).sort()).toEqual(
      [jba.inst.AA.email, jba.inst.JA.email, jba.inst.JC.email].sort(),
    );
    for (const n of [1, 3, 4, 6, 7]) expect(to(jba.inst.JC).text).toContain(`Person${n}`);
    expect(to(jba.inst.JC).text).not.toContain('Person2');
    expect(to(jba.inst.AA).text).toContain('Person3');
    for (const n of [1, 4, 6, 7]) expect(to(jba.inst.AA).text).not.toContain(`Person${n}`);
    expect(to(jba.inst.AA).text).toContain(
      'Angaben nur für die in der Einwilligung genannten Stellen',
    );
    // The young person's invitation is a mail of the same step, delivered on its own.
    const youngPerson = await eventually(
      async () => {
        const m = await mailbox.all({ to: 'person1@mail.test' });
        return m.length > 0 ? m : undefined;
      },
      { what: "the young person's invitation" },
    );
    expect(youngPerson).toHaveLength(1);
    expect(youngPerson[0].subject).toContain('Einladung zu Ihrer Fallkonferenz');
    const audited = await lotse.db.query(
      `select count(*)::int as n from audit_entry where action = 'personal-data-mailed' and recipient_institution_id = $1`,
      [jba.inst.AA.id],
    );
    expect(audited[0].n).toBe(1);

    // The engine delivers a task at least once: the same step handled again sends nothing more.
    const cycle = lotse.worker!.get(ConferenceCycleService);
    // (mails of this JBA only: moving the clock also fires other tests' reminders meanwhile)
    const ours = async () => (await mailbox.all()).filter((m) => m.text.includes(jba.name)).length;
    const before = await ours();
    const [{ process_instance_id: processInstanceId }] = await lotse.db.query(
      `select process_instance_id from conference where id = $1`,
      [conferenceId],
    );
    await cycle.sendInvitations(conferenceId, { taskId: 'redelivered', processInstanceId });
    await cycle.callForReferrals(conferenceId, { taskId: 'redelivered', processInstanceId });
    await new Promise((r) => setTimeout(r, 1500));
    expect(await ours()).toBe(before);

    // Conference day: the coordinator records attendance and the discussed cases.
    await testEngine.advanceClock(10 * DAY_MS);
    const conduct = await taskOf(coordinator, conferenceId, 'Task_ConductConference');
    const conductForm = (await coordinator.get(`/api/v1/tasks/${conduct}`)).body.form.data;
    expect(
      (conductForm.caseOptions as Array<{ value: string }>).map((o) => o.value).sort(),
    ).toEqual([...chosen].sort());
    const discussed = chosen.slice(0, 4);
    const held = await coordinator.post(`/api/v1/tasks/${conduct}/complete`, {
      variables: {
        presentInstitutions: [jba.inst.JA.id, jba.inst.JC.id, jba.inst.AA.id],
        discussedCases: discussed,
      },
    });
    expect(held.status).toBe(200);
    await eventually(
      async () =>
        (await Promise.all(discussed.map((id) => statusOf(jc, id)))).every(
          (s) => s === 'discussed',
        ),
      {
        what: 'the discussed cases',
      },
    );
    // The undiscussed case waits again.
    await eventually(async () => (await statusOf(jc, chosen[4])) === 'awaiting-conference', {
      what: 'the undiscussed case to wait again',
    });
    const after = (await coordinator.get(`/api/v1/conferences/${conferenceId}`)).body;
    expect(after.status).toBe('held');
    expect(after.attendance.map((a: { name: string }) => a.name).sort()).toEqual(
      [jba.inst.AA.name, jba.inst.JA.name, jba.inst.JC.name].sort(),
    );
    expect(after.notifications.every((n: { status: string }) => n.status === 'sent')).toBe(true);
  });

  it('sends the cases of a cancelled date back to waiting and tells the invited partners', async () => {
    const jba = await createJba(lotse.db);
    const jc = await signIn(lotse.baseUrl, jba.users.jcCaseworker);
    const coordinator = await signIn(lotse.baseUrl, jba.users.jaCoordinator);
    const caseIds = await referCases(jba, jc, 2, () => [jba.inst.JC.id, jba.inst.JA.id]);

    const t0 = await base();
    const planned = await coordinator.post('/api/v1/conferences', {
      kind: 'extraordinary',
      startsAt: new Date(t0 + 10 * DAY_MS).toISOString(),
      place: 'Jugendamt, Raum 3',
      capacity: 5,
      referralDeadline: new Date(t0 + 5 * DAY_MS).toISOString(),
    });
    expect(planned.status).toBe(201);
    const conferenceId = planned.body.id;

    // Past the deadline: both fit, no selection task; both scheduled, partners invited.
    await testEngine.advanceClock(6 * DAY_MS);
    await eventually(
      async () =>
        (await Promise.all(caseIds.map((id) => statusOf(jc, id)))).every((s) => s === 'scheduled'),
      {
        what: 'both cases to be scheduled',
      },
    );
    await eventually(
      async () =>
        (await coordinator.get(`/api/v1/conferences/${conferenceId}`)).body.status === 'invited',
      {
        what: 'the invitations',
      },
    );

    const cancelled = await coordinator.post(`/api/v1/conferences/${conferenceId}/cancel`, {
      reason: 'Erkrankung der Moderation',
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    await eventually(
      async () =>
        (await Promise.all(caseIds.map((id) => statusOf(jc, id)))).every(
          (s) => s === 'awaiting-conference',
        ),
      {
        what: 'the cases to wait again',
      },
    );
    const notices = await eventually(
      async () => {
        const m = (await mailbox.all({ subject: 'Abgesagt: Fallkonferenz' })).filter((x) =>
          x.text.includes(jba.name),
        );
        return m.length >= 2 ? m : undefined;
      },
      { what: 'the cancellation notices' },
    );
    expect(notices[0].text).toContain('Erkrankung der Moderation');
    // The date's process is over: past the date, no conduct task appears.
    await testEngine.advanceClock(6 * DAY_MS);
    await new Promise((r) => setTimeout(r, 2000));
    const tasks = await coordinator.get('/api/v1/tasks?type=Task_ConductConference&pageSize=100');
    expect(
      tasks.body.items.filter((t: { conferenceId: string }) => t.conferenceId === conferenceId),
    ).toEqual([]);
    const detail = (await coordinator.get(`/api/v1/conferences/${conferenceId}`)).body;
    expect(detail.agenda.every((a: { state: string }) => a.state === 'returned')).toBe(true);
    // A cancelled date is not counted, shown as cancelled in the public calendar feed.
    const ics = await fetch(`${lotse.baseUrl}/api/v1/public/jbas/${jba.id}/conferences.ics`);
    expect(await ics.text()).toContain('STATUS:CANCELLED');
  });

  it('takes the selection task away when the date is cancelled while the coordinator selects', async () => {
    const jba = await createJba(lotse.db);
    const jc = await signIn(lotse.baseUrl, jba.users.jcCaseworker);
    const coordinator = await signIn(lotse.baseUrl, jba.users.jaCoordinator);
    await referCases(jba, jc, 3, () => [jba.inst.JC.id, jba.inst.JA.id]);
    const t0 = await base();
    const planned = await coordinator.post('/api/v1/conferences', {
      kind: 'extraordinary',
      startsAt: new Date(t0 + 10 * DAY_MS).toISOString(),
      place: 'Jugendamt',
      capacity: 2,
      referralDeadline: new Date(t0 + 5 * DAY_MS).toISOString(),
    });
    expect(planned.status).toBe(201);
    await testEngine.advanceClock(6 * DAY_MS);
    const selectTask = await taskOf(coordinator, planned.body.id, 'Task_SelectCases');

    const cancelled = await coordinator.post(`/api/v1/conferences/${planned.body.id}/cancel`, {
      reason: 'Raum nicht verfügbar',
    });
    expect(cancelled.status).toBe(200);
    // The engine's event sub-process ended the task; the list follows without anyone closing it.
    await eventually(
      async () => (await coordinator.get(`/api/v1/tasks/${selectTask}`)).body.state === 'canceled',
      { what: 'the selection task to be ended by the cancellation' },
    );
    const open = await coordinator.get('/api/v1/tasks?type=Task_SelectCases&pageSize=100');
    expect(open.body.items.map((t: { id: string }) => t.id)).not.toContain(selectTask);
    const late = await coordinator.post(`/api/v1/tasks/${selectTask}/complete`, {
      variables: { selectedCases: [] },
    });
    expect(late.status).toBe(409);
  });
});
