import { client, DAY_MS, Lotse, signIn, startLotse } from '../harness/lotse';
import { createJba } from '../harness/jba-fixture';

/** Planning the year: who may, what is checked, and the published calendar. */
describe('Conference calendar API', () => {
  let lotse: Lotse;

  beforeAll(async () => {
    lotse = await startLotse({ worker: false });
  });
  afterAll(() => lotse?.close());

  /** A date in the next year but one, so that the yearly limit is not touched by other tests. */
  const inYear = (year: number, month: number, day: number, hour = 9) =>
    new Date(Date.UTC(year, month - 1, day, hour - 1, 30)).toISOString();
  const year = new Date().getUTCFullYear() + 2;

  function plan(overrides: Record<string, unknown> = {}) {
    return {
      kind: 'regular',
      startsAt: inYear(year, 3, 10),
      durationMinutes: 120,
      place: 'Rathaus, Sitzungssaal 2',
      capacity: 6,
      referralDeadline: inYear(year, 2, 24, 12),
      ...overrides,
    };
  }

  it('lets only the coordinating institution plan, and checks every field', async () => {
    const jba = await createJba(lotse.db);
    const coordinator = await signIn(lotse.baseUrl, jba.users.jaCoordinator);
    const otherCoordinator = await signIn(lotse.baseUrl, jba.users.jcCoordinator);
    const caseworker = await signIn(lotse.baseUrl, jba.users.jaCaseworker);

    expect((await caseworker.post('/api/v1/conferences', plan())).status).toBe(403);
    expect((await otherCoordinator.post('/api/v1/conferences', plan())).status).toBe(403);
    expect((await client(lotse.baseUrl).post('/api/v1/conferences', plan())).status).toBe(401);

    const bad = await coordinator.post('/api/v1/conferences', {
      kind: 'weekly',
      startsAt: 'morgen',
      durationMinutes: 5,
      place: '',
      capacity: 0,
      referralDeadline: '2020-13-01',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(
      ['capacity', 'durationMinutes', 'kind', 'place', 'referralDeadline', 'startsAt'].sort(),
    );

    const past = await coordinator.post(
      '/api/v1/conferences',
      plan({
        startsAt: new Date(Date.now() - DAY_MS).toISOString(),
        referralDeadline: new Date(Date.now() - 2 * DAY_MS).toISOString(),
      }),
    );
    expect(past.status).toBe(400);
    expect(past.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'referralDeadline',
      'startsAt',
    ]);
    const late = await coordinator.post(
      '/api/v1/conferences',
      plan({ referralDeadline: inYear(year, 3, 11) }),
    );
    expect(late.status).toBe(400);
    expect(late.body.errors[0]).toMatchObject({ field: 'referralDeadline' });
  });

  it('plans four regular dates a year, refuses a fifth, allows extraordinary ones, moves and cancels', async () => {
    const jba = await createJba(lotse.db);
    const coordinator = await signIn(lotse.baseUrl, jba.users.jaCoordinator);
    const ids: string[] = [];
    for (const month of [3, 6, 9, 12]) {
      const res = await coordinator.post(
        '/api/v1/conferences',
        plan({ startsAt: inYear(year, month, 10), referralDeadline: inYear(year, month, 1, 12) }),
      );
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
    const fifth = await coordinator.post(
      '/api/v1/conferences',
      plan({ startsAt: inYear(year, 11, 5), referralDeadline: inYear(year, 10, 20) }),
    );
    expect(fifth.status).toBe(409);
    expect(fifth.body.message).toContain('vier reguläre');
    const extra = await coordinator.post(
      '/api/v1/conferences',
      plan({
        kind: 'extraordinary',
        startsAt: inYear(year, 11, 5),
        referralDeadline: inYear(year, 10, 20),
      }),
    );
    expect(extra.status).toBe(201);
    expect(extra.body.kindLabel).toBe('außerordentlich');

    const moved = await coordinator.patch(`/api/v1/conferences/${ids[0]}`, {
      startsAt: inYear(year, 3, 17),
      place: 'Berufskolleg, Aula',
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({
      place: 'Berufskolleg, Aula',
      startsAt: inYear(year, 3, 17),
      version: 2,
    });
    const wrongMove = await coordinator.patch(`/api/v1/conferences/${ids[0]}`, {
      referralDeadline: inYear(year, 3, 20),
    });
    expect(wrongMove.status).toBe(400);

    const cancelled = await coordinator.post(`/api/v1/conferences/${ids[1]}/cancel`, {
      reason: 'Ferien',
    });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelReason: 'Ferien' });
    // A cancelled date frees its slot.
    const replacement = await coordinator.post(
      '/api/v1/conferences',
      plan({ startsAt: inYear(year, 7, 1), referralDeadline: inYear(year, 6, 20) }),
    );
    expect(replacement.status).toBe(201);
    expect((await coordinator.patch(`/api/v1/conferences/${ids[1]}`, { place: 'x' })).status).toBe(
      409,
    );

    const list = await coordinator.get(`/api/v1/conferences?year=${year}`);
    expect(list.body.items).toHaveLength(6);
    expect(list.body.items.map((c: { startsAt: string }) => c.startsAt)).toEqual(
      [...list.body.items.map((c: { startsAt: string }) => c.startsAt)].sort(),
    );
  });

  it('publishes the dates as JSON and as an iCalendar feed, without sign-in and without case data', async () => {
    const jba = await createJba(lotse.db);
    const coordinator = await signIn(lotse.baseUrl, jba.users.jaCoordinator);
    const c = (
      await coordinator.post('/api/v1/conferences', plan({ place: 'Rathaus; Raum 1, 2. OG' }))
    ).body;
    const anonymous = client(lotse.baseUrl);

    const json = await anonymous.get(`/api/v1/public/jbas/${jba.id}/conferences`);
    expect(json.status).toBe(200);
    expect(json.body.jba).toEqual({ id: jba.id, name: jba.name });
    expect(json.body.items).toEqual([
      expect.objectContaining({
        id: c.id,
        kind: 'regular',
        place: 'Rathaus; Raum 1, 2. OG',
        status: 'confirmed',
        statusLabel: 'Findet statt',
      }),
    ]);
    expect(Object.keys(json.body.items[0])).not.toContain('capacity');

    const res = await fetch(`${lotse.baseUrl}/api/v1/public/jbas/${jba.id}/conferences.ics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/calendar');
    const ics = await res.text();
    expect(ics).toContain('BEGIN:VCALENDAR\r\n');
    expect(ics).toContain(`UID:${c.id}@lotse\r\n`);
    expect(ics).toContain(`DTSTART:${c.startsAt.replace(/[-:]/g, '').replace('.000', '')}\r\n`);
    expect(ics).toContain('LOCATION:Rathaus\\; Raum 1\\, 2. OG\r\n');
    expect(ics).toContain(`SUMMARY:Fallkonferenz – ${jba.name}`);

    expect(
      (await anonymous.get('/api/v1/public/jbas/00000000-0000-4000-8000-000000000000/conferences'))
        .status,
    ).toBe(404);
  });

  it('shows failed mails to coordinators only, the raw SMTP error to admins only', async () => {
    const jba = await createJba(lotse.db);
    const coordinator = await signIn(lotse.baseUrl, jba.users.jaCoordinator);
    const admin = await signIn(lotse.baseUrl, jba.users.jaAdmin);
    const caseworker = await signIn(lotse.baseUrl, jba.users.jaCaseworker);
    await lotse.db.query(
      `insert into notification (dedup_key, template, params, recipient_kind, recipient_email, recipient_institution_id, status, attempts, last_error)
       values ($1, 'call-for-referrals', '{}', 'institution', $2, $3, 'failed', 8, '550 mailbox unavailable')`,
      [`test-failed:${jba.id}`, jba.inst.BK.email, jba.inst.BK.id],
    );
    const failed = await coordinator.get('/api/v1/notifications?status=failed');
    expect(failed.status).toBe(200);
    expect(failed.body).toEqual([
      expect.objectContaining({
        status: 'failed',
        attempts: 8,
        lastError: 'Zustellung fehlgeschlagen',
        recipientInstitution: jba.inst.BK.name,
      }),
    ]);
    expect((await admin.get('/api/v1/notifications?status=failed')).body).toEqual([
      expect.objectContaining({ lastError: '550 mailbox unavailable' }),
    ]);
    expect((await caseworker.get('/api/v1/notifications')).status).toBe(403);
  });
});
