import { Client } from 'pg';
import { auditRowHash, verifyAuditChain } from '@lotse/audit';
import { runMigrations } from '@lotse/persistence';
import { Api, eventually, Lotse, signIn, startLotse } from '../harness/lotse';
import { createJba, TestJba } from '../harness/jba-fixture';
import { adultConsent, documentHash, isoDaysAgo, referralIn } from '../harness/fixtures';
import { runWorkerToEnd } from '../harness/processes';
import { migrate } from '../../apps/worker/src/commands';

/* eslint-disable @typescript-eslint/no-require-imports */
const { recreateDatabase } = require('../../infra/stack');
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * Issue 12, "Audit that cannot be rewritten" and "complete and true": the apps' database role may
 * insert audit rows but not change or remove them; the rows are hash-chained and
 * `worker audit-verify` finds an edit or a gap the owner made; retention can prune only what is a
 * year old; what users do is audited, and a failed form submission is not.
 */
describe('Audit integrity', () => {
  const appUrl = process.env.DATABASE_URL!;
  const ownerUrl = process.env.DATABASE_OWNER_URL!;

  async function connect(url: string): Promise<Client> {
    const c = new Client({ connectionString: url });
    await c.connect();
    return c;
  }

  /** The error of a statement that must fail. */
  async function failure(c: Client, sql: string, params: unknown[] = []) {
    const err = await c.query(sql, params).then(
      () => null,
      (e: Error & { code?: string }) => e,
    );
    if (!err) throw new Error(`expected to fail: ${sql}`);
    return { code: err.code, message: err.message };
  }

  describe("the apps' database role", () => {
    let app: Client;
    beforeAll(async () => {
      // Migrations as the owner, then the grants of the apps' role (what `worker migrate` does).
      await migrate();
      app = await connect(appUrl);
    });
    afterAll(() => app?.end());

    it('inserts and reads audit rows, but cannot update, delete or truncate them', async () => {
      expect((await app.query(`select current_user as u`)).rows[0].u).toBe('lotse_app');
      expect(new URL(ownerUrl).username).not.toBe('lotse_app');
      const inserted = await app.query(
        `insert into audit_entry (action, at, detail) values ('integrity-probe', '2000-01-01', '{"probe": true}')
         returning id::text as id, seq::text as seq, at, hash`,
      );
      const row = inserted.rows[0];
      expect(Number(row.seq)).toBeGreaterThan(0);
      expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
      // The time is the database's: the app cannot backdate an entry.
      expect(Math.abs(row.at.getTime() - Date.now())).toBeLessThan(60_000);

      for (const sql of [
        `update audit_entry set action = 'rewritten' where id = $1`,
        `delete from audit_entry where id = $1`,
      ]) {
        expect(await failure(app, sql, [row.id])).toEqual({
          code: '42501',
          message: 'permission denied for table audit_entry',
        });
      }
      expect(await failure(app, `truncate audit_entry`)).toEqual({
        code: '42501',
        message: 'permission denied for table audit_entry',
      });
      // Nor fake where the chain starts, nor change the schema.
      expect(
        (
          await failure(
            app,
            `insert into audit_chain_anchor (seq, hash, cutoff, deleted_count) values (1, 'x', now(), 0)`,
          )
        ).code,
      ).toBe('42501');
      expect((await failure(app, `alter table audit_entry disable trigger all`)).code).toBe(
        '42501',
      );
      expect((await failure(app, `create table lotse_app_probe (id int)`)).code).toBe('42501');
      // The row is still there as written.
      const after = await app.query(`select action, hash from audit_entry where id = $1`, [row.id]);
      expect(after.rows).toEqual([{ action: 'integrity-probe', hash: row.hash }]);
    });

    it('refuses to prune audit younger than a year', async () => {
      const err = await failure(app, `select audit_prune(now() - interval '364 days')`);
      expect(err.code).toBe('22023');
      expect(err.message).toContain('kept at least 365 days');
    });

    it('in production, an app whose role may rewrite the audit does not start', async () => {
      const run = await runWorkerToEnd(
        {
          NODE_ENV: 'production',
          ENGINE_PASSWORD: 'not-the-development-engine-password',
          SESSION_SECRET: 'Yq3vL0b8Zr2N7cWk5Hs9Tm4Jd6Gf1Xp0Ra8Ue2Ki7Bo',
          DATABASE_URL: ownerUrl,
        },
        60_000,
      );
      expect(run.code).not.toBe(0);
      expect(run.output).toContain('may update, delete or truncate audit_entry');
    });
  });

  describe('the hash chain and its check', () => {
    // A database of its own: the owner edits and deletes rows here.
    const scratch = (url: string) => {
      const u = new URL(url);
      u.pathname = `${u.pathname}_chain`;
      return u.toString();
    };
    const chainOwnerUrl = scratch(ownerUrl);
    const chainAppUrl = scratch(appUrl);
    let owner: Client;
    let app: Client;

    /** `worker audit-verify` as an operator runs it, on the chain's database. */
    const auditVerify = async () => {
      const run = await runWorkerToEnd({ DATABASE_URL: chainAppUrl }, 60_000, ['audit-verify']);
      const line = run.output
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l.startsWith('{"msg":"audit chain'))
        .pop();
      return { code: run.code, output: run.output, result: line ? JSON.parse(line) : null };
    };

    beforeAll(async () => {
      await recreateDatabase(chainOwnerUrl);
      await runMigrations(chainOwnerUrl, { appUrl: chainAppUrl });
      owner = await connect(chainOwnerUrl);
      app = await connect(chainAppUrl);
      // Three rows from long ago (only the owner may give a time, e.g. an import), then four new.
      for (const days of [800, 700, 600]) {
        await owner.query(
          `insert into audit_entry (action, at, detail) values ('old', now() - make_interval(days => $1), '{}')`,
          [days],
        );
      }
      await app.query(
        `insert into audit_entry (action, actor_user_id, referral_id, consent_id, detail) values
           ('personal-data-read', gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), '{"where": "referral-view", "n": 1.50}'),
           ('referral-filed', gen_random_uuid(), gen_random_uuid(), null, '{"youngPersonId": "x", "umlaut": "Übergabe"}'),
           ('task-claimed', gen_random_uuid(), null, null, '{"nested": {"b": [1, 2], "a": null}}'),
           ('settings-changed', null, null, null, '{}')`,
      );
    });
    afterAll(async () => {
      await owner?.end();
      await app?.end();
    });

    it('verifies a clean chain with its row count, and Node computes the hashes the database did', async () => {
      const v = await auditVerify();
      expect(v.code).toBe(0);
      expect(v.result).toMatchObject({ ok: true, rows: 7, fromSeq: 1, toSeq: 7, anchorSeq: null });

      const rows = (
        await app.query(
          `select seq::text as seq, id::text as id, at, action, actor_user_id as "actorUserId",
                  recipient_institution_id as "recipientInstitutionId", referral_id as "referralId",
                  consent_id as "consentId", detail::text as detail, prev_hash as "prevHash", hash
             from audit_entry order by seq`,
        )
      ).rows;
      for (const r of rows) {
        expect(auditRowHash({ ...r, at: r.at.toISOString() })).toBe(r.hash);
      }
      expect(rows[3].prevHash).toBe(rows[2].hash);
    });

    it('finds a row the owner edited, names it, and is content again once it is restored', async () => {
      const [row] = (
        await owner.query(
          `select id::text as id, detail::text as detail from audit_entry where seq = 5`,
        )
      ).rows;
      await owner.query(
        `update audit_entry set detail = '{"youngPersonId": "someone else"}' where seq = 5`,
      );
      let v = await auditVerify();
      expect(v.code).toBe(1);
      expect(v.result).toMatchObject({ ok: false, seq: '5', id: row.id, problem: 'edited' });
      expect(v.result.msg).toContain(`seq 5 (id ${row.id}) was changed`);

      // Recomputing the hash of the edited row does not help: the next row's link breaks.
      await owner.query(
        `update audit_entry set hash = audit_entry_hash(seq, id, at, action, actor_user_id,
           recipient_institution_id, referral_id, consent_id, detail, prev_hash) where seq = 5`,
      );
      v = await auditVerify();
      expect(v.code).toBe(1);
      expect(v.result).toMatchObject({ ok: false, seq: '6', problem: 'wrong-link' });

      await owner.query(`update audit_entry set detail = $1::jsonb where seq = 5`, [row.detail]);
      await owner.query(
        `update audit_entry set hash = audit_entry_hash(seq, id, at, action, actor_user_id,
           recipient_institution_id, referral_id, consent_id, detail, prev_hash) where seq = 5`,
      );
      v = await auditVerify();
      expect(v.code).toBe(0);
      expect(v.result).toMatchObject({ ok: true, rows: 7 });
    });

    it('prunes only the part older than a year, and checks on from the anchor', async () => {
      expect((await failure(app, `select audit_prune(now())`)).code).toBe('22023');
      const pruned = await app.query(`select audit_prune(now() - interval '400 days') as n`);
      expect(Number(pruned.rows[0].n)).toBe(3);
      const anchor = await owner.query(
        `select seq::text as seq, deleted_count::int as n from audit_chain_anchor`,
      );
      expect(anchor.rows).toEqual([{ seq: '3', n: 3 }]);
      expect(
        (await app.query(`select min(seq)::int as first, count(*)::int as n from audit_entry`))
          .rows[0],
      ).toEqual({ first: 4, n: 4 });
      // Nothing more is that old: a second run deletes nothing.
      expect(
        Number((await app.query(`select audit_prune(now() - interval '400 days') as n`)).rows[0].n),
      ).toBe(0);

      const v = await auditVerify();
      expect(v.code).toBe(0);
      expect(v.result).toMatchObject({ ok: true, rows: 4, fromSeq: 4, toSeq: 7, anchorSeq: 3 });
      // New rows go on from there.
      await app.query(`insert into audit_entry (action) values ('after-prune')`);
      expect(
        await verifyAuditChain(async (sql, p) => (await app.query(sql, p)).rows),
      ).toMatchObject({
        ok: true,
        rows: 5,
        toSeq: 8,
      });
    });

    it('finds a row the owner deleted from the middle as a gap', async () => {
      const [next] = (await owner.query(`select id::text as id from audit_entry where seq = 7`))
        .rows;
      await owner.query(`delete from audit_entry where seq = 6`);
      const v = await auditVerify();
      expect(v.code).toBe(1);
      expect(v.result).toMatchObject({ ok: false, seq: '7', id: next.id, problem: 'gap' });
      expect(v.result.msg).toContain('rows 6 are missing before seq 7');
    });
  });

  describe('what users do is audited', () => {
    let lotse: Lotse;
    let jba: TestJba;
    let jc: Api;
    let ja: Api;
    let jcCoordinator: Api;

    beforeAll(async () => {
      lotse = await startLotse();
      jba = await createJba(lotse.db);
      jc = await signIn(lotse.baseUrl, jba.users.jcCaseworker);
      ja = await signIn(lotse.baseUrl, jba.users.jaCaseworker);
      jcCoordinator = await signIn(lotse.baseUrl, jba.users.jcCoordinator);
    });
    afterAll(() => lotse?.close());

    const entries = (referralId: string) =>
      lotse.db.query(
        `select action, actor_user_id::text as actor, recipient_institution_id::text as recipient,
                consent_id::text as consent, detail
           from audit_entry where referral_id = $1 order by seq`,
        [referralId],
      );
    const userId = async (username: string): Promise<string> =>
      (
        await lotse.db.query(`select id::text as id from staff_user where username = $1`, [
          username,
        ])
      )[0].id;

    it('filing, reading (the referrer too), revoking a consent each write their entry, ids only', async () => {
      const filed = await jc.post(
        '/api/v1/referrals',
        referralIn(jba, [jba.inst.JC.id, jba.inst.JA.id]),
      );
      expect(filed.status).toBe(202);
      const caseId = filed.body.id as string;
      const jcUser = await userId(jba.users.jcCaseworker);

      let audit = await entries(caseId);
      expect(audit).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            action: 'referral-filed',
            actor: jcUser,
            recipient: jba.inst.JC.id,
          }),
          expect.objectContaining({ action: 'consent-recorded', actor: jcUser }),
        ]),
      );

      // The referrer's own read is a read of personal data as well.
      expect((await jc.get(`/api/v1/referrals/${caseId}`)).status).toBe(200);
      // The Jugendamt reads on the consent.
      const seen = await ja.get(`/api/v1/referrals/${caseId}`);
      expect(seen.body.youngPerson.lastName).toBeTruthy();
      const consentId = seen.body.consents[0].id as string;
      audit = await entries(caseId);
      const reads = audit.filter((e: { action: string }) => e.action === 'personal-data-read');
      expect(reads).toEqual([
        expect.objectContaining({
          recipient: jba.inst.JC.id,
          consent: null,
          detail: { where: 'referral-view', basis: 'referrer' },
        }),
        expect.objectContaining({
          recipient: jba.inst.JA.id,
          consent: consentId,
          detail: { where: 'referral-view', basis: 'consent' },
        }),
      ]);

      const revoked = await ja.post(`/api/v1/referrals/${caseId}/consents/${consentId}/revocation`);
      expect(revoked.status).toBe(200);
      audit = await entries(caseId);
      expect(audit).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            action: 'consent-revoked',
            actor: await userId(jba.users.jaCaseworker),
            recipient: jba.inst.JA.id,
            consent: consentId,
          }),
        ]),
      );
      // Ids only: no name of the young person in any entry of the case.
      const lastName = seen.body.youngPerson.lastName as string;
      expect(JSON.stringify(audit)).not.toContain(lastName);
    });

    it('claiming, giving back and assigning a task are audited; a failed form submission is not', async () => {
      const filed = await jc.post(
        '/api/v1/referrals',
        referralIn(jba, [jba.inst.JC.id], { consent: undefined, referredOn: isoDaysAgo(1) }),
      );
      expect(filed.status).toBe(202);
      const caseId = filed.body.id as string;
      const taskId = await eventually(
        async () => (await jc.get(`/api/v1/referrals/${caseId}`)).body.openTasks?.[0]?.id as string,
        { what: 'the obtain-consent task to be projected' },
      );
      const jcUser = await userId(jba.users.jcCaseworker);
      expect((await jc.post(`/api/v1/tasks/${taskId}/claim`)).status).toBe(200);
      expect((await jc.post(`/api/v1/tasks/${taskId}/unclaim`)).status).toBe(200);
      expect(
        (await jcCoordinator.post(`/api/v1/tasks/${taskId}/assign`, { userId: jcUser })).status,
      ).toBe(200);
      const taskEntries = (await entries(caseId)).filter((e: { action: string }) =>
        e.action.startsWith('task-'),
      );
      expect(taskEntries).toEqual([
        expect.objectContaining({
          action: 'task-claimed',
          actor: jcUser,
          detail: expect.objectContaining({ taskId, assigneeId: jcUser }),
        }),
        expect.objectContaining({
          action: 'task-unclaimed',
          actor: jcUser,
          detail: expect.objectContaining({ taskId, previousAssigneeId: jcUser }),
        }),
        expect.objectContaining({
          action: 'task-assigned',
          actor: await userId(jba.users.jcCoordinator),
          detail: expect.objectContaining({ taskId, assigneeId: jcUser }),
        }),
      ]);

      // A submission the form refuses (400) changes nothing and is no disclosure.
      const before = (await entries(caseId)).length;
      const bad = await jc.post(`/api/v1/tasks/${taskId}/complete`, {
        variables: { consent: { grantedBy: 'nachbar', signedOn: '2026-02-30' } },
      });
      expect(bad.status).toBe(400);
      expect(await entries(caseId)).toHaveLength(before);

      // A valid one completes the task: recorded with the consent it brought.
      const done = await jc.post(`/api/v1/tasks/${taskId}/complete`, {
        variables: {
          consent: {
            ...adultConsent({ recipients: [jba.inst.JC.id], signedOn: isoDaysAgo(1) }),
            capacityConfirmed: false,
            guardianInformed: false,
            documentHash: documentHash(),
          },
        },
      });
      expect(done.status).toBe(200);
      const after = (await entries(caseId)).map((e: { action: string }) => e.action);
      expect(after).toEqual(expect.arrayContaining(['consent-recorded', 'task-completed']));
    });

    it('the whole audit written by the suite so far still verifies', async () => {
      const result = await verifyAuditChain((sql, p) => lotse.db.query(sql, p));
      expect(result).toMatchObject({ ok: true });
    });
  });
});
