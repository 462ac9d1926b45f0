import { Client } from 'pg';
import { berlinParts } from '@lotse/common';
import { TaskNotifier } from '@lotse/task-notification';
import {
  Api,
  DAY_MS,
  eventually,
  Lotse,
  mailbox,
  SinkMail,
  signIn,
  startLotse,
  testEngine,
} from '../harness/lotse';
import { createJba, TestJba } from '../harness/jba-fixture';
import { isoDaysAgo, referralIn } from '../harness/fixtures';

/* eslint-disable @typescript-eslint/no-require-imports */
const { TEST_ENV } = require('../harness/test-env');
/* eslint-enable @typescript-eslint/no-require-imports */

const HOUR_MS = 3600 * 1000;

/**
 * The hourly run of `bpmn/staff-notifications.bpmn` with the engine's clock moved: an overdue
 * task reminds "sofort" once, "täglich" gets one digest (from 07:00 German time) with the new
 * task and the reminder, "aus" nothing; a redelivered or a later run sends nothing twice.
 */
describe('Task reminders and the daily digest (engine clock)', () => {
  let lotse: Lotse;
  let owner: Client;
  let jba: TestJba;
  let jc: Api;
  const email = (username: string) => `${username}@partner.test`;
  const mailsTo = (username: string, subject?: string): Promise<SinkMail[]> =>
    mailbox.all({ to: email(username), ...(subject ? { subject } : {}) });

  beforeAll(async () => {
    lotse = await startLotse();
    owner = new Client({ connectionString: TEST_ENV.DATABASE_OWNER_URL ?? TEST_ENV.DATABASE_URL });
    await owner.connect();
    jba = await createJba(lotse.db);
    jc = await signIn(lotse.baseUrl, jba.users.jcCaseworker);
    const coordinator = await signIn(lotse.baseUrl, jba.users.jcCoordinator);
    const admin = await signIn(lotse.baseUrl, jba.users.jcAdmin);
    await coordinator.put('/api/v1/me/notification-settings', { taskNotifications: 'daily' });
    await admin.put('/api/v1/me/notification-settings', { taskNotifications: 'off' });
  });
  afterAll(async () => {
    await owner?.end();
    await lotse?.close();
  });

  /** Finished runs of the timer process so far. */
  const finishedRuns = async (): Promise<number> =>
    (
      await owner.query(
        `select count(*)::int as n from "${TEST_ENV.ENGINE_DB_SCHEMA}".act_hi_procinst
          where proc_def_key_ = 'staff-notifications' and end_time_ is not null`,
      )
    ).rows[0].n;

  /** Moves the engine's clock by at least `ms`, on to the next 10:xx German time. */
  async function advanceTo10Berlin(ms: number): Promise<Date> {
    const now = (await testEngine.now()).getTime();
    let target = now + ms;
    while (berlinParts(new Date(target)).time.slice(0, 2) !== '10') target += HOUR_MS / 2;
    await testEngine.advanceClock(target - now);
    return new Date(target);
  }

  it('reminds of an overdue task once and sends the digest once a day', async () => {
    const lastName = `Erinnert-${jba.municipality.slice(-8)}`;
    const filed = await jc.post(
      '/api/v1/referrals',
      referralIn(
        jba,
        [jba.inst.JC.id],
        { consent: undefined, referredOn: isoDaysAgo(1) },
        { firstName: 'Konstantin', lastName, birthDate: '2004-11-23' },
      ),
    );
    expect(filed.status).toBe(202);
    const taskId = await eventually(
      async () =>
        (await jc.get(`/api/v1/referrals/${filed.body.id}`)).body.openTasks?.[0]?.id as string,
      { what: 'the obtain-consent task to be projected' },
    );
    const link = `http://lotse.test/aufgaben/${taskId}`;
    await eventually(async () => (await mailsTo(jba.users.jcCaseworker, 'Neue Aufgabe')).length, {
      what: 'the immediate mail',
    });
    // "täglich" waits for the digest
    expect(await mailsTo(jba.users.jcCoordinator)).toHaveLength(0);

    // The task is due after 14 days (the JBA's consent reminder interval): 15 days on it is overdue.
    const runsBefore = await finishedRuns();
    const at = await advanceTo10Berlin(15 * DAY_MS);
    const [reminder] = await eventually(
      async () => {
        const got = await mailsTo(jba.users.jcCaseworker, 'Erinnerung');
        return got.length ? got : undefined;
      },
      { what: 'the overdue reminder after the clock moved', timeoutMs: 90_000 },
    );
    expect(reminder.subject).toBe('Erinnerung: eine Aufgabe ist überfällig');
    expect(reminder.text).toContain('Überfällig (1)');
    expect(reminder.text).toContain('Aufgabe: Einwilligung einholen');
    expect(reminder.text).toContain(link);

    const [digest] = await eventually(
      async () => {
        const got = await mailsTo(jba.users.jcCoordinator, 'Tagesübersicht');
        return got.length ? got : undefined;
      },
      { what: 'the daily digest', timeoutMs: 90_000 },
    );
    expect(digest.subject).toBe(
      `Ihre Aufgaben in Lotse: Tagesübersicht vom ${berlinParts(at).date}`,
    );
    expect(digest.text).toContain('Neu für Ihre Gruppe (1)');
    expect(digest.text).toContain('Überfällig (1)');
    expect(digest.text).toContain(link);
    for (const mail of [reminder, digest]) {
      for (const personal of [lastName, 'Konstantin', '2004-11-23', '23.11.2004'])
        expect(`${mail.subject}\n${mail.text}`).not.toContain(personal);
    }
    // "aus": nothing at all
    expect(await mailsTo(jba.users.jcAdmin)).toHaveLength(0);
    await eventually(async () => (await finishedRuns()) > runsBefore, {
      what: 'the run to finish',
    });

    // A redelivered run at the same time adds nothing.
    const again = await lotse.worker!.get(TaskNotifier).dailyRun(await testEngine.now());
    expect(again).toEqual({ reminders: 0, digests: 0 });

    // The next hour's run (the same German day) and the next day's: no second reminder for the
    // same task, no second digest that day, and no digest without news.
    for (const step of [HOUR_MS, DAY_MS]) {
      const before = await finishedRuns();
      await testEngine.advanceClock(step);
      await eventually(async () => (await finishedRuns()) > before, {
        what: 'the next hourly run',
        timeoutMs: 90_000,
      });
    }
    expect(await mailsTo(jba.users.jcCaseworker, 'Erinnerung')).toHaveLength(1);
    expect(await mailsTo(jba.users.jcCoordinator, 'Tagesübersicht')).toHaveLength(1);
    expect(await mailsTo(jba.users.jcAdmin)).toHaveLength(0);
  });
});
