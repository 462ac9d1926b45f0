import { NestExpressApplication } from '@nestjs/platform-express';
import { randomUUID } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { MetricsServer } from '@lotse/metrics';
import { createApi } from '../../apps/api/src/bootstrap';
import { client, Lotse, signIn, startLotse } from '../harness/lotse';

/** Starts one more API (no worker) with some settings changed; the environment is restored after. */
async function apiWith(env: Record<string, string | undefined>) {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  const set = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  set(env);
  let app: NestExpressApplication;
  try {
    app = await createApi();
    await app.listen(0, '127.0.0.1');
  } finally {
    set(saved);
  }
  const baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  return { baseUrl, close: () => app.close() };
}

/** Signs in like the page does: the session comes back as a cookie. */
async function cookieOf(baseUrl: string, username: string) {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl },
    body: JSON.stringify({ username, password: 'lotse-demo' }),
  });
  expect(res.status).toBe(200);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('lotse_session='));
  expect(cookie).toBeDefined();
  return cookie!.split(';')[0];
}

/** Issue 11, findings 5, 6, 7 and 11: what the API tells and allows a browser and a stranger. */
describe('HTTP security', () => {
  let lotse: Lotse;

  beforeAll(async () => {
    lotse = await startLotse({ worker: false });
  });
  afterAll(() => lotse?.close());

  describe('browser hardening headers (finding 5)', () => {
    it('sends a strict CSP, no framing, nosniff and a referrer policy with the UI', async () => {
      const res = await fetch(`${lotse.baseUrl}/aufgaben`, { headers: { accept: 'text/html' } });
      expect(res.status).toBe(200);
      const csp = res.headers.get('content-security-policy') ?? '';
      const directives = Object.fromEntries(
        csp.split(';').map((d) => {
          const [name, ...values] = d.trim().split(/\s+/);
          return [name, values.join(' ')];
        }),
      );
      expect(directives['default-src']).toBe("'self'");
      expect(directives['script-src']).toBe("'self'");
      expect(directives['style-src']).toBe("'self'");
      expect(directives['object-src']).toBe("'none'");
      expect(directives['frame-ancestors']).toBe("'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('same-origin');
      // PUBLIC_URL of the tests is http: no HSTS
      expect(res.headers.get('strict-transport-security')).toBeNull();
    });

    it('keeps API answers out of every cache', async () => {
      const api = await signIn(lotse.baseUrl, 'ja.sachbearbeitung');
      const res = await api.get('/api/v1/auth/me');
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    });

    it('sends HSTS when PUBLIC_URL is https', async () => {
      const other = await apiWith({ PUBLIC_URL: 'https://lotse.example' });
      try {
        const res = await client(other.baseUrl).get('/api/v1/auth/config');
        expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d{7,}/);
      } finally {
        await other.close();
      }
    });
  });

  describe('CSRF (finding 6)', () => {
    it('refuses cookie-authenticated changes from another origin, also body-less ones', async () => {
      const cookie = await cookieOf(lotse.baseUrl, 'ja.sachbearbeitung');
      const anon = client(lotse.baseUrl);
      const port = Number(new URL(lotse.baseUrl).port);
      const sameSite = `http://127.0.0.1:${port === 65535 ? port - 1 : port + 1}`;

      // a page on another port of the same host (same site, so SameSite=Lax sends the cookie)
      const referral = await anon.post(
        '/api/v1/referrals',
        {},
        { cookie, origin: sameSite, 'sec-fetch-site': 'same-site' },
      );
      expect(referral.status).toBe(403);
      expect(referral.body).toMatchObject({ statusCode: 403, code: 'forbidden' });
      const logout = await anon.post('/api/v1/auth/logout', undefined, {
        cookie,
        origin: 'https://evil.example',
      });
      expect(logout.status).toBe(403);
      // no Origin, no Sec-Fetch-Site: not from a current browser's page either
      expect((await anon.post('/api/v1/auth/logout', undefined, { cookie })).status).toBe(403);
      // the session still works: nothing happened
      expect((await anon.get('/api/v1/auth/me', { cookie })).status).toBe(200);

      // the page itself: same origin
      expect(
        (await anon.post('/api/v1/referrals', {}, { cookie, 'sec-fetch-site': 'same-origin' }))
          .status,
      ).toBe(400);
      expect(
        (await anon.post('/api/v1/auth/logout', undefined, { cookie, origin: lotse.baseUrl }))
          .status,
      ).toBe(204);
    });

    it('leaves bearer-token clients alone', async () => {
      const api = await signIn(lotse.baseUrl, 'ja.sachbearbeitung');
      const res = await api.post('/api/v1/referrals', {}, { origin: 'https://elsewhere.example' });
      expect(res.status).toBe(400);
    });
  });

  describe('unauthenticated slowdown (finding 7)', () => {
    it('answers a deeply nested JSON body with a quick 400', async () => {
      const deep = '['.repeat(100_000) + ']'.repeat(100_000);
      const started = Date.now();
      const res = await client(lotse.baseUrl).post('/api/v1/auth/login', deep, {
        'content-type': 'application/json',
      });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'validation', errors: [{ field: 'body' }] });
      expect(Date.now() - started).toBeLessThan(300);
      // also inside an object, as the login's fields
      const nested = `{"username":${'{"a":'.repeat(30)}1${'}'.repeat(30)},"password":"x"}`;
      expect(
        (
          await client(lotse.baseUrl).post('/api/v1/auth/login', nested, {
            'content-type': 'application/json',
          })
        ).status,
      ).toBe(400);
    });

    it('answers a body that does not match its Content-Encoding with 400 or 415', async () => {
      for (const encoding of ['gzip', 'deflate', 'br', 'x-unknown']) {
        const res = await client(lotse.baseUrl).post(
          '/api/v1/auth/login',
          '{"username":"a","password":"b"}',
          { 'content-type': 'application/json', 'content-encoding': encoding },
        );
        expect([400, 415]).toContain(res.status);
        expect(res.body.statusCode).toBe(res.status);
      }
    });

    it('answers NUL characters with a 400 naming the field', async () => {
      const res = await client(lotse.baseUrl).post('/api/v1/auth/login', {
        username: 'ja.sach\u0000bearbeitung',
        password: 'lotse-demo',
      });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ field: 'username', messages: [expect.any(String)] }]);
      const api = await signIn(lotse.baseUrl, 'ja.sachbearbeitung');
      const nested = await api.post('/api/v1/referrals', {
        youngPerson: { firstName: 'A\u0000' },
      });
      expect(nested.status).toBe(400);
      expect(nested.body.errors[0].field).toBe('youngPerson.firstName');
    });

    it('limits requests per account and per client address, with Retry-After', async () => {
      // a prefix of its own, so that the counts of the other tests do not matter
      const limited = await apiWith({
        RATE_LIMIT_PER_MINUTE: '30',
        RATE_LIMIT_PER_ACCOUNT_PER_MINUTE: '5',
        QUEUE_PREFIX: `lotse-rate-${randomUUID()}`,
      });
      try {
        const api = await signIn(limited.baseUrl, 'jc.sachbearbeitung');
        const byAccount: number[] = [];
        for (let i = 0; i < 6; i++) byAccount.push((await api.get('/api/v1/auth/me')).status);
        expect(byAccount).toEqual([200, 200, 200, 200, 200, 429]);
        const over = await api.get('/api/v1/auth/me');
        expect(over.body).toMatchObject({ statusCode: 429, code: 'too_many_requests' });
        expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);

        const anon = client(limited.baseUrl);
        let res = await anon.get('/api/v1/auth/config');
        for (let i = 0; i < 40 && res.status !== 429; i++)
          res = await anon.get('/api/v1/auth/config');
        expect(res.status).toBe(429);
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
        // health stays answerable for load balancers
        expect((await anon.get('/health')).status).toBe(200);
      } finally {
        await limited.close();
      }
    });
  });

  describe('information for strangers (finding 11)', () => {
    it('tells everyone up or down only; the parts on the internal port (issue 14)', async () => {
      const anonymous = await client(lotse.baseUrl).get('/health');
      expect(anonymous.status).toBe(200);
      expect(anonymous.body).toEqual({ status: 'up' });
      const caseworker = await (await signIn(lotse.baseUrl, 'ja.sachbearbeitung')).get('/health');
      expect(caseworker.body).toEqual({ status: 'up' });
      const admin = await (await signIn(lotse.baseUrl, 'ja.admin')).get('/health');
      expect(admin.body).toEqual({ status: 'up' });
      const probe = await fetch(`${lotse.api!.get(MetricsServer).url}/health/ready`);
      expect(probe.status).toBe(200);
      expect(((await probe.json()) as { checks: { engine: object } }).checks.engine).toMatchObject({
        status: 'up',
        name: 'Operaton',
      });
    });

    it('serves no API docs when they are switched off', async () => {
      const other = await apiWith({ API_DOCS: 'false' });
      try {
        const anon = client(other.baseUrl);
        expect((await anon.get('/api/docs/openapi.json')).status).toBe(404);
        expect((await anon.get('/api/docs')).status).toBe(404);
      } finally {
        await other.close();
      }
      // on in the tests (the robustness test reads the document)
      expect((await client(lotse.baseUrl).get('/api/docs/openapi.json')).status).toBe(200);
    });
  });
});
