import {
  DAY_MS,
  eventually,
  Lotse,
  referralInStatus,
  signIn,
  startLotse,
  testEngine,
} from '../harness/lotse';
import { documentHash, I, isoDaysAgo, referral } from '../harness/fixtures';
import { caseTask, engineNow } from '../harness/follow-up-fixture';

/**
 * A guardian's consent ends on the 18th birthday (issue 12): the daily review of the engine
 * (`guardian-consent-review`, at 05:00 engine time) finds the case, its history says so, and the
 * referrer gets the task to obtain the young person's own consent.
 */
describe("A guardian's consent when the young person turns 18 (engine clock)", () => {
  let lotse: Lotse;

  beforeAll(async () => {
    lotse = await startLotse();
  });
  afterAll(() => lotse?.close());

  it('gives the referrer the task to obtain the own consent, once', async () => {
    const jc = await signIn(lotse.baseUrl, 'jc.sachbearbeitung');
    // 18 in three days (wall clock): the guardian's consent counts today.
    const birthday = new Date(Date.now() + 3 * DAY_MS);
    const birthDate = `${birthday.getUTCFullYear() - 18}${birthday.toISOString().slice(4, 10)}`;
    const accepted = await jc.post(
      '/api/v1/referrals',
      referral(
        {
          consent: {
            grantedBy: 'guardian',
            guardianNames: ['Erika Mustermann'],
            signedOn: isoDaysAgo(2),
            recipients: [I.JA.id, I.AA.id],
            purposes: ['case-conference', 'information-exchange'],
            documentHash: documentHash(),
          },
          referredOn: isoDaysAgo(1),
        },
        { birthDate },
      ),
    );
    expect(accepted.status).toBe(202);
    const id = accepted.body.id as string;
    await referralInStatus(jc, id, 'awaiting-conference');
    const ja = await signIn(lotse.baseUrl, 'ja.sachbearbeitung');
    expect((await ja.get(`/api/v1/referrals/${id}`)).body.youngPerson).not.toBeNull();

    // Past the birthday (engine time) and past the next 05:00.
    const birthdayMs = Date.parse(`${birthday.toISOString().slice(0, 10)}T00:00:00Z`);
    await testEngine.advanceClock(Math.max(0, birthdayMs - (await engineNow())) + 1.5 * DAY_MS);

    const taskId = await caseTask(jc, id, 'Task_ObtainOwnConsent');
    const task = (await jc.get(`/api/v1/tasks/${taskId}`)).body;
    expect(task.name).toBe('Eigene Einwilligung einholen (volljährig)');
    const view = (await jc.get(`/api/v1/referrals/${id}`)).body;
    const ended = view.history.filter((h: { type: string }) => h.type === 'guardian-consent-ended');
    expect(ended).toHaveLength(1);
    expect(ended[0].reason.code).toBe('guardian-consent-ended-at-majority');

    // Another day: the review runs again and tells the case nothing twice.
    await testEngine.advanceClock(1.2 * DAY_MS);
    await eventually(
      async () => {
        const done = await lotse.db.query(
          `select count(*)::int as n from engine.act_hi_procinst
            where proc_def_key_ = 'guardian-consent-review' and end_time_ is not null`,
        );
        return done[0].n >= 2 ? true : undefined;
      },
      { what: 'a second review' },
    );
    const tasks = await jc.get(`/api/v1/tasks?type=Task_ObtainOwnConsent&pageSize=100`);
    expect(
      (tasks.body.items as Array<{ caseId: string }>).filter((t) => t.caseId === id),
    ).toHaveLength(1);
  });
});
