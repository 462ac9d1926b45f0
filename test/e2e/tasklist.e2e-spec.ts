import { randomUUID } from 'node:crypto';
import { EngineClient } from '@lotse/engine';
import { Api, client, eventually, Lotse, signIn, startLotse } from '../harness/lotse';
import { adultConsent, documentHash, I, isoDaysAgo, referral } from '../harness/fixtures';

/** The task list through its API: who sees what, claiming, completing with form validation. */
describe('Task list', () => {
  let lotse: Lotse;
  let jaCaseworker: Api;
  let jaCoordinator: Api;
  let jcCaseworker: Api;

  beforeAll(async () => {
    lotse = await startLotse();
    jaCaseworker = await signIn(lotse.baseUrl, 'ja.sachbearbeitung');
    jaCoordinator = await signIn(lotse.baseUrl, 'ja.koordination');
    jcCaseworker = await signIn(lotse.baseUrl, 'jc.sachbearbeitung');
  });
  afterAll(() => lotse?.close());

  /** A referral of the Jugendamt without consent: its *obtain consent* task belongs to the JA. */
  async function jaTask(): Promise<{ taskId: string; caseId: string; reference: string }> {
    const accepted = await jaCaseworker.post(
      '/api/v1/referrals',
      referral({ referringInstitutionId: I.JA.id, consent: undefined, referredOn: isoDaysAgo(1) }),
    );
    expect(accepted.status).toBe(202);
    const taskId = await eventually(
      async () =>
        (await jaCaseworker.get(`/api/v1/referrals/${accepted.body.id}`)).body.openTasks?.[0]
          ?.id as string,
      { what: 'the obtain-consent task to be projected' },
    );
    return { taskId, caseId: accepted.body.id, reference: accepted.body.reference };
  }

  const consentVariables = () => ({
    consent: {
      grantedBy: 'self',
      signedOn: isoDaysAgo(2),
      capacityConfirmed: false,
      guardianInformed: false,
      recipients: [I.JA.id, I.JC.id],
      purposes: ['case-conference'],
      documentHash: documentHash(),
    },
  });

  it('shows a task to its institution with form, options and case, and never to another institution', async () => {
    const { taskId, reference, caseId } = await jaTask();

    const mine = await jaCaseworker.get(
      '/api/v1/tasks?filter=institution&type=Task_ObtainConsent&pageSize=100',
    );
    expect(mine.status).toBe(200);
    const row = mine.body.items.find((t: { id: string }) => t.id === taskId);
    expect(row).toMatchObject({
      name: 'Einwilligung einholen',
      caseReference: reference,
      caseId,
      assignee: null,
    });
    expect(row.dueAt).toBeTruthy();

    const detail = await jaCaseworker.get(`/api/v1/tasks/${taskId}`);
    expect(detail.status).toBe(200);
    expect(detail.body.candidateGroups).toEqual([`institution:${I.JA.id}`]);
    expect(detail.body.form.formId).toBe('obtain-consent');
    expect(detail.body.form.schema.components.length).toBeGreaterThan(3);
    expect(detail.body.form.data.institutionOptions).toEqual(
      expect.arrayContaining([{ label: I.JC.name, value: I.JC.id }]),
    );
    expect(detail.body.case).toMatchObject({ reference, statusLabel: 'Einwilligung fehlt' });
    expect(detail.body.case.youngPerson.firstName).toBe('Lena');

    // The job centre sees nothing of it.
    const theirs = await jcCaseworker.get('/api/v1/tasks?pageSize=100');
    expect(theirs.body.items.map((t: { id: string }) => t.id)).not.toContain(taskId);
    expect((await jcCaseworker.get(`/api/v1/tasks/${taskId}`)).status).toBe(404);
    expect((await jcCaseworker.post(`/api/v1/tasks/${taskId}/claim`)).status).toBe(404);
    expect(
      (
        await jcCaseworker.post(`/api/v1/tasks/${taskId}/complete`, {
          variables: consentVariables(),
        })
      ).status,
    ).toBe(404);
    expect((await jcCaseworker.get(`/api/v1/referrals/${caseId}`)).status).toBe(404);
    expect((await client(lotse.baseUrl).get(`/api/v1/tasks/${taskId}`)).status).toBe(401);
  });

  it('validates the form on the server and names each bad field', async () => {
    const { taskId } = await jaTask();
    const bad = await jaCaseworker.post(`/api/v1/tasks/${taskId}/complete`, {
      variables: {
        consent: {
          grantedBy: 'nachbar',
          signedOn: '2026-02-30',
          recipients: [randomUUID()],
          purposes: [],
          documentHash: 'x',
        },
        processVariable: 'injected',
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(
      [
        'consent.documentHash',
        'consent.grantedBy',
        'consent.purposes',
        'consent.recipients',
        'consent.signedOn',
        'processVariable',
      ].sort(),
    );
    // The task is still open and unchanged.
    expect((await jaCaseworker.get(`/api/v1/tasks/${taskId}`)).body.state).toBe('open');

    // A consent signed in the future passes the form but not the consent rules.
    const future = consentVariables();
    future.consent.signedOn = new Date(Date.now() + 5 * 86400_000).toISOString().slice(0, 10);
    const late = await jaCaseworker.post(`/api/v1/tasks/${taskId}/complete`, { variables: future });
    expect(late.status).toBe(400);
    expect(late.body.errors.map((e: { field: string }) => e.field)).toEqual(['consent.signedOn']);
  });

  it('completes a task with a valid consent, and the case moves on in the engine', async () => {
    const { taskId, caseId } = await jaTask();
    const done = await jaCaseworker.post(`/api/v1/tasks/${taskId}/complete`, {
      variables: consentVariables(),
    });
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ id: taskId, state: 'completed' });
    const moved = await eventually(
      async () => {
        const r = (await jaCaseworker.get(`/api/v1/referrals/${caseId}`)).body;
        return r.status === 'awaiting-conference' ? r : undefined;
      },
      { what: 'the case to reach awaiting-conference after the task' },
    );
    expect(moved.consents).toHaveLength(1);
    expect(moved.consents[0].valid).toBe(true);
    const again = await jaCaseworker.post(`/api/v1/tasks/${taskId}/complete`, {
      variables: consentVariables(),
    });
    expect(again.status).toBe(409);
    expect(again.body.message).toBe('Diese Aufgabe ist bereits erledigt.');
  });

  it('lets exactly one of two users complete the same task at once', async () => {
    const { taskId, caseId } = await jaTask();
    const [a, b] = await Promise.all([
      jaCaseworker.post(`/api/v1/tasks/${taskId}/complete`, { variables: consentVariables() }),
      jaCoordinator.post(`/api/v1/tasks/${taskId}/complete`, { variables: consentVariables() }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.body.message).toBe('Diese Aufgabe ist bereits erledigt.');
    const consents = await lotse.db.query(
      `select count(*)::int as n from consent where referral_id = $1`,
      [caseId],
    );
    expect(consents[0].n).toBe(1);
  });

  it('claims, refuses a claim or completion by a colleague, unclaims and assigns', async () => {
    const { taskId } = await jaTask();
    const claimed = await jaCaseworker.post(`/api/v1/tasks/${taskId}/claim`);
    expect(claimed.status).toBe(200);
    expect(claimed.body.assignedToMe).toBe(true);
    expect(claimed.body.assignee.displayName).toBe('Sachbearbeitung JA');

    const mine = await jaCaseworker.get('/api/v1/tasks?filter=mine&pageSize=100');
    expect(mine.body.items.map((t: { id: string }) => t.id)).toContain(taskId);
    const unassigned = await jaCaseworker.get('/api/v1/tasks?filter=unassigned&pageSize=100');
    expect(unassigned.body.items.map((t: { id: string }) => t.id)).not.toContain(taskId);

    const stolen = await jaCoordinator.post(`/api/v1/tasks/${taskId}/claim`);
    expect(stolen.status).toBe(409);
    expect(stolen.body.message).toBe('Die Aufgabe ist bereits Sachbearbeitung JA zugewiesen.');
    const completedByOther = await jaCoordinator.post(`/api/v1/tasks/${taskId}/complete`, {
      variables: consentVariables(),
    });
    expect(completedByOther.status).toBe(409);

    // The claim is the engine's: it holds the task for the same person.
    const engineTask = await engineTaskOf(taskId);
    expect(engineTask.assignee).toBe(claimed.body.assignee.id);

    expect((await jaCaseworker.post(`/api/v1/tasks/${taskId}/unclaim`)).body.assignee).toBeNull();
    expect((await engineTaskOf(taskId)).assignee).toBeNull();

    // Only coordinators assign, and only to colleagues who can see the task.
    const users = (await jaCoordinator.get('/api/v1/users')).body as Array<{
      id: string;
      displayName: string;
    }>;
    const caseworker = users.find((u) => u.displayName === 'Sachbearbeitung JA')!;
    expect(
      (await jaCaseworker.post(`/api/v1/tasks/${taskId}/assign`, { userId: caseworker.id })).status,
    ).toBe(403);
    const assigned = await jaCoordinator.post(`/api/v1/tasks/${taskId}/assign`, {
      userId: caseworker.id,
    });
    expect(assigned.status).toBe(200);
    expect(assigned.body.assignee.id).toBe(caseworker.id);
    const stranger = await jaCoordinator.post(`/api/v1/tasks/${taskId}/assign`, {
      userId: randomUUID(),
    });
    expect(stranger.status).toBe(400);
    expect(stranger.body.errors[0].field).toBe('userId');
  });

  it('filters by due date, process and type, and sorts', async () => {
    const overdue = await jaTask();
    const later = await jaTask();
    await lotse.db.query(`update user_task set due_at = now() - interval '2 days' where id = $1`, [
      overdue.taskId,
    ]);
    await lotse.db.query(
      `update user_task set due_at = now() + interval '1 day', priority = 90 where id = $1`,
      [later.taskId],
    );

    const od = await jaCaseworker.get('/api/v1/tasks?due=overdue&pageSize=100');
    const odIds = od.body.items.map((t: { id: string }) => t.id);
    expect(odIds).toContain(overdue.taskId);
    expect(odIds).not.toContain(later.taskId);
    expect(od.body.items.find((t: { id: string }) => t.id === overdue.taskId).overdue).toBe(true);

    const soon = await jaCaseworker.get('/api/v1/tasks?due=soon&pageSize=100');
    expect(soon.body.items.map((t: { id: string }) => t.id)).toEqual(
      expect.arrayContaining([later.taskId]),
    );

    const byPriority = await jaCaseworker.get('/api/v1/tasks?sort=priority&pageSize=1');
    expect(byPriority.body.items[0].id).toBe(later.taskId);

    const byDue = await jaCaseworker.get(
      '/api/v1/tasks?sort=due&order=asc&process=case-referral&type=Task_ObtainConsent&pageSize=100',
    );
    const dues = byDue.body.items.map((t: { dueAt: string | null }) => t.dueAt).filter(Boolean);
    expect(dues).toEqual([...dues].sort());
    expect(byDue.body.total).toBeGreaterThanOrEqual(2);

    const facets = await jaCaseworker.get('/api/v1/tasks/facets');
    expect(facets.body.processes).toEqual(
      expect.arrayContaining([{ value: 'case-referral', label: 'Fallmeldung' }]),
    );
    expect(facets.body.types).toEqual(
      expect.arrayContaining([{ value: 'Task_ObtainConsent', label: 'Einwilligung einholen' }]),
    );

    const bad = await jaCaseworker.get('/api/v1/tasks?filter=everything&sort=name&page=0');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'filter',
      'page',
      'sort',
    ]);
  });

  /** The engine's view of a task of the list. */
  async function engineTaskOf(id: string): Promise<{ id: string; assignee: string | null }> {
    const [{ task_id: engineId }] = await lotse.db.query(
      `select task_id from user_task where id = $1`,
      [id],
    );
    return lotse.worker!.get(EngineClient).get(`/task/${engineId}`);
  }

  it('follows the engine when someone there takes a task, and refuses a claim in Lotse then', async () => {
    const { taskId } = await jaTask();
    const [{ task_id: engineId }] = await lotse.db.query(
      `select task_id from user_task where id = $1`,
      [taskId],
    );
    // An operator claims it in the engine's own Tasklist.
    await lotse.worker!.get(EngineClient).claimTask(engineId, 'operator');
    await eventually(
      async () =>
        (await jaCaseworker.get(`/api/v1/tasks/${taskId}`)).body.assignee?.id === 'operator',
      { what: "the list to show the engine's assignee" },
    );
    const claim = await jaCaseworker.post(`/api/v1/tasks/${taskId}/claim`);
    expect(claim.status).toBe(409);
  });

  it('closes a task the process left (consent added through the API) and refuses to complete it', async () => {
    const { taskId, caseId } = await jaTask();
    expect(
      (
        await jaCaseworker.post(
          `/api/v1/referrals/${caseId}/consents`,
          adultConsent({ signedOn: isoDaysAgo(2) }),
        )
      ).status,
    ).toBe(201);
    // The engine ended the task at its boundary message; no one completed it in Lotse.
    await eventually(
      async () => (await jaCaseworker.get(`/api/v1/tasks/${taskId}`)).body.state === 'canceled',
      {
        what: 'the obtain-consent task to be closed',
      },
    );
    const list = await jaCaseworker.get('/api/v1/tasks?filter=institution&pageSize=100');
    expect(list.body.items.map((t: { id: string }) => t.id)).not.toContain(taskId);
    const res = await jaCaseworker.post(`/api/v1/tasks/${taskId}/complete`, {
      variables: consentVariables(),
    });
    expect(res.status).toBe(409);
    expect(res.body.message).toContain('nicht mehr aktiv');
  });

  it('shows personal data only to institutions the consent names, and audits the disclosure', async () => {
    const accepted = await jcCaseworker.post(
      '/api/v1/referrals',
      referral({ consent: adultConsent({ recipients: [I.JA.id] }) }),
    );
    const id = accepted.body.id;
    await eventually(
      async () =>
        (await jcCaseworker.get(`/api/v1/referrals/${id}`)).body.status === 'awaiting-conference',
      {
        what: 'the case to be checked',
      },
    );
    const ja = (await jaCaseworker.get(`/api/v1/referrals/${id}`)).body;
    expect(ja.youngPerson.firstName).toBe('Lena');
    const aa = await signIn(lotse.baseUrl, 'aa.sachbearbeitung');
    expect((await aa.get(`/api/v1/referrals/${id}`)).status).toBe(404);
    const aaCoordinator = await signIn(lotse.baseUrl, 'aa.koordination');
    const seenByCoordinator = (await aaCoordinator.get(`/api/v1/referrals/${id}`)).body;
    expect(seenByCoordinator.reference).toBe(accepted.body.reference);
    expect(seenByCoordinator.youngPerson).toBeNull();
    expect(seenByCoordinator.shortDescription).toBeNull();
    const audit = await lotse.db.query(
      `select action, recipient_institution_id from audit_entry
        where referral_id = $1 and action = 'personal-data-read' and consent_id is not null`,
      [id],
    );
    expect(audit).toEqual([{ action: 'personal-data-read', recipient_institution_id: I.JA.id }]);
    // The referrer's own reads are audited too (issue 12), the Agentur's non-reads are not.
    const byInstitution = await lotse.db.query(
      `select distinct recipient_institution_id as inst, detail->>'basis' as basis from audit_entry
        where referral_id = $1 and action = 'personal-data-read' order by 2`,
      [id],
    );
    expect(byInstitution).toEqual([
      { inst: I.JA.id, basis: 'consent' },
      { inst: I.JC.id, basis: 'referrer' },
    ]);
  });

  it('draws the case diagram with where the case stands', async () => {
    const { caseId } = await jaTask();
    const d = await jaCaseworker.get(`/api/v1/referrals/${caseId}/diagram`);
    expect(d.status).toBe(200);
    expect(d.body.xml).toContain('<bpmn:process id="case-referral"');
    expect(d.body.activeElementIds).toEqual(['Task_ObtainConsent']);
    expect(d.body.completedElementIds).toEqual(expect.arrayContaining(['Task_CheckConsent']));
  });
  // ---- Issue 13: search, names, priority words, conference labels, change polling, saved filters ----

  /** Ids of the tasks a list answer holds. */
  const ids = (res: { body: { items: Array<{ id: string }> } }) => res.body.items.map((t) => t.id);

  it('finds tasks by reference, name, referrer and task, and shows the name only where the consent allows', async () => {
    const own = await jaTask();
    const view = (await jaCaseworker.get(`/api/v1/referrals/${own.caseId}`)).body;
    const { firstName, lastName } = view.youngPerson;

    const byReference = await jaCaseworker.get(
      `/api/v1/tasks?filter=all&q=${encodeURIComponent(own.reference)}`,
    );
    expect(byReference.status).toBe(200);
    expect(ids(byReference)).toEqual([own.taskId]);
    expect(byReference.body.items[0]).toMatchObject({
      youngPersonName: `${firstName} ${lastName}`,
      priority: 50,
      priorityLabel: 'normal',
    });
    // every word must match, in any field, whatever the case
    const byName = await jaCaseworker.get(
      `/api/v1/tasks?filter=all&pageSize=100&q=${encodeURIComponent(`${lastName.toUpperCase()} ${firstName.toLowerCase()}`)}`,
    );
    expect(ids(byName)).toEqual([own.taskId]);
    const byNameAndTask = await jaCaseworker.get(
      `/api/v1/tasks?filter=all&pageSize=100&q=${encodeURIComponent(`${lastName} einwilligung`)}`,
    );
    expect(ids(byNameAndTask)).toEqual([own.taskId]);
    const byReferrer = await jaCaseworker.get(
      `/api/v1/tasks?filter=all&pageSize=100&q=${encodeURIComponent(`${I.JA.name} ${lastName}`)}`,
    );
    expect(ids(byReferrer)).toEqual([own.taskId]);
    const wildcard = await jaCaseworker.get('/api/v1/tasks?filter=all&pageSize=100&q=%25');
    expect(wildcard.body.items).toEqual([]);

    // The job centre gets the task offered too (as a measure's institution would), but no
    // consent names it: it finds the task by its reference, never by the name, and sees no name.
    await lotse.db.query(
      `update user_task set candidate_groups = candidate_groups || $2::text where id = $1`,
      [own.taskId, `institution:${I.JC.id}`],
    );
    const jcByReference = await jcCaseworker.get(
      `/api/v1/tasks?filter=institution&q=${encodeURIComponent(own.reference)}`,
    );
    expect(ids(jcByReference)).toEqual([own.taskId]);
    expect(jcByReference.body.items[0].youngPersonName).toBeNull();
    expect(JSON.stringify(jcByReference.body)).not.toContain(lastName);
    const jcByName = await jcCaseworker.get(
      `/api/v1/tasks?filter=all&q=${encodeURIComponent(lastName)}`,
    );
    expect(jcByName.body).toMatchObject({ items: [], total: 0 });

    // Each name shown is an audited read of personal data, with ids only.
    const audit = await lotse.db.query(
      `select detail->>'basis' as basis from audit_entry
        where referral_id = $1 and action = 'personal-data-read' and detail->>'where' = 'task-list'`,
      [own.caseId],
    );
    expect(audit.length).toBeGreaterThan(0);
    expect(audit.every((a: { basis: string }) => a.basis === 'referrer')).toBe(true);

    const tooLong = await jaCaseworker.get(`/api/v1/tasks?q=${'x'.repeat(101)}`);
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors).toEqual([
      { field: 'q', messages: ['Suche darf höchstens 100 Zeichen lang sein'] },
    ]);
  });

  it('shows priorities as words and still sorts by the number', async () => {
    const [low, high, urgent] = [await jaTask(), await jaTask(), await jaTask()];
    await lotse.db.query(
      `update user_task set priority = case id when $1 then 10 when $2 then 60 else 80 end
        where id in ($1, $2, $3)`,
      [low.taskId, high.taskId, urgent.taskId],
    );
    const list = await jaCaseworker.get(
      '/api/v1/tasks?filter=institution&type=Task_ObtainConsent&sort=priority&pageSize=100',
    );
    const labels = new Map(
      list.body.items.map((t: { id: string; priorityLabel: string }) => [t.id, t.priorityLabel]),
    );
    expect([low, high, urgent].map((t) => labels.get(t.taskId))).toEqual([
      'niedrig',
      'hoch',
      'dringend',
    ]);
    const priorities = list.body.items.map((t: { priority: number }) => t.priority);
    expect(priorities).toEqual([...priorities].sort((a, b) => b - a));
  });

  it('labels conference tasks with date and time, and finds them by it', async () => {
    const year = new Date().getUTCFullYear() + 7;
    const day = 2 + Math.floor(Math.random() * 18);
    const startsAt = new Date(Date.UTC(year, 2, day, 13, 15 * Math.floor(Math.random() * 4)));
    const planned = await jaCoordinator.post('/api/v1/conferences', {
      kind: 'extraordinary',
      startsAt: startsAt.toISOString(),
      durationMinutes: 60,
      place: 'Rathaus, Sitzungssaal 2',
      capacity: 4,
      referralDeadline: new Date(startsAt.getTime() - 7 * 86400_000).toISOString(),
    });
    expect(planned.status).toBe(201);
    // A task of the conference's cycle, as the engine's feed would project it.
    const [{ id: taskId }] = await lotse.db.query(
      `insert into user_task (task_id, process_instance_id, process_definition_id, bpmn_process_id,
                              element_id, name, conference_id, candidate_groups, state, version)
       values ($1, $1, 'conference-cycle:1', 'conference-cycle', 'Task_SelectCases',
               'Fälle auswählen', $2, $3, 'open', 1) returning id`,
      [randomUUID(), planned.body.id, [`institution:${I.JA.id}`]],
    );
    const berlin = new Intl.DateTimeFormat('de-DE', {
      timeZone: 'Europe/Berlin',
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(startsAt);
    const part = (type: string) => berlin.find((p) => p.type === type)!.value;
    const date = `${part('day')}.${part('month')}.${part('year')}`;
    const label = `Fallkonferenz am ${date}, ${part('hour')}:${part('minute')} Uhr`;
    try {
      const found = await jaCoordinator.get(
        `/api/v1/tasks?filter=all&q=${encodeURIComponent(date)}`,
      );
      expect(ids(found)).toContain(taskId);
      const row = found.body.items.find((t: { id: string }) => t.id === taskId);
      expect(row).toMatchObject({
        conferenceLabel: label,
        caseId: null,
        youngPersonName: null,
      });
      const byLabel = await jaCoordinator.get(
        `/api/v1/tasks?filter=all&q=${encodeURIComponent(label)}`,
      );
      expect(ids(byLabel)).toEqual([taskId]);
    } finally {
      await lotse.db.query(`delete from user_task where id = $1`, [taskId]);
    }
  });

  it('tells by a version when the tasks of a view changed', async () => {
    const before = await jaCaseworker.get('/api/v1/tasks/version?filter=institution');
    expect(before.status).toBe(200);
    const list = await jaCaseworker.get('/api/v1/tasks?filter=institution&pageSize=1');
    expect(list.body).toMatchObject({ total: before.body.total, version: before.body.version });
    expect((await jaCaseworker.get('/api/v1/tasks/version?filter=institution')).body).toEqual(
      before.body,
    );

    const { taskId } = await jaTask();
    const added = await jaCaseworker.get('/api/v1/tasks/version?filter=institution');
    expect(added.body.total).toBe(before.body.total + 1);
    expect(added.body.version).not.toBe(before.body.version);

    // A change of a task (claimed) changes the version, not the count.
    expect((await jaCaseworker.post(`/api/v1/tasks/${taskId}/claim`)).status).toBe(200);
    const claimed = await jaCaseworker.get('/api/v1/tasks/version?filter=institution');
    expect(claimed.body.total).toBe(added.body.total);
    expect(claimed.body.version).not.toBe(added.body.version);

    const bad = await jaCaseworker.get('/api/v1/tasks/version?filter=everything');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['filter']);
  });

  it('keeps saved filters per user on the server, checks them, and hides them from others', async () => {
    const mine = await signIn(lotse.baseUrl, 'ja.sachbearbeitung');
    const before = (await mine.get('/api/v1/tasks/filters')).body as Array<{ id: string }>;
    for (const f of before) await mine.delete(`/api/v1/tasks/filters/${f.id}`);

    const name = `Überfällig ${randomUUID().slice(0, 6)}`;
    const saved = await mine.post('/api/v1/tasks/filters', {
      name: `  ${name} `,
      query: { filter: 'institution', due: 'overdue', q: 'Muster', sort: 'priority' },
    });
    expect(saved.status).toBe(201);
    expect(saved.body).toMatchObject({
      name,
      query: { filter: 'institution', due: 'overdue', q: 'Muster', sort: 'priority' },
    });
    // another session of the same user sees it
    const again = await signIn(lotse.baseUrl, 'ja.sachbearbeitung');
    expect((await again.get('/api/v1/tasks/filters')).body).toEqual([saved.body]);

    // a colleague neither sees nor deletes it
    expect((await jaCoordinator.get('/api/v1/tasks/filters')).body).not.toContainEqual(saved.body);
    expect((await jaCoordinator.delete(`/api/v1/tasks/filters/${saved.body.id}`)).status).toBe(404);
    expect((await jcCaseworker.delete(`/api/v1/tasks/filters/${saved.body.id}`)).status).toBe(404);

    // bad input: 400 naming the fields, in German
    const duplicate = await mine.post('/api/v1/tasks/filters', {
      name: name.toLowerCase(),
      query: {},
    });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.errors).toEqual([
      { field: 'name', messages: ['Einen Filter mit diesem Namen haben Sie schon.'] },
    ]);
    const empty = await mine.post('/api/v1/tasks/filters', { name: '   ', query: {} });
    expect(empty.status).toBe(400);
    expect(empty.body.errors).toEqual([{ field: 'name', messages: ['Name darf nicht leer sein'] }]);
    const long = await mine.post('/api/v1/tasks/filters', { name: 'x'.repeat(81), query: {} });
    expect(long.body.errors).toEqual([
      { field: 'name', messages: ['Name darf höchstens 80 Zeichen lang sein'] },
    ]);
    const badQuery = await mine.post('/api/v1/tasks/filters', {
      name: 'Kaputt',
      query: { filter: 'everything', page: 3 },
    });
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'query.filter',
      'query.page',
    ]);
    expect(badQuery.body.errors[0].messages[0]).toMatch(/^(Ansicht erlaubt|Das Feld „page“)/);
    const noQuery = await mine.post('/api/v1/tasks/filters', { name: 'Ohne' });
    expect(noQuery.status).toBe(400);
    expect(noQuery.body.errors.map((e: { field: string }) => e.field)).toEqual(['query']);

    // at most 20 per user
    for (let i = 1; i < 20; i++) {
      expect(
        (await mine.post('/api/v1/tasks/filters', { name: `Filter ${i}`, query: {} })).status,
      ).toBe(201);
    }
    const tooMany = await mine.post('/api/v1/tasks/filters', { name: 'Filter 21', query: {} });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors[0]).toMatchObject({ field: 'name' });
    expect(tooMany.body.errors[0].messages[0]).toContain('höchstens 20 Filter');

    // the owner deletes; then it is gone
    expect((await mine.delete(`/api/v1/tasks/filters/${saved.body.id}`)).status).toBe(204);
    expect((await mine.delete(`/api/v1/tasks/filters/${saved.body.id}`)).status).toBe(404);
    expect((await mine.delete('/api/v1/tasks/filters/kein-uuid')).status).toBe(400);
    const left = (await mine.get('/api/v1/tasks/filters')).body as Array<{ id: string }>;
    expect(left).toHaveLength(19);
    for (const f of left) await mine.delete(`/api/v1/tasks/filters/${f.id}`);
  });
});
