import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { hashPassword } from '@lotse/identity';
import {
  Api,
  DAY_MS,
  eventually,
  Lotse,
  referralInStatus,
  signIn,
  startLotse,
  testEngine,
} from '../harness/lotse';
import {
  caseTask,
  engineNow,
  followUpReferral,
  holdConference,
  isoDate,
} from '../harness/follow-up-fixture';
import { createJba, TestJba } from '../harness/jba-fixture';
import { launchChromium } from '../harness/browser';
import { birthDateForAge, isoDaysAgo, referralIn } from '../harness/fixtures';

/* eslint-disable @typescript-eslint/no-require-imports */
const { TEST_ENV } = require('../harness/test-env');
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * Retention and erasure on the real engine with its clock moved: the daily timer process
 * `data-retention` runs the sweep with the engine's time; after the JBA's periods the young
 * person's data of ended cases is gone from every table (Lotse's and the engine's history,
 * searched column by column for the name), an open case keeps it, anonymous counts remain, the
 * audit says what was erased, and a second run erases nothing more. Erasure requests (Art. 17
 * DSGVO) are deferred while a case is open, naming the duty, and carried out for ended cases.
 */
describe('Retention and erasure (engine clock)', () => {
  let lotse: Lotse;
  let owner: Client;
  let jba: TestJba;
  let jc: Api;
  let coordinator: Api;
  let admin: Api;
  let dsb: Api;
  const tag = randomUUID().slice(0, 6);

  beforeAll(async () => {
    lotse = await startLotse();
    // Searching the engine's tables too: as the database's owner.
    owner = new Client({ connectionString: TEST_ENV.DATABASE_OWNER_URL ?? TEST_ENV.DATABASE_URL });
    await owner.connect();
    jba = await createJba(lotse.db);
    await lotse.db.query(
      `insert into staff_user (username, display_name, email, password_hash, institution_id, roles)
       values ($1, 'Datenschutz Test', $2, $3, $4, $5)`,
      [
        `dsb.${tag}`,
        `dsb.${tag}@partner.test`,
        await hashPassword('lotse-demo'),
        jba.inst.JA.id,
        ['data-protection-officer'],
      ],
    );
    jc = await signIn(lotse.baseUrl, jba.users.jcCaseworker);
    coordinator = await signIn(lotse.baseUrl, jba.users.jaCoordinator);
    admin = await signIn(lotse.baseUrl, jba.users.jaAdmin);
    dsb = await signIn(lotse.baseUrl, `dsb.${tag}`);
  });
  afterAll(async () => {
    await owner?.end();
    await lotse?.close();
  });

  /** Every place (schema.table.column) where `needle` occurs, in Lotse's and the engine's tables. */
  async function whereIs(needle: string): Promise<string[]> {
    const { rows: columns } = await owner.query(
      `select table_schema, table_name, column_name, data_type from information_schema.columns c
        where table_schema = any($1)
          and (data_type in ('text', 'character varying', 'character', 'jsonb', 'json', 'bytea')
               or (data_type = 'ARRAY' and udt_name in ('_text', '_varchar')))
          and exists (select 1 from information_schema.tables t where t.table_schema = c.table_schema
                       and t.table_name = c.table_name and t.table_type = 'BASE TABLE')`,
      [['public', TEST_ENV.ENGINE_DB_SCHEMA]],
    );
    const hits: string[] = [];
    for (const c of columns) {
      const ref = `"${c.column_name}"`;
      const where =
        c.data_type === 'bytea'
          ? `position(convert_to($1, 'UTF8') in ${ref}) > 0`
          : `${ref}::text ilike '%' || $1 || '%'`;
      const { rows } = await owner.query(
        `select count(*)::int as n from "${c.table_schema}"."${c.table_name}" where ${where}`,
        [needle],
      );
      if (rows[0].n > 0) hits.push(`${c.table_schema}.${c.table_name}.${c.column_name}`);
    }
    return hits;
  }

  /** Moves the engine's clock and waits for the sweep the daily timer starts then. */
  async function sweepAfter(ms: number) {
    const target = (await testEngine.now()).getTime() + ms;
    await testEngine.advanceClock(ms);
    return eventually(
      async () => {
        const [run] = await lotse.db.query(
          `select * from retention_run where swept_at >= $1 and finished_at is not null
            order by swept_at desc limit 1`,
          [new Date(target - 60_000)],
        );
        return run;
      },
      { what: 'the retention sweep after the clock moved', timeoutMs: 90_000 },
    );
  }

  const erasedAudit = async (referralId: string) =>
    (
      await lotse.db.query(
        `select action, actor_user_id, detail from audit_entry where referral_id = $1 and action = 'data-erased'`,
        [referralId],
      )
    ).map((r: { detail: Record<string, unknown> }) => r.detail);

  it('keeps the retention periods in the settings, with German messages for bad ones', async () => {
    const settings = await admin.get('/api/v1/jba/settings');
    expect(settings.body).toMatchObject({
      retentionEndedWithoutCase: 'P6M',
      retentionClosed: 'P3Y',
      retentionAfterRevocation: 'P30D',
      retentionMailContents: 'P90D',
      retentionAudit: 'P2Y',
    });
    const bad = await admin.patch('/api/v1/jba/settings', {
      retentionClosed: '3 Jahre',
      retentionAudit: 'P30D',
    });
    expect(bad.status).toBe(400);
    const fields = bad.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toContain('retentionClosed');
    expect(JSON.stringify(bad.body.errors)).toContain('P6M (Monate)');
    const young = await admin.patch('/api/v1/jba/settings', { retentionAudit: 'P300D' });
    expect(young.status).toBe(400);
    expect(young.body.errors).toEqual([
      {
        field: 'retentionAudit',
        messages: ['Das Audit wird mindestens 365 Tage (P12M, P1Y) aufbewahrt.'],
      },
    ]);
    expect((await jc.patch('/api/v1/jba/settings', { retentionClosed: 'P1Y' })).status).toBe(403);
    const year = await admin.patch('/api/v1/jba/settings', { retentionAudit: 'P12M' });
    expect(year.status).toBe(200);
    expect(year.body.retentionAudit).toBe('P12M');
    const ok = await admin.patch('/api/v1/jba/settings', {
      retentionEndedWithoutCase: 'P20D',
      retentionClosed: 'P20D',
      retentionAfterRevocation: 'P10D',
      retentionMailContents: 'P20D',
    });
    expect(ok.status).toBe(200);
    expect(ok.body.retentionClosed).toBe('P20D');
  });

  it('erases ended cases after their period, everywhere, keeps counts and the open case, once', async () => {
    const names = {
      closed: `Abschlussprobe${tag}`,
      ineligible: `Zielgruppenprobe${tag}`,
      revoked: `Widerrufsprobe${tag}`,
      open: `Offenprobe${tag}`,
    };
    // Before anything of this test exists (its mails may be cleared by a sweep while the
    // conference is held: sent_at is wall time, the sweep's "now" the moved engine clock).
    const t0 = await engineNow();

    // A case through conference, protocol and follow-up to closed, the name in every free text.
    const closedCase = await jc.post(
      '/api/v1/referrals',
      followUpReferral(
        jba,
        { shortDescription: `${names.closed} sucht eine Ausbildung` },
        { firstName: 'Mara', lastName: names.closed, email: `${names.closed}@mail.test` },
      ),
    );
    expect(closedCase.status).toBe(202);
    const closedId: string = closedCase.body.id;
    await referralInStatus(jc, closedId, 'awaiting-conference');
    await holdConference({
      coordinator,
      observer: jc,
      caseIds: [closedId],
      present: [jba.inst.JA.id, jba.inst.JC.id],
    });
    const record = await caseTask(jc, closedId, 'Task_RecordProtocol');
    const protocolId: string = (await jc.get(`/api/v1/tasks/${record}`)).body.form.data.protocolId;
    const d0 = await engineNow();
    const draft = await jc.put(`/api/v1/protocols/${protocolId}/draft`, {
      content: {
        participants: [{ institutionId: jba.inst.JA.id }, { institutionId: jba.inst.JC.id }],
        situation: `${names.closed} hat die Schule abgebrochen.`,
        goals: [`Ausbildungsplatz für ${names.closed}`],
        measures: [
          {
            title: 'Bewerbungstraining',
            kind: 'vocational-preparation',
            institutionId: jba.inst.JC.id,
            contactName: 'Frau Jobcenter',
            startsOn: isoDate(d0),
            dueOn: isoDate(d0 + 2 * DAY_MS),
          },
        ],
        youngPersonView: `${names.closed} möchte ins Handwerk.`,
        youngPersonAgreed: true,
      },
    });
    expect(draft.status).toBe(200);
    expect((await jc.post(`/api/v1/tasks/${record}/complete`, { variables: {} })).status).toBe(200);
    await referralInStatus(jc, closedId, 'follow-up');
    await testEngine.advanceClock(3 * DAY_MS);
    const review = await caseTask(jc, closedId, 'Task_ReviewMeasure');
    // a free text that goes into the engine (task form variables): its history must go too
    expect(
      (
        await jc.post(`/api/v1/tasks/${review}/complete`, {
          variables: { result: 'done', note: `Gespräch mit ${names.closed} geführt` },
        })
      ).status,
    ).toBe(200);
    const decide = await caseTask(jc, closedId, 'Task_DecideFollowUp');
    expect(
      (
        await jc.post(`/api/v1/tasks/${decide}/complete`, {
          variables: { decision: 'close', outcome: 'training' },
        })
      ).status,
    ).toBe(200);
    await referralInStatus(jc, closedId, 'closed');

    // Ended without a case (too old), and closed after a revocation; one case stays open.
    const ineligible = await jc.post(
      '/api/v1/referrals',
      referralIn(
        jba,
        [jba.inst.JC.id, jba.inst.JA.id],
        { shortDescription: `${names.ineligible} braucht Hilfe` },
        { lastName: names.ineligible, birthDate: birthDateForAge(26) },
      ),
    );
    await referralInStatus(jc, ineligible.body.id, 'ineligible');
    const revoked = await jc.post(
      '/api/v1/referrals',
      referralIn(
        jba,
        [jba.inst.JC.id, jba.inst.JA.id],
        { referredOn: isoDaysAgo(1) },
        { lastName: names.revoked },
      ),
    );
    const waiting = await referralInStatus(jc, revoked.body.id, 'awaiting-conference');
    expect(
      (
        await jc.post(
          `/api/v1/referrals/${revoked.body.id}/consents/${waiting.consents[0].id}/revocation`,
        )
      ).status,
    ).toBe(200);
    await referralInStatus(jc, revoked.body.id, 'consent-revoked');
    const open = await jc.post(
      '/api/v1/referrals',
      referralIn(
        jba,
        [jba.inst.JC.id, jba.inst.JA.id],
        { shortDescription: `${names.open} wartet` },
        { lastName: names.open },
      ),
    );
    await referralInStatus(jc, open.body.id, 'awaiting-conference');

    // Before the period: each name is stored (the search finds it).
    for (const name of Object.values(names)) expect(await whereIs(name)).not.toEqual([]);
    expect(await whereIs(names.closed)).toEqual(
      expect.arrayContaining([
        'public.young_person.last_name',
        'public.referral.short_description',
        'public.protocol_version.content',
      ]),
    );
    // the engine keeps the ended case's history (ids, task names, outcomes: no names)
    const engineHistory = () =>
      owner
        .query(
          `select count(*)::int as n from "${TEST_ENV.ENGINE_DB_SCHEMA}".act_hi_procinst where business_key_ = any($1)`,
          [[closedId, ineligible.body.id, revoked.body.id]],
        )
        .then((r) => r.rows[0].n as number);
    expect(await engineHistory()).toBe(3);
    const mailsOfConference: Array<{ id: string }> = await lotse.db.query(
      `select n.id from notification n join conference c on c.id = n.conference_id
        where c.jba_id = $1 and n.status = 'sent' and n.referral_id is null`,
      [jba.id],
    );
    expect(mailsOfConference.length).toBeGreaterThan(0);

    // 25 days on (the periods are 10 and 20 days): the daily timer runs the sweep.
    const run = await sweepAfter(25 * DAY_MS);
    expect(['pruned', 'skipped', 'refused']).toContain(run.audit_result);

    // Gone from every table, Lotse's and the engine's; the open case is all there.
    expect(await whereIs(names.closed)).toEqual([]);
    expect(await whereIs(names.ineligible)).toEqual([]);
    expect(await whereIs(names.revoked)).toEqual([]);
    expect(await whereIs(names.open)).toEqual(
      expect.arrayContaining([
        'public.young_person.last_name',
        'public.referral.short_description',
      ]),
    );
    expect((await jc.get(`/api/v1/referrals/${closedId}`)).status).toBe(404);
    const stillOpen = await jc.get(`/api/v1/referrals/${open.body.id}`);
    expect(stillOpen.body.youngPerson.lastName).toBe(names.open);
    expect(await engineHistory()).toBe(0);

    // The anonymous counts remain.
    const stats = await lotse.db.query(
      `select category, status, outcome, institution_kind, count from retention_statistic
        where jba_id = $1 order by category, status`,
      [jba.id],
    );
    expect(stats).toEqual(
      expect.arrayContaining([
        {
          category: 'after-revocation',
          status: 'consent-revoked',
          outcome: '',
          institution_kind: 'job-centre',
          count: 1,
        },
        {
          category: 'closed',
          status: 'closed',
          outcome: 'training',
          institution_kind: 'job-centre',
          count: 1,
        },
        {
          category: 'ended-without-case',
          status: 'ineligible',
          outcome: '',
          institution_kind: 'job-centre',
          count: 1,
        },
      ]),
    );
    // The audit says what was erased: the case id and the category, nothing else.
    expect(await erasedAudit(closedId)).toEqual([
      { category: 'closed', retentionRunId: expect.any(String) },
    ]);
    expect(await erasedAudit(ineligible.body.id)).toEqual([
      { category: 'ended-without-case', retentionRunId: expect.any(String) },
    ]);
    expect(await erasedAudit(revoked.body.id)).toEqual([
      { category: 'after-revocation', retentionRunId: expect.any(String) },
    ]);
    // Mails of the conference (not of one case) older than the period: address and parameters
    // cleared, the row kept for the delivery statistics.
    const mails = await lotse.db.query(
      `select status, recipient_email, params from notification where id = any($1)`,
      [mailsOfConference.map((m) => m.id)],
    );
    expect(mails).toHaveLength(mailsOfConference.length);
    expect(mails.every((m: { status: string }) => m.status === 'sent')).toBe(true);
    expect(mails.every((m: { recipient_email: string }) => m.recipient_email === '')).toBe(true);
    expect(mails.every((m: { params: object }) => Object.keys(m.params).length === 0)).toBe(true);
    // Every run since this test began (earlier clock tests moved the engine by months, so a
    // window before the last run could miss the run that cleared these mails).
    const runs = await lotse.db.query(`select counts from retention_run where swept_at >= $1`, [
      new Date(t0 - DAY_MS),
    ]);
    const total = (k: string) =>
      runs.reduce((n: number, r: { counts: Record<string, number> }) => n + (r.counts[k] ?? 0), 0);
    expect(total('closed')).toBeGreaterThanOrEqual(1);
    expect(total('mail-contents')).toBeGreaterThanOrEqual(mailsOfConference.length);

    // A second run erases nothing more (and counts nothing twice).
    const erasedCases = async () =>
      (
        await lotse.db.query(
          `select count(*)::int as n from audit_entry where action = 'data-erased' and referral_id is not null`,
        )
      )[0].n as number;
    const auditBefore = await erasedCases();
    const second = await sweepAfter(DAY_MS);
    expect(second.id).not.toBe(run.id);
    expect(second.counts['closed'] ?? 0).toBe(0);
    expect(second.counts['ended-without-case'] ?? 0).toBe(0);
    expect(second.counts['after-revocation'] ?? 0).toBe(0);
    expect(
      await lotse.db.query(
        `select category, status, outcome, institution_kind, count from retention_statistic
          where jba_id = $1 order by category, status`,
        [jba.id],
      ),
    ).toEqual(stats);
    expect(await erasedCases()).toBe(auditBefore);
    expect((await jc.get(`/api/v1/referrals/${open.body.id}`)).body.youngPerson.lastName).toBe(
      names.open,
    );
  });

  it('defers an erasure request while the case is open, naming the duty, and carries it out for ended cases', async () => {
    // Long periods now, so that only the requests erase.
    expect(
      (
        await admin.patch('/api/v1/jba/settings', {
          retentionEndedWithoutCase: 'P5Y',
          retentionAfterRevocation: 'P5Y',
          retentionMailContents: 'P5Y',
        })
      ).status,
    ).toBe(200);
    const names = {
      open: `Offenantrag${tag}`,
      ineligible: `Zielantrag${tag}`,
      noConsent: `Ohneantrag${tag}`,
    };
    const open = await jc.post(
      '/api/v1/referrals',
      referralIn(jba, [jba.inst.JC.id, jba.inst.JA.id], {}, { lastName: names.open }),
    );
    const openView = await referralInStatus(jc, open.body.id, 'awaiting-conference');
    const ineligible = await jc.post(
      '/api/v1/referrals',
      referralIn(
        jba,
        [jba.inst.JC.id, jba.inst.JA.id],
        {},
        { lastName: names.ineligible, birthDate: birthDateForAge(27) },
      ),
    );
    const ineligibleView = await referralInStatus(jc, ineligible.body.id, 'ineligible');
    // No consent yet: the case waits in the referrer's task "Einwilligung einholen".
    const noConsent = await jc.post(
      '/api/v1/referrals',
      referralIn(jba, [], { consent: undefined }, { lastName: names.noConsent }),
    );
    expect(noConsent.status).toBe(202);
    await referralInStatus(jc, noConsent.body.id, 'awaiting-consent');
    await caseTask(jc, noConsent.body.id, 'Task_ObtainConsent');

    // Only the data protection officer and the coordination; bad input names the fields.
    const reason = 'Schreiben vom 01.12.2026 nach Art. 17 DSGVO';
    expect(
      (await jc.post('/api/v1/erasure-requests', { referralId: open.body.id, reason })).status,
    ).toBe(403);
    expect((await jc.get('/api/v1/erasure-requests')).status).toBe(403);
    const bad = await dsb.post('/api/v1/erasure-requests', { reference: 'Müller' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'reason',
      'reference',
    ]);
    const neither = await dsb.post('/api/v1/erasure-requests', { reason });
    expect(neither.status).toBe(400);
    expect(neither.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'referralId',
      'reference',
    ]);

    // Open: deferred, the answer names the duty; nothing is erased.
    const deferred = await dsb.post('/api/v1/erasure-requests', {
      referralId: open.body.id,
      reason,
    });
    expect(deferred.status).toBe(201);
    expect(deferred.body).toMatchObject({
      state: 'deferred',
      stateLabel: 'Zurückgestellt',
      reference: openView.reference,
      caseStatusLabel: 'Wartet auf Fallkonferenz',
      requestedBy: 'Datenschutz Test',
    });
    expect(deferred.body.result).toContain('Der Fall ist noch offen (Wartet auf Fallkonferenz)');
    expect(deferred.body.result).toContain('Art. 17 Abs. 3 lit. b DSGVO');
    expect(await whereIs(names.open)).not.toEqual([]);

    // Ended (ineligible), by reference: erased at once.
    const done = await coordinator.post('/api/v1/erasure-requests', {
      reference: ineligibleView.reference,
      reason,
    });
    expect(done.status).toBe(201);
    expect(done.body).toMatchObject({ state: 'carried-out', stateLabel: 'Gelöscht' });
    expect(done.body.result).toContain(
      `Gelöscht: alle personenbezogenen Daten zum Fall ${ineligibleView.reference}`,
    );
    expect(done.body.carriedOutAt).toBeTruthy();
    expect(await whereIs(names.ineligible)).toEqual([]);
    expect(await erasedAudit(ineligible.body.id)).toEqual([
      { category: 'request', erasureRequestId: done.body.id },
    ]);

    // Before any consent: erased at once, and its running process ends (with its task).
    const early = await dsb.post('/api/v1/erasure-requests', {
      referralId: noConsent.body.id,
      reason,
    });
    expect(early.body.state).toBe('carried-out');
    expect(await whereIs(names.noConsent)).toEqual([]);
    const instances = await owner.query(
      `select count(*)::int as n from "${TEST_ENV.ENGINE_DB_SCHEMA}".act_ru_execution where business_key_ = $1`,
      [noConsent.body.id],
    );
    expect(instances.rows[0].n).toBe(0);
    const tasks = await jc.get('/api/v1/tasks?type=Task_ObtainConsent&pageSize=100');
    expect(
      tasks.body.items.filter((t: { caseId: string }) => t.caseId === noConsent.body.id),
    ).toEqual([]);

    // The list shows every request with its result.
    const list = await dsb.get('/api/v1/erasure-requests');
    expect(list.status).toBe(200);
    const byId = Object.fromEntries(list.body.map((r: { id: string }) => [r.id, r]));
    expect(byId[deferred.body.id].stateLabel).toBe('Zurückgestellt');
    expect(byId[done.body.id].stateLabel).toBe('Gelöscht');
    expect(byId[early.body.id].stateLabel).toBe('Gelöscht');

    // Once the case has ended (consent revoked), the next sweep carries out the deferred request.
    await jc.post(
      `/api/v1/referrals/${open.body.id}/consents/${openView.consents[0].id}/revocation`,
    );
    await referralInStatus(jc, open.body.id, 'consent-revoked');
    await sweepAfter(DAY_MS);
    const after = (await dsb.get('/api/v1/erasure-requests')).body.find(
      (r: { id: string }) => r.id === deferred.body.id,
    );
    expect(after).toMatchObject({ state: 'carried-out', stateLabel: 'Gelöscht' });
    expect(await whereIs(names.open)).toEqual([]);
    expect(await erasedAudit(open.body.id)).toEqual([
      {
        category: 'request',
        erasureRequestId: deferred.body.id,
        retentionRunId: expect.any(String),
      },
    ]);
  });
  it('shows the retention periods on "Einstellungen" and takes erasure requests on "Löschersuchen" (browser)', async () => {
    const artifacts = join(__dirname, '../artifacts');
    mkdirSync(artifacts, { recursive: true });
    const browser = await launchChromium();
    try {
      const context = async (username: string) => {
        const ctx = await browser.newContext({
          viewport: { width: 1280, height: 1000 },
          locale: 'de-DE',
          timezoneId: 'Europe/Berlin',
        });
        const p = await ctx.newPage();
        await p.goto(`${lotse.baseUrl}/anmelden`);
        await p.getByLabel('Benutzername').fill(username);
        await p.getByLabel('Passwort').fill('lotse-demo');
        await p.getByRole('button', { name: 'Anmelden' }).click();
        // the start page: the task list, or the DSB's page for an account that does no case work
        await p.waitForURL(/\/(aufgaben|datenschutz)$/);
        return p;
      };

      // The admin sets a period in days, months or years; the page says where they count from.
      const settingsPage = await context(jba.users.jaAdmin);
      await settingsPage.getByRole('link', { name: 'Einstellungen' }).click();
      const form = settingsPage.locator('#settings-form');
      await form.getByText('Die Fristen zählen ab dem Ende des Falls', { exact: false }).waitFor();
      await form.getByLabel('Abgeschlossene Fälle', { exact: true }).fill('4');
      await form.getByLabel('Einheit: Abgeschlossene Fälle').selectOption('Y');
      await form.getByRole('button', { name: 'Speichern' }).click();
      await settingsPage.getByText('Gespeichert.', { exact: false }).waitFor();
      await settingsPage.screenshot({
        path: join(artifacts, 'settings-retention.png'),
        fullPage: true,
      });
      expect((await admin.get('/api/v1/jba/settings')).body.retentionClosed).toBe('P4Y');
      // The caseworker has no link to erasure requests.
      const caseworker = await context(jba.users.jcCaseworker);
      await expect(caseworker.getByRole('link', { name: 'Löschersuchen' }).count()).resolves.toBe(
        0,
      );

      // The data protection officer: one case erased, one deferred with the duty named.
      const ended = await jc.post(
        '/api/v1/referrals',
        referralIn(
          jba,
          [jba.inst.JC.id, jba.inst.JA.id],
          {},
          { lastName: `Browserende${tag}`, birthDate: birthDateForAge(28) },
        ),
      );
      const endedView = await referralInStatus(jc, ended.body.id, 'ineligible');
      const open = await jc.post(
        '/api/v1/referrals',
        referralIn(jba, [jba.inst.JC.id, jba.inst.JA.id], {}, { lastName: `Browseroffen${tag}` }),
      );
      const openView = await referralInStatus(jc, open.body.id, 'awaiting-conference');
      const p = await context(`dsb.${tag}`);
      await p.getByRole('link', { name: 'Löschersuchen' }).click();
      await p.getByRole('heading', { name: 'Löschersuchen', level: 1 }).waitFor();
      // Without a reason: the field says what is missing.
      await p.getByLabel('Aktenzeichen des Falls').fill(endedView.reference);
      await p.getByRole('button', { name: 'Löschen beantragen' }).click();
      await expect(p.locator('#erasure-reason-error').innerText()).resolves.toContain('fehlt');
      await p.getByLabel('Anlass').fill('Schreiben vom 01.12.2026 nach Art. 17 DSGVO');
      await p.getByRole('button', { name: 'Löschen beantragen' }).click();
      await p.getByText(`${endedView.reference}: Gelöscht.`, { exact: false }).waitFor();
      await p.getByLabel('Aktenzeichen des Falls').fill(openView.reference);
      await p.getByLabel('Anlass').fill('Anruf der Mutter vom 01.12.2026');
      await p.getByRole('button', { name: 'Löschen beantragen' }).click();
      await p
        .getByText(`${openView.reference}: Zurückgestellt. Der Fall ist noch offen`, {
          exact: false,
        })
        .waitFor();
      const rows = p.locator('table tbody tr');
      await expect(rows.filter({ hasText: endedView.reference }).innerText()).resolves.toContain(
        'Gelöscht',
      );
      await expect(rows.filter({ hasText: openView.reference }).innerText()).resolves.toContain(
        'Art. 17 Abs. 3 lit. b DSGVO',
      );
      await p.screenshot({ path: join(artifacts, 'erasure-requests.png'), fullPage: true });
      expect(await whereIs(`Browserende${tag}`)).toEqual([]);
      expect(await whereIs(`Browseroffen${tag}`)).not.toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
