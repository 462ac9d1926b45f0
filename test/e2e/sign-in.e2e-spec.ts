import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createApi } from '../../apps/api/src/bootstrap';
import { client, Lotse, startLotse } from '../harness/lotse';

/**
 * Password guessing is slowed down: after repeated failures sign-in pauses for that account at
 * that address, with a German message and `Retry-After`; an address that tries many accounts is
 * slowed down (never locked, so an office behind one address is not locked out). The API here sits behind a trusted proxy on loopback, so `X-Forwarded-For`
 * stands for the clients' addresses.
 */
describe('Sign-in throttling', () => {
  let lotse: Lotse;
  const trustProxy = process.env.TRUST_PROXY;

  beforeAll(async () => {
    process.env.TRUST_PROXY = 'loopback';
    lotse = await startLotse({ worker: false });
  });
  afterAll(async () => {
    await lotse?.close();
    if (trustProxy === undefined) delete process.env.TRUST_PROXY;
    else process.env.TRUST_PROXY = trustProxy;
  });

  /** A client at its own address (198.51.100.0/24 is reserved for documentation). */
  const at = (n: number) => client(lotse.baseUrl, { 'x-forwarded-for': `198.51.100.${n}` });
  const login = (from: ReturnType<typeof at>, username: string, password: string) =>
    from.post('/api/v1/auth/login', { username, password });

  it('pauses an account at one address after five failures, and says for how long', async () => {
    const a = at(1);
    for (let i = 0; i < 5; i++) {
      expect((await login(a, 'jc.koordination', `falsch-${i}`)).status).toBe(401);
    }
    const paused = await login(a, 'jc.koordination', 'lotse-demo');
    expect(paused.status).toBe(429);
    expect(paused.body).toMatchObject({
      code: 'too_many_requests',
      message:
        'Zu viele fehlgeschlagene Anmeldeversuche. Bitte versuchen Sie es in 15 Minuten erneut.',
    });
    const retryAfter = Number(paused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(840);
    expect(retryAfter).toBeLessThanOrEqual(900);

    // The same account elsewhere, and a colleague at the same address, still sign in.
    expect((await login(at(2), 'jc.koordination', 'lotse-demo')).status).toBe(200);
    expect((await login(a, 'jc.admin', 'lotse-demo')).status).toBe(200);
    // Spelling the name differently does not reset the count.
    expect((await login(a, '  JC.Koordination ', 'lotse-demo')).status).toBe(429);
  });

  it('forgets an account’s failures once its password was right', async () => {
    const a = at(3);
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 4; i++) {
        expect((await login(a, 'ja.koordination', 'falsch')).status).toBe(401);
      }
      expect((await login(a, 'ja.koordination', 'lotse-demo')).status).toBe(200);
    }
  });

  it('slows an address that tries many accounts down without locking it out', async () => {
    const a = at(4);
    for (let i = 0; i < 50; i++) {
      expect((await login(a, `unbekannt-${randomUUID()}`, 'falsch')).status).toBe(401);
    }
    // Each further failure from there waits longer (250 ms, 500 ms, …) …
    let t0 = Date.now();
    expect((await login(a, `unbekannt-${randomUUID()}`, 'falsch')).status).toBe(401);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
    // … but a colleague behind the same address still signs in; and from another address.
    t0 = Date.now();
    expect((await login(a, 'aa.sachbearbeitung', 'lotse-demo')).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(500);
    expect((await login(at(5), 'aa.sachbearbeitung', 'lotse-demo')).status).toBe(200);
  });

  it('does not let a client choose its address when no proxy is trusted', async () => {
    delete process.env.TRUST_PROXY;
    const direct = await createApi();
    try {
      await direct.listen(0, '127.0.0.1');
      const port = (direct.getHttpServer().address() as AddressInfo).port;
      const spoofing = (n: number) =>
        client(`http://127.0.0.1:${port}`, { 'x-forwarded-for': `203.0.113.${n}` });
      for (let i = 0; i < 5; i++) {
        const res = await login(spoofing(i), 'bk.koordination', 'falsch');
        expect(res.status).toBe(401);
      }
      expect((await login(spoofing(99), 'bk.koordination', 'lotse-demo')).status).toBe(429);
    } finally {
      await direct.close();
      process.env.TRUST_PROXY = 'loopback';
    }
  });
});
