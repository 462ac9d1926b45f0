import type { ChildProcess } from 'node:child_process';
import {
  DAY_MS,
  eventually,
  Lotse,
  mailbox,
  signIn,
  startLotse,
  testEngine,
} from '../harness/lotse';
import { createJba } from '../harness/jba-fixture';
import { isoDaysAgo, referralIn } from '../harness/fixtures';
import { exited, spawnWorker } from '../harness/processes';

/**
 * A worker process dies after it queued the invitations and before it completed the external
 * task. The engine hands the task to the next worker once the lock ran out; that worker finds
 * the mails already recorded: each invitation reaches its recipient exactly once.
 */
describe('A worker crash between "mail queued" and "task completed"', () => {
  let lotse: Lotse;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    lotse = await startLotse({ worker: false });
  });
  afterAll(async () => {
    for (const w of workers) w.kill('SIGTERM');
    await Promise.all(workers.map(exited));
    await lotse?.close();
  });

  it('sends each invitation once', async () => {
    const crashing = spawnWorker({
      LOTSE_CRASH_BEFORE_ACK: 'lotse.conference.send-invitations',
      WORKER_LOCK_DURATION_MS: '4000',
    });
    workers.push(crashing);

    const jba = await createJba(lotse.db);
    const jc = await signIn(lotse.baseUrl, jba.users.jcCaseworker);
    const coordinator = await signIn(lotse.baseUrl, jba.users.jaCoordinator);
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const res = await jc.post(
        '/api/v1/referrals',
        referralIn(jba, [jba.inst.JC.id, jba.inst.JA.id, jba.inst.AA.id], {
          referredOn: isoDaysAgo(3),
        }),
      );
      ids.push(res.body.id);
    }
    await eventually(
      async () =>
        (await Promise.all(ids.map((id) => jc.get(`/api/v1/referrals/${id}`)))).every(
          (r) => r.body.status === 'awaiting-conference',
        ),
      { what: 'the referrals to wait for a conference', timeoutMs: 60_000 },
    );

    const t0 = Math.max(Date.now(), (await testEngine.now()).getTime());
    const planned = await coordinator.post('/api/v1/conferences', {
      kind: 'extraordinary',
      startsAt: new Date(t0 + 5 * DAY_MS).toISOString(),
      place: 'Jugendamt',
      capacity: 4,
      referralDeadline: new Date(t0 + 2 * DAY_MS).toISOString(),
    });
    expect(planned.status).toBe(201);
    await testEngine.advanceClock(3 * DAY_MS);

    // The first worker records the invitations, then dies before reporting the task done.
    const death = await Promise.race([
      exited(crashing),
      new Promise<null>((r) => setTimeout(() => r(null), 60_000)),
    ]);
    expect(death).toEqual({ code: null, signal: 'SIGKILL' });
    const recorded = await lotse.db.query(
      `select count(*)::int as n from notification where conference_id = $1 and template = 'conference-invitation'`,
      [planned.body.id],
    );
    expect(recorded[0].n).toBe(3);

    // The next worker gets the task again once its lock has run out, and completes it.
    workers.push(spawnWorker({ WORKER_LOCK_DURATION_MS: '4000' }));
    await eventually(
      async () =>
        (await coordinator.get(`/api/v1/conferences/${planned.body.id}`)).body.status === 'invited',
      {
        what: 'the invitations task to complete on the second worker',
        timeoutMs: 90_000,
      },
    );
    const invitations = async () =>
      (await mailbox.all({ subject: 'Einladung: Fallkonferenz' })).filter((m) =>
        m.text.includes(jba.name),
      );
    await eventually(async () => ((await invitations()).length >= 3 ? true : undefined), {
      what: 'the invitations to arrive',
      timeoutMs: 90_000,
    });
    // Give a duplicate every chance to show up.
    await new Promise((r) => setTimeout(r, 5000));
    const mails = await invitations();
    expect(mails.map((m) => m.to[0]).sort()).toEqual(
      [jba.inst.AA.email, jba.inst.JA.email, jba.inst.JC.email].sort(),
    );
  });
});
