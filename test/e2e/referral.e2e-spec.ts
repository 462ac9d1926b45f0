import {
  client,
  eventually,
  signIn,
  Lotse,
  mailbox,
  referralInStatus,
  startLotse,
} from '../harness/lotse';
import { EngineClient, toEngineVariables } from '@lotse/engine';
import { adultConsent, birthDateForAge, I, isoDaysAgo, referral } from '../harness/fixtures';

describe('A referral runs through consent and eligibility on the real engine', () => {
  let lotse: Lotse;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    lotse = await startLotse();
    api = await signIn(lotse.baseUrl, 'jc.sachbearbeitung');
  });
  afterAll(() => lotse?.close());

  async function submit(body: unknown, headers?: Record<string, string>) {
    const res = await api.post('/api/v1/referrals', body, headers);
    expect(res.status).toBe(202);
    return res.body as { id: string; reference: string; status: string };
  }

  const statusOf = (id: string, status: string) => referralInStatus(api, id, status);

  it('takes an adult with a valid consent to "awaiting conference"', async () => {
    const accepted = await submit(referral());
    expect(accepted.status).toBe('received');
    expect(accepted.reference).toMatch(/^FM-\d{4}-\d{5}$/);

    const view = await statusOf(accepted.id, 'awaiting-conference');
    expect(view.statusLabel).toBe('Wartet auf Fallkonferenz');
    expect(view.processInstanceId).toEqual(expect.any(String));
    expect(view.consents).toHaveLength(1);
    expect(view.consents[0].valid).toBe(true);
    expect(view.history.map((h: { type: string }) => h.type)).toEqual(
      expect.arrayContaining([
        'received',
        'consent-recorded',
        'consent-checked',
        'eligibility-checked',
        'status-changed',
      ]),
    );
  });

  it('keeps a referral without consent in "obtain consent" and moves it on once the consent is added', async () => {
    const accepted = await submit(referral({ consent: undefined }));
    const waiting = await statusOf(accepted.id, 'awaiting-consent');
    expect(waiting.statusReason).toEqual({
      code: 'consent-missing',
      message: 'Es liegt keine Schweigepflichtsentbindung vor.',
    });

    const added = await api.post(`/api/v1/referrals/${accepted.id}/consents`, adultConsent());
    expect(added.status).toBe(201);
    expect(added.body.valid).toBe(true);

    const moved = await statusOf(accepted.id, 'awaiting-conference');
    expect(moved.statusReason).toBeNull();
  });

  it('counts a consent obtained after the referral from the day it was signed', async () => {
    const accepted = await submit(referral({ consent: undefined, referredOn: isoDaysAgo(5) }));
    await statusOf(accepted.id, 'awaiting-consent');
    const added = await api.post(
      `/api/v1/referrals/${accepted.id}/consents`,
      adultConsent({ signedOn: isoDaysAgo(1) }),
    );
    expect(added.status).toBe(201);
    expect(added.body.valid).toBe(true);
    const moved = await statusOf(accepted.id, 'awaiting-conference');
    expect(moved.referredOn).toBe(isoDaysAgo(1));
    expect(moved.history.map((h: { label: string }) => h.label)).toContain(
      'Fallmeldung gilt ab dem Tag der Einwilligung',
    );
  });

  it('does not let a 17-year-old through who signed alone without confirmed capacity', async () => {
    const accepted = await submit(
      referral(
        {
          consent: adultConsent({
            grantedBy: 'self',
            capacityConfirmed: false,
            guardianInformed: true,
          }),
        },
        { birthDate: birthDateForAge(17) },
      ),
    );
    const view = await statusOf(accepted.id, 'awaiting-consent');
    expect(view.statusReason.code).toBe('minor-without-capacity');
    expect(view.consents[0]).toMatchObject({ valid: false, guardianInformed: true });
    expect(view.consents[0].invalidReason.message).toContain('Einsichtsfähigkeit');
  });

  it('lets a 17-year-old through whose guardian signed (alone with capacity: consent-rules)', async () => {
    const accepted = await submit(
      referral(
        { consent: adultConsent({ grantedBy: 'guardian', guardianNames: ['Petra Muster'] }) },
        { birthDate: birthDateForAge(17) },
      ),
    );
    await statusOf(accepted.id, 'awaiting-conference');
  });

  it('turns away a 25-year-old and tells the referrer why, without naming the young person', async () => {
    const accepted = await submit(
      referral({}, { birthDate: birthDateForAge(25), lastName: 'Zuweisungsprobe' }),
    );
    const view = await statusOf(accepted.id, 'ineligible');
    expect(view.statusReason).toEqual({
      code: 'age-limit-reached',
      message: 'Die Altersgrenze der Jugendberufsagentur ist erreicht.',
    });
    const mails = await eventually(
      async () => {
        const m = await mailbox.all({ subject: accepted.reference });
        return m.length ? m : undefined;
      },
      { what: 'the notice to the referrer' },
    );
    expect(mails).toHaveLength(1);
    expect(mails[0].to).toEqual([I.JC.contactEmail]);
    expect(mails[0].subject).toBe(`Fallmeldung ${accepted.reference}: nicht in der Zielgruppe`);
    expect(mails[0].text).toContain('Altersgrenze');
    expect(mails[0].text).not.toContain('Zuweisungsprobe');
  });

  it('turns away a young person who lives in another town', async () => {
    const accepted = await submit(referral({}, { municipality: 'Aachen' }));
    const view = await statusOf(accepted.id, 'ineligible');
    expect(view.statusReason.code).toBe('not-resident');
    expect(
      view.history.some((h: { reason?: { code: string } }) => h.reason?.code === 'not-resident'),
    ).toBe(true);
  });

  it('does not count a consent signed after the referral', async () => {
    const accepted = await submit(
      referral({ referredOn: isoDaysAgo(10), consent: adultConsent({ signedOn: isoDaysAgo(2) }) }),
    );
    const view = await statusOf(accepted.id, 'awaiting-consent');
    expect(view.statusReason.code).toBe('consent-signed-after-referral');
  });

  it('treats a consent that names no recipient as invalid', async () => {
    const accepted = await submit(referral({ consent: adultConsent({ recipients: [] }) }));
    const view = await statusOf(accepted.id, 'awaiting-consent');
    expect(view.statusReason.code).toBe('consent-names-no-recipient');
  });

  it('cancels a second process instance of the same case and keeps the first', async () => {
    const accepted = await submit(referral());
    const waiting = await statusOf(accepted.id, 'awaiting-conference');
    // A start message that reached the engine a second time past the relay's check starts a
    // second instance; here it is sent to the engine directly.
    const engine = lotse.worker!.get(EngineClient);
    const [started] = (await engine.correlateMessage({
      messageName: 'referral-received',
      businessKey: accepted.id,
      resultEnabled: true,
      processVariables: toEngineVariables({
        caseId: accepted.id,
        referringInstitutionId: I.JC.id,
        consentReminderInterval: 'P14D',
        consentReminderCycle: 'R3/P14D',
        consentDeadline: 'P56D',
      }),
    })) as Array<{ processInstance: { id: string } }>;
    expect(started.processInstance.id).not.toBe(waiting.processInstanceId);
    // Its first external task finds the case run by another instance and cancels it.
    await eventually(
      async () => {
        const [h] = await engine.get<Array<{ state: string }>>(
          `/history/process-instance?processInstanceId=${started.processInstance.id}`,
        );
        return h?.state === 'EXTERNALLY_TERMINATED';
      },
      { what: 'the second instance to be cancelled' },
    );
    const after = (await api.get(`/api/v1/referrals/${accepted.id}`)).body;
    expect(after.status).toBe('awaiting-conference');
    expect(after.processInstanceId).toBe(waiting.processInstanceId);
    expect(
      after.history.filter((h: { type: string }) => h.type === 'consent-checked'),
    ).toHaveLength(1);
  });

  it('does not start a second instance when the relay sends a start again', async () => {
    const accepted = await submit(referral());
    await statusOf(accepted.id, 'awaiting-conference');
    // As if the relay had crashed after the engine took the start but before it noted so.
    const [[{ id }]] = await lotse.db.query(
      `update outbox_message set sent_at = null, attempts = 0 where dedup_key = $1 returning id`,
      [`referral-received:${accepted.id}`],
    );
    await eventually(
      async () => {
        const [row] = await lotse.db.query(`select sent_at from outbox_message where id = $1`, [
          id,
        ]);
        return row.sent_at !== null;
      },
      { what: 'the relay to take the start again' },
    );
    const engine = lotse.worker!.get(EngineClient);
    expect(await engine.countProcessInstances(accepted.id, 'case-referral')).toBe(1);
  });
});
