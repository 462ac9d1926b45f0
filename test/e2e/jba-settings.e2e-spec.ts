import { Lotse, referralInStatus, signIn, startLotse } from '../harness/lotse';
import { createJba } from '../harness/jba-fixture';
import { birthDateForAge, referralIn } from '../harness/fixtures';

/** Einstellungen: the coordinating institution's admins set the JBA's target group and timings. */
describe('JBA settings', () => {
  let lotse: Lotse;

  beforeAll(async () => {
    lotse = await startLotse();
  });
  afterAll(() => lotse?.close());

  const fields = (body: { errors?: Array<{ field: string }> }) =>
    (body.errors ?? []).map((e) => e.field).sort();

  it('lets the coordinating admin change the age limit, and the next referral is checked against it', async () => {
    const jba = await createJba(lotse.db);
    const admin = await signIn(lotse.baseUrl, jba.users.jaAdmin);
    const jc = await signIn(lotse.baseUrl, jba.users.jcCaseworker);

    const before = await admin.get('/api/v1/jba/settings');
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ id: jba.id, ageLimit: 25, editable: true });
    // Any signed-in user of the JBA reads them; only the coordinating admin may change them.
    const read = await jc.get('/api/v1/jba/settings');
    expect(read.body).toMatchObject({ ageLimit: 25, editable: false });

    const changed = await admin.patch('/api/v1/jba/settings', {
      ageLimit: 21,
      consentReminderInterval: 'P7D',
      consentDeadline: 'P28D',
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      ageLimit: 21,
      consentReminderInterval: 'P7D',
      consentDeadline: 'P28D',
      municipality: jba.municipality,
    });

    // A 22-year-old was within 25 and is not within 21.
    const accepted = await jc.post(
      '/api/v1/referrals',
      referralIn(jba, [jba.inst.JC.id, jba.inst.JA.id], {}, { birthDate: birthDateForAge(22) }),
    );
    expect(accepted.status).toBe(202);
    const view = await referralInStatus(jc, accepted.body.id, 'ineligible');
    expect(view.statusReason.code).toBe('age-limit-reached');

    const audited = await lotse.db.query(
      `select detail from audit_entry where action = 'settings-changed' and detail->>'jbaId' = $1`,
      [jba.id],
    );
    expect(audited).toHaveLength(1);
    expect(audited[0].detail.changes).toEqual({
      ageLimit: 21,
      consentReminderInterval: 'P7D',
      consentDeadline: 'P28D',
    });
  });

  it('refuses other institutions’ admins and names every bad field', async () => {
    const jba = await createJba(lotse.db);
    const jcAdmin = await signIn(lotse.baseUrl, jba.users.jcAdmin);
    const coordinator = await signIn(lotse.baseUrl, jba.users.jaCoordinator);
    expect((await jcAdmin.patch('/api/v1/jba/settings', { ageLimit: 24 })).status).toBe(403);
    expect((await coordinator.patch('/api/v1/jba/settings', { ageLimit: 24 })).status).toBe(403);

    const admin = await signIn(lotse.baseUrl, jba.users.jaAdmin);
    const bad = await admin.patch('/api/v1/jba/settings', {
      name: '',
      ageLimit: 99,
      consentReminderInterval: '14 Tage',
      callForReferralsLeadTime: 'P1M',
      coordinatingInstitutionId: jba.inst.JC.id,
    });
    expect(bad.status).toBe(400);
    expect(fields(bad.body)).toEqual([
      'ageLimit',
      'callForReferralsLeadTime',
      'consentReminderInterval',
      'coordinatingInstitutionId',
      'name',
    ]);
    // Named by their German labels; the format is the API's (ISO-8601): the settings page
    // sends numbers and units and words any such message for staff (apps/web/src/durations.ts).
    const messages = Object.fromEntries(
      (bad.body.errors as Array<{ field: string; messages: string[] }>).map((e) => [
        e.field,
        e.messages.join(' '),
      ]),
    );
    expect(messages.consentReminderInterval).toMatch(/^Erinnerung an die Einwilligung muss /);
    expect(messages.callForReferralsLeadTime).toMatch(/^Vorlauf des Aufrufs zur Fallmeldung muss /);
    const order = await admin.patch('/api/v1/jba/settings', {
      consentReminderInterval: 'P30D',
      consentDeadline: 'P20D',
    });
    expect(order.status).toBe(400);
    expect(fields(order.body)).toEqual(['consentReminderInterval']);
    expect((await admin.get('/api/v1/jba/settings')).body.ageLimit).toBe(25);
  });
});
