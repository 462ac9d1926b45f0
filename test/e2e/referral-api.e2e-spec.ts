import { randomUUID } from 'node:crypto';
import { MetricsServer } from '@lotse/metrics';
import { client, signIn, Lotse, startLotse } from '../harness/lotse';
import { adultConsent, I, isoDaysAgo, referral } from '../harness/fixtures';

/** The HTTP contract of referrals: bad input gets a 400 naming each field, never a 500. */
describe('Referral API', () => {
  let lotse: Lotse;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    lotse = await startLotse({ worker: false });
    api = await signIn(lotse.baseUrl, 'jc.sachbearbeitung');
  });
  afterAll(() => lotse?.close());

  const fields = (body: { errors?: Array<{ field: string }> }) =>
    (body.errors ?? []).map((e) => e.field).sort();

  it('names every missing field', async () => {
    const res = await api.post('/api/v1/referrals', { youngPerson: {} });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation');
    expect(fields(res.body)).toEqual(
      [
        'shortDescription',
        'youngPerson.birthDate',
        'youngPerson.firstName',
        'youngPerson.lastName',
        'youngPerson.municipality',
      ].sort(),
    );
  });

  it('refuses a birth date in the future and a date that does not exist', async () => {
    const future = new Date(Date.now() + 40 * 24 * 3600 * 1000).toISOString().slice(0, 10);
    let res = await api.post('/api/v1/referrals', referral({}, { birthDate: future }));
    expect(res.status).toBe(400);
    expect(fields(res.body)).toEqual(['youngPerson.birthDate']);
    expect(res.body.errors[0].messages.join(' ')).toContain('Zukunft');

    res = await api.post('/api/v1/referrals', referral({}, { birthDate: '2007-02-30' }));
    expect(res.status).toBe(400);
    expect(fields(res.body)).toEqual(['youngPerson.birthDate']);
  });

  it('refuses a birth year typo with a clear message, in German labels (issue 13)', async () => {
    let res = await api.post('/api/v1/referrals', referral({}, { birthDate: '0207-03-01' }));
    expect(res.status).toBe(400);
    expect(fields(res.body)).toEqual(['youngPerson.birthDate']);
    expect(res.body.errors[0].messages).toEqual([
      expect.stringMatching(/^Geburtsdatum nicht plausibel: .* \(erwartet 10 bis 40\)/),
    ]);
    res = await api.post('/api/v1/referrals', referral({}, { firstName: '' }));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { field: 'youngPerson.firstName', messages: [expect.stringMatching(/^Vorname /)] },
    ]);
  });

  it('refuses an unknown referring institution and unknown consent recipients', async () => {
    let res = await api.post(
      '/api/v1/referrals',
      referral({ referringInstitutionId: randomUUID() }),
    );
    expect(res.status).toBe(400);
    expect(fields(res.body)).toEqual(['referringInstitutionId']);

    res = await api.post(
      '/api/v1/referrals',
      referral({ consent: adultConsent({ recipients: [randomUUID()] }) }),
    );
    expect(res.status).toBe(400);
    expect(fields(res.body)).toEqual(['consent.recipients']);
  });

  it('answers malformed JSON with a 400 about the body', async () => {
    const res = await api.post('/api/v1/referrals', '{"youngPerson": {', {
      'content-type': 'application/json',
    });
    expect(res.status).toBe(400);
    expect(fields(res.body)).toEqual(['body']);
  });

  it('refuses an oversize short description by name, and an oversize body as a whole', async () => {
    let res = await api.post('/api/v1/referrals', referral({ shortDescription: 'x'.repeat(4001) }));
    expect(res.status).toBe(400);
    expect(fields(res.body)).toEqual(['shortDescription']);

    res = await api.post('/api/v1/referrals', referral({ shortDescription: 'x'.repeat(300_000) }));
    expect(res.status).toBe(413);
    expect(fields(res.body)).toEqual(['body']);
  });

  it('refuses unknown fields, wrong types and bad consent data', async () => {
    const res = await api.post(
      '/api/v1/referrals',
      referral({
        surprise: true,
        youngPersonAttends: 'yes',
        consent: adultConsent({
          grantedBy: 'neighbour',
          purposes: ['marketing'],
          documentHash: 'abc',
          signedOn: 'gestern',
        }),
      }),
    );
    expect(res.status).toBe(400);
    expect(fields(res.body)).toEqual(
      [
        'consent.documentHash',
        'consent.grantedBy',
        'consent.purposes',
        'consent.signedOn',
        'surprise',
        'youngPersonAttends',
      ].sort(),
    );
  });

  it('creates one referral for two submissions with the same Idempotency-Key', async () => {
    const key = randomUUID();
    const body = referral();
    const first = await api.post('/api/v1/referrals', body, { 'Idempotency-Key': key });
    const second = await api.post('/api/v1/referrals', body, { 'Idempotency-Key': key });
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.body.id).toBe(first.body.id);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const count = await lotse.db.query(
      `select count(*)::int as n from referral where idempotency_key like '%:' || $1`,
      [key],
    );
    expect(count[0].n).toBe(1);
    const starts = await lotse.db.query(
      `select count(*)::int as n from outbox_message where dedup_key = $1`,
      [`referral-received:${first.body.id}`],
    );
    expect(starts[0].n).toBe(1);
  });

  it('creates one referral when the same key arrives concurrently', async () => {
    const key = randomUUID();
    const body = referral();
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        api.post('/api/v1/referrals', body, { 'Idempotency-Key': key }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([202, 202, 202, 202, 202]);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
  });

  it('refuses the same Idempotency-Key for a different referral', async () => {
    const key = randomUUID();
    await api.post('/api/v1/referrals', referral(), { 'Idempotency-Key': key });
    const res = await api.post('/api/v1/referrals', referral(), { 'Idempotency-Key': key });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('idempotency_key_reused');
  });

  it('answers 404 for an unknown referral and 400 for a malformed id', async () => {
    expect((await api.get(`/api/v1/referrals/${randomUUID()}`)).status).toBe(404);
    const res = await api.get('/api/v1/referrals/not-a-uuid');
    expect(res.status).toBe(400);
    expect(fields(res.body)).toEqual(['id']);
  });

  it('validates a consent added later, and refuses one for a closed case', async () => {
    const accepted = await api.post(
      '/api/v1/referrals',
      referral({ consent: undefined, referredOn: isoDaysAgo(1) }),
    );
    const res = await api.post(`/api/v1/referrals/${accepted.body.id}/consents`, {
      grantedBy: 'self',
    });
    expect(res.status).toBe(400);
    expect(fields(res.body)).toEqual([
      'documentHash',
      'paperOnlyReason',
      'purposes',
      'recipients',
      'signedOn',
    ]);

    await lotse.db.query(`update referral set status = 'ineligible' where id = $1`, [
      accepted.body.id,
    ]);
    const closed = await api.post(
      `/api/v1/referrals/${accepted.body.id}/consents`,
      adultConsent({ signedOn: isoDaysAgo(2) }),
    );
    expect(closed.status).toBe(409);
    expect(closed.body.message).toContain('abgeschlossen');
  });

  it('requires a signed-in user everywhere but health, sign-in and the docs', async () => {
    const anonymous = client(lotse.baseUrl);
    expect((await anonymous.get('/api/v1/referrals')).status).toBe(401);
    expect((await anonymous.post('/api/v1/referrals', referral())).status).toBe(401);
    expect((await anonymous.get('/api/v1/institutions')).status).toBe(401);
    expect((await anonymous.get('/api/v1/auth/me')).status).toBe(401);
    expect(
      (
        await client(lotse.baseUrl, { authorization: 'Bearer forged.token.value' }).get(
          '/api/v1/auth/me',
        )
      ).status,
    ).toBe(401);
    expect((await anonymous.get('/health')).status).toBe(200);
    expect((await anonymous.get('/api/v1/auth/config')).status).toBe(200);
    const wrong = await anonymous.post('/api/v1/auth/login', {
      username: 'jc.sachbearbeitung',
      password: 'falsch',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.message).toBe('Benutzername oder Passwort ist falsch.');
  });

  it('refuses a referral on behalf of another institution', async () => {
    const res = await api.post('/api/v1/referrals', referral({ referringInstitutionId: I.JA.id }));
    expect(res.status).toBe(403);
  });

  it('reports the engine, Postgres and Redis on the internal readiness probe', async () => {
    const probe = await fetch(`${lotse.api!.get(MetricsServer).url}/health/ready`);
    const res = { status: probe.status, body: (await probe.json()) as any };
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('up');
    expect(res.body.checks.postgres.status).toBe('up');
    expect(res.body.checks.redis.status).toBe('up');
    expect(res.body.checks.engine).toMatchObject({
      status: 'up',
      name: 'Operaton',
      version: '1.0.3',
    });
  });

  it('publishes its OpenAPI description', async () => {
    const res = await api.get('/api/docs/openapi.json');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/referrals',
        '/api/v1/referrals/{id}',
        '/api/v1/referrals/{id}/consents',
        '/health',
      ]),
    );
  });
});
