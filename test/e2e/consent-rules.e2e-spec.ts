import { Api, Lotse, referralInStatus, signIn, startLotse } from '../harness/lotse';
import { createJba, TestJba } from '../harness/jba-fixture';
import { adultConsent, birthDateForAge, isoDaysAgo, referralIn } from '../harness/fixtures';

/**
 * Consent rules, tightened (issue 12): dates that cannot be true are refused, the referral date
 * has a window, and the JBA decides whether 15–17-year-olds may consent alone (default: the
 * guardians sign, and their names are recorded — both under joint custody).
 */
describe('Consent rules', () => {
  let lotse: Lotse;
  let jba: TestJba;
  let admin: Api;
  let jc: Api;

  beforeAll(async () => {
    lotse = await startLotse();
    jba = await createJba(lotse.db);
    admin = await signIn(lotse.baseUrl, jba.users.jaAdmin);
    jc = await signIn(lotse.baseUrl, jba.users.jcCaseworker);
  });
  afterAll(() => lotse?.close());

  const fields = (body: { errors?: Array<{ field: string }> }) =>
    (body.errors ?? []).map((e) => e.field).sort();
  const recipients = () => [jba.inst.JC.id, jba.inst.JA.id];
  const file = (overrides: Record<string, unknown> = {}, person: Record<string, unknown> = {}) =>
    jc.post('/api/v1/referrals', referralIn(jba, recipients(), overrides, person));

  it('refuses a consent signed before the birth or in the future, when filing and later', async () => {
    const birthDate = birthDateForAge(20);
    const beforeBirth = isoDaysAgo(1, new Date(`${birthDate}T12:00:00Z`));
    let res = await file(
      { consent: adultConsent({ recipients: recipients(), signedOn: beforeBirth }) },
      { birthDate },
    );
    expect(res.status).toBe(400);
    expect(fields(res.body)).toEqual(['consent.signedOn']);
    expect(res.body.errors[0].messages.join(' ')).toContain('Geburt');

    res = await file(
      { consent: adultConsent({ recipients: recipients(), signedOn: isoDaysAgo(-2) }) },
      { birthDate },
    );
    expect(res.status).toBe(400);
    expect(fields(res.body)).toEqual(['consent.signedOn']);

    // Added later to a case that waits for it.
    const accepted = await file({ consent: undefined }, { birthDate });
    expect(accepted.status).toBe(202);
    res = await jc.post(
      `/api/v1/referrals/${accepted.body.id}/consents`,
      adultConsent({ recipients: recipients(), signedOn: beforeBirth }),
    );
    expect(res.status).toBe(400);
    expect(fields(res.body)).toEqual(['signedOn']);
    res = await jc.post(
      `/api/v1/referrals/${accepted.body.id}/consents`,
      adultConsent({ recipients: recipients(), signedOn: isoDaysAgo(-2) }),
    );
    expect(res.status).toBe(400);
    expect(fields(res.body)).toEqual(['signedOn']);
    const stored = await lotse.db.query(
      `select count(*)::int as n from consent where referral_id = $1`,
      [accepted.body.id],
    );
    expect(stored[0].n).toBe(0);
  });

  it('refuses a referral date in the future or further back than the JBA allows', async () => {
    let res = await file({ referredOn: isoDaysAgo(-1) });
    expect(res.status).toBe(400);
    expect(fields(res.body)).toEqual(['referredOn']);

    // Default: 90 days.
    expect((await admin.get('/api/v1/jba/settings')).body).toMatchObject({
      maxReferralBackdatingDays: 90,
      minorsMayConsentAlone: false,
    });
    res = await file({ referredOn: isoDaysAgo(91) });
    expect(res.status).toBe(400);
    expect(fields(res.body)).toEqual(['referredOn']);
    expect(res.body.errors[0].messages.join(' ')).toContain('90 Tage');
    res = await file({ referredOn: isoDaysAgo(89) });
    expect(res.status).toBe(202);

    const bad = await admin.patch('/api/v1/jba/settings', { maxReferralBackdatingDays: -1 });
    expect(bad.status).toBe(400);
    expect(fields(bad.body)).toEqual(['maxReferralBackdatingDays']);
    const changed = await admin.patch('/api/v1/jba/settings', { maxReferralBackdatingDays: 10 });
    expect(changed.status).toBe(200);
    expect(changed.body.maxReferralBackdatingDays).toBe(10);
    try {
      res = await file({ referredOn: isoDaysAgo(12) });
      expect(res.status).toBe(400);
      expect(fields(res.body)).toEqual(['referredOn']);
      res = await file({
        referredOn: isoDaysAgo(9),
        consent: adultConsent({ recipients: recipients(), signedOn: isoDaysAgo(9) }),
      });
      expect(res.status).toBe(202);
    } finally {
      await admin.patch('/api/v1/jba/settings', { maxReferralBackdatingDays: 90 });
    }
  });

  it("does not count a 16-year-old's own consent by default, and does where the JBA allows it", async () => {
    const minor = { birthDate: birthDateForAge(16) };
    const alone = () =>
      adultConsent({ recipients: recipients(), signedOn: isoDaysAgo(7), capacityConfirmed: true });

    const strict = await file({ consent: alone() }, minor);
    expect(strict.status).toBe(202);
    const waiting = await referralInStatus(jc, strict.body.id, 'awaiting-consent');
    expect(waiting.statusReason.code).toBe('guardians-must-sign-for-minors');
    expect(waiting.consents[0]).toMatchObject({ valid: false });

    const changed = await admin.patch('/api/v1/jba/settings', { minorsMayConsentAlone: true });
    expect(changed.status).toBe(200);
    try {
      const lenient = await file({ consent: alone() }, minor);
      expect(lenient.status).toBe(202);
      await referralInStatus(jc, lenient.body.id, 'awaiting-conference');
      // A consent is judged by the rule it was taken under: the first one still does not count.
      const first = await jc.get(`/api/v1/referrals/${strict.body.id}`);
      expect(first.body.consents[0]).toMatchObject({ valid: false });
    } finally {
      await admin.patch('/api/v1/jba/settings', { minorsMayConsentAlone: false });
    }
  });

  it("records the guardians' names, both under joint custody", async () => {
    const minor = { birthDate: birthDateForAge(16) };
    const guardian = (o: Record<string, unknown>) =>
      adultConsent({ recipients: recipients(), grantedBy: 'guardian', ...o });

    let res = await file({ consent: guardian({}) }, minor);
    expect(res.status).toBe(400);
    expect(fields(res.body)).toEqual(['consent.guardianNames']);

    res = await file(
      { consent: guardian({ jointCustody: true, guardianNames: ['Petra Muster'] }) },
      minor,
    );
    expect(res.status).toBe(400);
    expect(fields(res.body)).toEqual(['consent.guardianNames']);
    expect(res.body.errors[0].messages.join(' ')).toContain('beide');

    res = await file(
      {
        consent: guardian({ jointCustody: true, guardianNames: ['Petra Muster', 'Paul Muster'] }),
      },
      minor,
    );
    expect(res.status).toBe(202);
    const view = await referralInStatus(jc, res.body.id, 'awaiting-conference');
    expect(view.consents[0]).toMatchObject({
      valid: true,
      jointCustody: true,
      guardianNames: ['Petra Muster', 'Paul Muster'],
    });
  });
});
