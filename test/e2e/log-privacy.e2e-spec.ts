import { randomUUID } from 'node:crypto';
import { Api, client, Lotse, referralInStatus, signIn, startLotse } from '../harness/lotse';
import { adultConsent, birthDateForAge, referral } from '../harness/fixtures';

/**
 * Personal data never appears in the logs: a case runs through consent, task, revocation and
 * bad requests with the API and the worker logging at debug level, and nothing they write names
 * the young person.
 */
describe('Logs without personal data', () => {
  let lotse: Lotse;
  let jc: Api;
  const written: string[] = [];
  const logLevel = process.env.LOG_LEVEL;
  const write = process.stdout.write.bind(process.stdout);

  const marker = randomUUID().slice(0, 8);
  const person = {
    firstName: `Zora${marker}`,
    lastName: `Geheim${marker}`,
    birthDate: birthDateForAge(19, 123),
    municipality: 'Eschweiler',
    email: `zora.${marker}@mail.test`,
    phone: `0170 ${1_000_000 + Math.floor(Math.random() * 8_999_999)}`,
  };
  const shortDescription = `Sucht Ausbildung ${marker}; Schulden beim Vermieter.`;

  beforeAll(async () => {
    process.env.LOG_LEVEL = 'debug';
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      written.push(String(chunk));
      return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stdout.write;
    lotse = await startLotse();
    jc = await signIn(lotse.baseUrl, 'jc.sachbearbeitung');
  });
  afterAll(async () => {
    await lotse?.close();
    process.stdout.write = write;
    if (logLevel === undefined) delete process.env.LOG_LEVEL;
    else process.env.LOG_LEVEL = logLevel;
  });

  it('names nobody while a case runs through consent, task, revocation and bad requests', async () => {
    const accepted = await jc.post(
      '/api/v1/referrals',
      referral({ consent: undefined, shortDescription }, person),
    );
    expect(accepted.status).toBe(202);
    await referralInStatus(jc, accepted.body.id, 'awaiting-consent');
    const added = await jc.post(`/api/v1/referrals/${accepted.body.id}/consents`, adultConsent());
    expect(added.status).toBe(201);
    await referralInStatus(jc, accepted.body.id, 'awaiting-conference');
    const revoked = await jc.post(
      `/api/v1/referrals/${accepted.body.id}/consents/${added.body.id}/revocation`,
    );
    expect(revoked.status).toBe(200);
    await referralInStatus(jc, accepted.body.id, 'consent-revoked');

    // Bad requests that carry personal data.
    const bad = await jc.post(
      '/api/v1/referrals',
      referral({ shortDescription: 'x'.repeat(5000) }, { ...person, birthDate: '2999-01-01' }),
    );
    expect(bad.status).toBe(400);
    const malformed = await jc.post(
      '/api/v1/referrals',
      `{"youngPerson": {"lastName": "${person.lastName}"`,
      { 'content-type': 'application/json' },
    );
    expect(malformed.status).toBe(400);
    const wrong = await client(lotse.baseUrl).post('/api/v1/auth/login', {
      username: person.email,
      password: person.lastName,
    });
    expect(wrong.status).toBe(401);

    const logs = written.join('');
    // The logs were captured, at debug level, from both apps.
    expect(logs).toContain('"app":"worker"');
    expect(logs).toContain('"level":"debug"');
    for (const value of [
      person.firstName,
      person.lastName,
      person.email,
      person.phone,
      person.birthDate,
      shortDescription,
    ]) {
      expect(logs).not.toContain(value);
    }
  });
});
