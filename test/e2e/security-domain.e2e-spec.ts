import { client, DAY_MS, Lotse, signIn, startLotse } from '../harness/lotse';
import { createJba, TestJba } from '../harness/jba-fixture';
import { isoDaysAgo, referralIn } from '../harness/fixtures';

/**
 * Issue 11, the findings in the domain's rules: who plans the JBA's dates (3), what reaches the
 * public calendar (9), and who may file a referral in an institution's name (12).
 */
describe('Security: conference dates, public calendar, referrals in another name', () => {
  let lotse: Lotse;
  let jba: TestJba;

  beforeAll(async () => {
    lotse = await startLotse();
    jba = await createJba(lotse.db);
  });
  afterAll(() => lotse?.close());

  const date = (days: number) => ({
    kind: 'extraordinary',
    startsAt: new Date(Date.now() + days * DAY_MS).toISOString(),
    place: 'Jugendamt, Raum 3',
    capacity: 4,
    referralDeadline: new Date(Date.now() + (days - 5) * DAY_MS).toISOString(),
  });

  it("(3) only the coordinating institution's coordinators and admins plan, move and cancel dates, audited", async () => {
    const partnerAdmin = await signIn(lotse.baseUrl, jba.users.jcAdmin);
    const coordinator = await signIn(lotse.baseUrl, jba.users.jaCoordinator);
    const coordinationAdmin = await signIn(lotse.baseUrl, jba.users.jaAdmin);

    expect((await partnerAdmin.post('/api/v1/conferences', date(200))).status).toBe(403);
    const planned = await coordinator.post('/api/v1/conferences', date(200));
    expect(planned.status).toBe(201);
    const id: string = planned.body.id;
    expect(
      (await partnerAdmin.patch(`/api/v1/conferences/${id}`, { place: 'Jobcenter' })).status,
    ).toBe(403);
    expect(
      (await partnerAdmin.post(`/api/v1/conferences/${id}/cancel`, { reason: 'Übernahme' })).status,
    ).toBe(403);
    const moved = await coordinationAdmin.patch(`/api/v1/conferences/${id}`, {
      place: 'Rathaus, Sitzungssaal 2',
    });
    expect(moved.status).toBe(200);
    const cancelled = await coordinator.post(`/api/v1/conferences/${id}/cancel`, {
      reason: 'Zu wenige Fälle',
    });
    expect(cancelled.status).toBe(200);

    const audit: Array<{ change: string; actor: string }> = await lotse.db.query(
      `select detail->>'change' as change, actor_user_id::text as actor from audit_entry
        where action = 'conference-changed' and detail->>'conferenceId' = $1 order by id`,
      [id],
    );
    expect(audit.map((a) => a.change)).toEqual(['planned', 'moved', 'cancelled']);
    const [adminAccount] = await lotse.db.query(`select id from staff_user where username = $1`, [
      jba.users.jaAdmin,
    ]);
    expect(audit[1].actor).toBe(adminAccount.id);
  });

  it('(9) refuses control characters in single-line texts and keeps the public calendar well-formed', async () => {
    const coordinator = await signIn(lotse.baseUrl, jba.users.jaCoordinator);
    const injected = await coordinator.post('/api/v1/conferences', {
      ...date(220),
      place: 'Raum 3\rBEGIN:VEVENT',
    });
    expect(injected.status).toBe(400);
    expect(injected.body.errors.map((e: { field: string }) => e.field)).toEqual(['place']);
    const admin = await signIn(lotse.baseUrl, jba.users.jaAdmin);
    const named = await admin.patch('/api/v1/jba/settings', { name: 'JBA\rX-EVIL:1' });
    expect(named.status).toBe(400);
    expect(named.body.errors[0].field).toBe('name');

    // Values written before these checks (here: by SQL) are escaped in the calendar.
    expect((await coordinator.post('/api/v1/conferences', date(230))).status).toBe(201);
    await lotse.db.query(`update jba set name = $2 where id = $1`, [
      jba.id,
      'Jugendberufsagentur\rX-EVIL:1\u0007',
    ]);
    await lotse.db.query(`update conference set place = $2 where jba_id = $1`, [
      jba.id,
      'Raum 3\rBEGIN:VEVENT\nSUMMARY:Gefälscht',
    ]);
    const ics = await client(lotse.baseUrl).get(`/api/v1/public/jbas/${jba.id}/conferences.ics`);
    expect(ics.status).toBe(200);
    const text = ics.body as string;
    expect(text).not.toMatch(/\r(?!\n)/); // no bare CR
    expect(text).not.toMatch(/(?<!\r)\n/); // no bare LF
    expect(text.includes('\u0007')).toBe(false);
    expect(text.split('\r\n').filter((l) => l.startsWith('X-EVIL'))).toEqual([]);
    expect(text.split('\r\n').filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(
      text.split('\r\n').filter((l) => l === 'END:VEVENT').length,
    );
    expect(text).toContain('Raum 3\\nBEGIN:VEVENT\\nSUMMARY:Gefälscht');
  });

  it('(12) refuses a referral in the name of another institution, also from an admin', async () => {
    const admin = await signIn(lotse.baseUrl, jba.users.jaAdmin);
    const onBehalf = await admin.post(
      '/api/v1/referrals',
      referralIn(jba, [jba.inst.JC.id, jba.inst.JA.id], {
        referringInstitutionId: jba.inst.JC.id,
        referredOn: isoDaysAgo(1),
      }),
    );
    expect(onBehalf.status).toBe(403);
    const [{ n }] = await lotse.db.query(
      `select count(*)::int as n from referral where referring_institution_id = $1`,
      [jba.inst.JC.id],
    );
    expect(n).toBe(0);
  });
});
