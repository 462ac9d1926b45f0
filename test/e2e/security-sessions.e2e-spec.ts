import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { DEMO_INSTITUTIONS, DEMO_JBA } from '@lotse/institution';
import { client, Lotse, startLotse } from '../harness/lotse';
import { runApiToEnd, runWorkerToEnd } from '../harness/processes';

/**
 * Issue 11, findings 1, 2, 4 and 8: sessions cannot be forged with a known secret, production
 * has no demo accounts (one initial admin who must set a password), sign-out ends the session on
 * the server, and a stranger cannot lock an office out of signing in.
 */
describe('Sessions and sign-in security', () => {
  let lotse: Lotse;
  const trustProxy = process.env.TRUST_PROXY;
  /** What the apps need in production besides a session secret (not the development defaults). */
  const production = {
    NODE_ENV: 'production',
    ENGINE_PASSWORD: 'not-the-development-engine-password',
    SESSION_SECRET: 'Yq3vL0b8Zr2N7cWk5Hs9Tm4Jd6Gf1Xp0Ra8Ue2Ki7Bo',
  };

  beforeAll(async () => {
    process.env.TRUST_PROXY = 'loopback';
    lotse = await startLotse({ worker: false });
  });
  afterAll(async () => {
    await lotse?.close();
    if (trustProxy === undefined) delete process.env.TRUST_PROXY;
    else process.env.TRUST_PROXY = trustProxy;
  });

  /** The page's session cookie from a response, sent as Lotse's own page sends it. */
  const cookieOf = (res: { headers: Headers }) => ({
    cookie: res.headers.getSetCookie()[0].split(';')[0],
    'sec-fetch-site': 'same-origin',
  });

  const userId = async (username: string): Promise<string> =>
    (await lotse.db.query(`select id from staff_user where username = $1`, [username]))[0].id;

  describe('1: forgeable sessions', () => {
    it('refuses to boot in production without an explicit, long, unknown SESSION_SECRET', async () => {
      for (const secret of [
        undefined,
        'short-but-16-chars-x',
        'change-me-to-a-long-random-string-in-production',
        'lotse-development-secret-change-me',
      ]) {
        const run = await runApiToEnd({ ...production, SESSION_SECRET: secret }, 30_000);
        expect(run.code).toBe(1);
        expect(run.output).toContain('Invalid configuration for production');
        expect(run.output).toMatch(/SESSION_SECRET: (must be set|at least 32|a known)/);
      }
      const worker = await runWorkerToEnd({ ...production, SESSION_SECRET: undefined }, 30_000);
      expect(worker.code).not.toBe(0);
      expect(worker.output).toContain('SESSION_SECRET: must be set in production');
    });

    it('takes institution and roles from the account, not from a token signed with the secret', async () => {
      // A token forged with the (leaked) secret: a caseworker of the Jobcenter claims to be an
      // admin and coordinator of the Jugendamt.
      const jwt = new JwtService({ secret: process.env.SESSION_SECRET });
      const forge = (sub: string) =>
        jwt.signAsync(
          {
            sub,
            sid: randomUUID(),
            usr: 'jc.sachbearbeitung',
            name: 'x',
            inst: DEMO_INSTITUTIONS.JA.id,
            jba: DEMO_JBA.id,
            roles: ['admin', 'coordinator', 'caseworker'],
            t: Date.now(),
          },
          { expiresIn: '1h', issuer: 'lotse' },
        );
      const forged = client(lotse.baseUrl, {
        authorization: `Bearer ${await forge(await userId('jc.sachbearbeitung'))}`,
      });
      const me = await forged.get('/api/v1/auth/me');
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({
        roles: ['caseworker'],
        institution: { id: DEMO_INSTITUTIONS.JC.id },
      });
      expect((await forged.get('/api/v1/accounts')).status).toBe(403);
      // An account that does not exist gets nothing.
      const unknown = client(lotse.baseUrl, {
        authorization: `Bearer ${await forge(randomUUID())}`,
      });
      expect((await unknown.get('/api/v1/auth/me')).status).toBe(401);
    });
  });

  describe('2: no demo accounts in production', () => {
    it('refuses demo data in production and makes one initial admin who must set a password', async () => {
      const refused = await runWorkerToEnd({ ...production, LOTSE_DEMO_DATA: 'true' }, 60_000, [
        'seed',
      ]);
      expect(refused.code).not.toBe(0);
      expect(refused.output).toContain('LOTSE_DEMO_DATA');

      const username = `erst.admin-${randomUUID().slice(0, 8)}`;
      const first = 'Erstes-Passwort-2026';
      const seeded = await runWorkerToEnd(
        {
          ...production,
          INITIAL_ADMIN_USERNAME: username,
          INITIAL_ADMIN_PASSWORD: first,
          INITIAL_INSTITUTION_NAME: DEMO_INSTITUTIONS.JA.name,
        },
        60_000,
        ['seed'],
      );
      expect(seeded.output).toContain('no demo data (LOTSE_DEMO_DATA)');
      expect(seeded.output).toContain(`initial admin ${username} created`);
      expect(seeded.code).toBe(0);

      const page = client(lotse.baseUrl);
      const login = await page.post('/api/v1/auth/login', { username, password: first });
      expect(login.status).toBe(200);
      expect(login.body.user).toMatchObject({ roles: ['admin'], mustChangePassword: true });
      const cookie = cookieOf(login);
      const blocked = await page.get('/api/v1/accounts', cookie);
      expect(blocked.status).toBe(403);
      expect(blocked.body.code).toBe('password_change_required');
      expect((await page.get('/api/v1/auth/me', cookie)).status).toBe(200);

      const changed = await page.post(
        '/api/v1/auth/password',
        { currentPassword: first, newPassword: 'Mein-eigenes-Passwort-42' },
        cookie,
      );
      expect(changed.status).toBe(200);
      expect(changed.body.user.mustChangePassword).toBe(false);
      const renewed = cookieOf(changed);
      expect((await page.get('/api/v1/accounts', renewed)).status).toBe(200);
      // The session from before the change ended with it.
      expect((await page.get('/api/v1/auth/me', cookie)).status).toBe(401);
    });
  });

  describe('4: sign-out ends the session', () => {
    it('gives the page a cookie only, and the cookie stops working after sign-out', async () => {
      const page = client(lotse.baseUrl);
      const login = await page.post('/api/v1/auth/login', {
        username: 'bk.koordination',
        password: 'lotse-demo',
      });
      expect(login.status).toBe(200);
      expect(login.body.token).toBeUndefined();
      const cookie = cookieOf(login);
      expect((await page.get('/api/v1/auth/me', cookie)).status).toBe(200);
      expect((await page.post('/api/v1/auth/logout', undefined, cookie)).status).toBe(204);
      expect((await page.get('/api/v1/auth/me', cookie)).status).toBe(401);
    });

    it('gives a bearer token only on request, and that one ends with sign-out too', async () => {
      const login = await client(lotse.baseUrl).post('/api/v1/auth/login', {
        username: 'bk.sachbearbeitung',
        password: 'lotse-demo',
        tokenType: 'bearer',
      });
      expect(login.status).toBe(200);
      expect(typeof login.body.token).toBe('string');
      const api = client(lotse.baseUrl, { authorization: `Bearer ${login.body.token}` });
      // Another session of the same account stays.
      const other = await client(lotse.baseUrl).post('/api/v1/auth/login', {
        username: 'bk.sachbearbeitung',
        password: 'lotse-demo',
        tokenType: 'bearer',
      });
      const otherApi = client(lotse.baseUrl, { authorization: `Bearer ${other.body.token}` });
      expect((await api.post('/api/v1/auth/logout')).status).toBe(204);
      expect((await api.get('/api/v1/auth/me')).status).toBe(401);
      expect((await otherApi.get('/api/v1/auth/me')).status).toBe(200);
    });
  });

  describe('8: a stranger cannot lock an office out', () => {
    it('slows an address that tries many accounts down, but lets a right password through', async () => {
      const office = client(lotse.baseUrl, { 'x-forwarded-for': '198.51.100.77' });
      for (let i = 0; i < 50; i++) {
        const res = await office.post('/api/v1/auth/login', {
          username: `unbekannt-${randomUUID()}`,
          password: 'falsch',
        });
        expect(res.status).toBe(401);
      }
      const t0 = Date.now();
      const colleague = await office.post('/api/v1/auth/login', {
        username: 'jmd.sachbearbeitung',
        password: 'lotse-demo',
      });
      expect(colleague.status).toBe(200);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
    });
  });
});
