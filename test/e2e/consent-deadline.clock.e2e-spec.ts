import {
  client,
  DAY_MS,
  eventually,
  Lotse,
  mailbox,
  signIn,
  startLotse,
  testEngine,
} from '../harness/lotse';
import { I, referral } from '../harness/fixtures';

/**
 * The consent timers of the model, driven by the engine's controlled clock: the referrer is
 * reminded every 14 days (days 14, 28, 42) and the case is given up after 56 days (the demo JBA's settings).
 */
describe('A referral without consent (engine clock)', () => {
  let lotse: Lotse;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    lotse = await startLotse();
    api = await signIn(lotse.baseUrl, 'jc.sachbearbeitung');
  });
  afterAll(() => lotse?.close());

  it('reminds the referrer, then gives up at the deadline', async () => {
    const accepted = (await api.post('/api/v1/referrals', referral({ consent: undefined }))).body;
    const waiting = await eventually(
      async () => {
        const r = (await api.get(`/api/v1/referrals/${accepted.id}`)).body;
        return r.status === 'awaiting-consent' && r.openTasks.length === 1 ? r : undefined;
      },
      { what: 'the case to wait in obtain consent' },
    );
    expect(waiting.openTasks[0].name).toBe('Einwilligung einholen');

    const reminders = () =>
      mailbox.all({
        subject: `Erinnerung: Einwilligung für Fallmeldung ${accepted.reference} fehlt`,
      });
    expect(await reminders()).toHaveLength(0);

    await testEngine.advanceClock(15 * DAY_MS);
    const first = await eventually(
      async () => ((await reminders()).length === 1 ? await reminders() : undefined),
      {
        what: 'the first reminder',
      },
    );
    expect(first[0].to).toEqual([I.JC.contactEmail]);
    expect(first[0].text).toContain('keine Schweigepflichtsentbindung');

    await testEngine.advanceClock(14 * DAY_MS);
    await eventually(async () => ((await reminders()).length === 2 ? true : undefined), {
      what: 'the second reminder',
    });

    await testEngine.advanceClock(14 * DAY_MS);
    await eventually(async () => ((await reminders()).length === 3 ? true : undefined), {
      what: 'the third reminder',
    });

    await testEngine.advanceClock(14 * DAY_MS);
    const closed = await eventually(
      async () => {
        const r = (await api.get(`/api/v1/referrals/${accepted.id}`)).body;
        // the task list hears of the task the deadline ended from the engine's task events
        return r.status === 'no-consent' && r.openTasks.length === 0 ? r : undefined;
      },
      { what: 'the case to be given up and its task gone' },
    );
    expect(closed.statusReason.code).toBe('consent-deadline-passed');
    const notice = await eventually(
      async () => {
        const m = await mailbox.all({
          subject: `Fallmeldung ${accepted.reference} ohne Einwilligung beendet`,
        });
        return m.length > 0 ? m : undefined;
      },
      { what: 'the notice to the referrer' },
    );
    expect(notice).toHaveLength(1);
    // No reminder after the case was given up, even when the clock moves on.
    await testEngine.advanceClock(15 * DAY_MS);
    await new Promise((r) => setTimeout(r, 2000));
    expect(await reminders()).toHaveLength(3);
  });
});
