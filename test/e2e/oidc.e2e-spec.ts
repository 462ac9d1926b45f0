import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { I } from '../harness/fixtures';
import { client, eventually, Lotse, startLotse } from '../harness/lotse';

/**
 * Single sign-on against a real OpenID Connect provider (panva's oidc-provider in its own
 * process), driven like a browser: redirects followed by hand, cookies carried per site, the
 * provider's login and consent forms submitted.
 */
const CLIENT_ID = 'lotse-e2e';
const CLIENT_SECRET = `secret-${randomUUID()}`;
const DEMO = { username: 'ja.sachbearbeitung', email: 'ja.sachbearbeitung@jba-eschweiler.example' };
const INACTIVE = { username: 'oidc.inaktiv', email: 'oidc.inaktiv@jba-eschweiler.example' };
/** Subjects of the provider's accounts (what is typed into its login page). */
const SUB = {
  ja: `ja-${randomUUID()}`,
  stranger: `fremd-${randomUUID()}`,
  unverified: `unverified-${randomUUID()}`,
  inactive: `inaktiv-${randomUUID()}`,
};
const ACCOUNTS = {
  // Same address in other letter case: matched case-insensitively.
  [SUB.ja]: { email: 'JA.Sachbearbeitung@JBA-Eschweiler.example', email_verified: true },
  [SUB.stranger]: { email: 'niemand@anderswo.example', email_verified: true },
  // The address of another demo user, but the provider has not verified it.
  [SUB.unverified]: { email: 'jc.sachbearbeitung@jba-eschweiler.example', email_verified: false },
  [SUB.inactive]: { email: INACTIVE.email, email_verified: true },
};
const ENV_KEYS = ['PUBLIC_URL', 'OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_ONLY'];

let front: Server;
let baseUrl: string;
let provider: ChildProcess;
let providerLog = '';
let issuer: string;
let lotse: Lotse | undefined;
const savedEnv = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));

/** Starts the provider process; resolves with its issuer once discovery answers. */
async function startProvider(redirectUri: string): Promise<string> {
  provider = spawn(process.execPath, [join(__dirname, '../harness/oidc-provider.mjs')], {
    env: {
      ...process.env,
      OIDC_TEST_PROVIDER: JSON.stringify({
        clients: [
          { client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uris: [redirectUri] },
        ],
        accounts: ACCOUNTS,
      }),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  provider.stderr!.on('data', (d) => (providerLog += d));
  const first = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: provider.stdout! });
    lines.once('line', resolve);
    provider.once('exit', (code) =>
      reject(new Error(`OIDC provider exited with ${code}:\n${providerLog}`)),
    );
  });
  const { issuer: url } = JSON.parse(first) as { issuer: string };
  await eventually(
    async () => (await fetch(`${url}/.well-known/openid-configuration`)).status === 200,
    { timeoutMs: 10_000, what: 'the OIDC provider to answer discovery' },
  );
  return url;
}

/**
 * (Re)boots the API with this OIDC configuration. It is reached through `front`, a server on a
 * port known before the boot, so PUBLIC_URL (and thus the redirect URI) is its real address.
 */
async function bootLotse(env: Record<string, string | undefined>): Promise<void> {
  await lotse?.close();
  lotse = undefined;
  for (const [k, v] of Object.entries({ PUBLIC_URL: baseUrl, ...env })) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  lotse = await startLotse({ worker: false });
  front.removeAllListeners('request');
  front.on('request', lotse.api!.getHttpAdapter().getInstance());
}

const withProvider = (only = false) => ({
  OIDC_ISSUER: issuer,
  OIDC_CLIENT_ID: CLIENT_ID,
  OIDC_CLIENT_SECRET: CLIENT_SECRET,
  OIDC_ONLY: only ? 'true' : undefined,
});

/** The cookies of one site, as a browser keeps them (paths ignored: one site, few cookies). */
class CookieJar {
  private readonly cookies = new Map<string, string>();
  store(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some(
        (a) => /^\s*expires=/i.test(a) && new Date(a.split('=')[1]).getTime() < Date.now(),
      );
      if (!value || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  get(name: string) {
    return this.cookies.get(name);
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

interface SignInResult {
  /** Where the API's callback sent the browser. */
  location: string;
  /** The `lotse_session` cookie it set, if any. */
  session?: string;
  /** The callback URL the provider sent the browser to. */
  callbackUrl: URL;
  api: CookieJar;
}

const get = (url: string | URL, jar: CookieJar) =>
  fetch(url, { redirect: 'manual', headers: { cookie: jar.header() } }).then((res) => {
    jar.store(res);
    return res;
  });

/**
 * The browser's way through a sign-in: API login → provider (login form, consent form) →
 * API callback. `tamper` may change the callback URL before it is followed.
 */
async function signInWithProvider(
  subject: string,
  opts: { returnTo?: string; tamper?: (callback: URL) => void } = {},
): Promise<SignInResult> {
  const api = new CookieJar();
  const idp = new CookieJar();
  const query = opts.returnTo ? `?returnTo=${encodeURIComponent(opts.returnTo)}` : '';
  const start = await get(`${baseUrl}/api/v1/auth/oidc/login${query}`, api);
  expect(start.status).toBe(302);
  let url = new URL(start.headers.get('location')!);
  expect(url.origin).toBe(issuer);
  for (let hop = 0; !url.href.startsWith(`${baseUrl}/`); hop++) {
    if (hop > 12) throw new Error(`too many hops at the provider, at ${url.pathname}`);
    let res = await get(url, idp);
    if (res.status === 200) {
      // A development interaction page: the login form, or the consent form.
      const html = await res.text();
      const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
      const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
      if (!action || !prompt) throw new Error(`unexpected provider page at ${url.pathname}`);
      const form: Record<string, string> =
        prompt === 'login' ? { prompt, login: subject, password: 'egal' } : { prompt };
      res = await fetch(new URL(action.replace(/&amp;/g, '&'), url), {
        method: 'POST',
        redirect: 'manual',
        headers: {
          cookie: idp.header(),
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams(form).toString(),
      });
      idp.store(res);
    }
    if (res.status < 300 || res.status >= 400) {
      throw new Error(`provider answered ${res.status} at ${url.pathname}: ${await res.text()}`);
    }
    url = new URL(res.headers.get('location')!, url);
  }
  const callbackUrl = new URL(url);
  opts.tamper?.(url);
  const done = await get(url, api);
  expect(done.status).toBe(302);
  return {
    location: done.headers.get('location')!,
    session: api.get('lotse_session'),
    callbackUrl,
    api,
  };
}

const me = (session: string) =>
  client(baseUrl, { cookie: `lotse_session=${session}` }).get('/api/v1/auth/me');

async function subjectOf(username: string): Promise<string | null> {
  const [row] = await lotse!.db.query(`select oidc_subject from staff_user where username = $1`, [
    username,
  ]);
  return row.oidc_subject;
}

/** Runs `fn` and returns what the API logged meanwhile (JSON lines on stdout). */
async function logsOf(fn: () => Promise<unknown>): Promise<string> {
  const lines: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    await fn();
  } finally {
    spy.mockRestore();
  }
  return lines.join('');
}

beforeAll(async () => {
  front = createServer();
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
  issuer = await startProvider(`${baseUrl}/api/v1/auth/oidc/callback`);
});

afterAll(async () => {
  await lotse?.close();
  if (provider && provider.exitCode === null) {
    const exited = new Promise((resolve) => provider.once('exit', resolve));
    provider.kill('SIGTERM');
    await exited;
  }
  front?.closeAllConnections();
  await new Promise((resolve) => front?.close(resolve));
  for (const [k, v] of Object.entries(savedEnv)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

describe('OIDC sign-in', () => {
  beforeAll(async () => {
    await bootLotse(withProvider());
    await lotse!.db.query(
      `update staff_user set oidc_subject = null where username in ($1, 'jc.sachbearbeitung')`,
      [DEMO.username],
    );
    await lotse!.db.query(
      `insert into staff_user (username, display_name, email, institution_id, roles, active)
       values ($1, 'Inaktiv JA', $2, $3, '{caseworker}', false) on conflict do nothing`,
      [INACTIVE.username, INACTIVE.email, I.JA.id],
    );
  });
  afterAll(async () => {
    await lotse?.db.query(`delete from staff_user where username = $1`, [INACTIVE.username]);
  });

  it('offers single sign-on next to local accounts', async () => {
    const config = await client(baseUrl).get('/api/v1/auth/config');
    expect(config.body).toEqual({ oidc: true, localLogin: true });
    expect(
      (
        await client(baseUrl).post('/api/v1/auth/login', {
          username: DEMO.username,
          password: 'lotse-demo',
        })
      ).status,
    ).toBe(200);
  });

  it('sends the browser to the provider with PKCE, state and nonce, remembered in a signed cookie', async () => {
    const res = await fetch(`${baseUrl}/api/v1/auth/oidc/login?returnTo=/faelle`, {
      redirect: 'manual',
    });
    expect(res.status).toBe(302);
    const auth = new URL(res.headers.get('location')!);
    expect(auth.origin + auth.pathname).toBe(`${issuer}/auth`);
    expect(Object.fromEntries(auth.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: CLIENT_ID,
      redirect_uri: `${baseUrl}/api/v1/auth/oidc/callback`,
      scope: 'openid email profile',
      code_challenge_method: 'S256',
    });
    for (const p of ['state', 'nonce', 'code_challenge']) {
      expect(auth.searchParams.get(p)).toMatch(/^[A-Za-z0-9_-]{43,}$/);
    }
    const [cookie] = res.headers.getSetCookie();
    expect(cookie).toMatch(/^lotse_oidc=[^;]+\.[^;]+;/);
    expect(cookie).toContain('Max-Age=600');
    expect(cookie).toContain('Path=/api/v1/auth/oidc');
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    // The PKCE verifier is in there, not the challenge the provider sees.
    expect(cookie).not.toContain(auth.searchParams.get('code_challenge'));
  });

  it('signs a demo user in by verified e-mail, links the subject, and sets the session cookie', async () => {
    expect(await subjectOf(DEMO.username)).toBe(null);
    const result = await signInWithProvider(SUB.ja, { returnTo: '/faelle?status=offen' });
    expect(result.location).toBe('/faelle?status=offen');
    expect(result.session).toBeTruthy();
    expect(result.api.get('lotse_oidc')).toBeUndefined();

    const who = await me(result.session!);
    expect(who.status).toBe(200);
    expect(who.body).toMatchObject({
      username: DEMO.username,
      roles: ['caseworker'],
      institution: { id: I.JA.id },
    });
    expect(await subjectOf(DEMO.username)).toBe(SUB.ja);
  });

  it('matches the next sign-in by subject, even after the e-mail changed', async () => {
    expect(await subjectOf(DEMO.username)).toBe(SUB.ja);
    await lotse!.db.query(
      `update staff_user set email = 'umgezogen@anderswo.example' where username = $1`,
      [DEMO.username],
    );
    try {
      const result = await signInWithProvider(SUB.ja, { returnTo: '//evil.example/phish' });
      expect(result.location).toBe('/aufgaben');
      expect((await me(result.session!)).body.username).toBe(DEMO.username);
    } finally {
      await lotse!.db.query(`update staff_user set email = $2 where username = $1`, [
        DEMO.username,
        DEMO.email,
      ]);
    }
  });

  it('ends at ?fehler=oidc when state, code or flow cookie are not right', async () => {
    const tampered = await signInWithProvider(SUB.ja, {
      tamper: (url) => url.searchParams.set('state', 'x' + url.searchParams.get('state')!.slice(1)),
    });
    expect(tampered.location).toBe('/anmelden?fehler=oidc');
    expect(tampered.session).toBeUndefined();

    // A valid answer of the provider, replayed: the flow cookie is gone and the code is used up.
    const once = await signInWithProvider(SUB.ja);
    expect(once.location).toBe('/aufgaben');
    const replay = await fetch(once.callbackUrl, { redirect: 'manual' });
    expect(replay.headers.get('location')).toBe('/anmelden?fehler=oidc');
    expect(replay.headers.getSetCookie().join()).not.toContain('lotse_session=ey');

    // The provider reports an error (e.g. the user declined).
    const jar = new CookieJar();
    const start = await get(`${baseUrl}/api/v1/auth/oidc/login`, jar);
    const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
    const q = new URLSearchParams({ error: 'access_denied', state, iss: issuer });
    const denied = await get(`${baseUrl}/api/v1/auth/oidc/callback?${q}`, jar);
    expect(denied.headers.get('location')).toBe('/anmelden?fehler=oidc');
    expect(jar.get('lotse_session')).toBeUndefined();
  });

  it('ends at ?fehler=kein-konto without an active account, and logs no personal data', async () => {
    const log = await logsOf(async () => {
      for (const sub of [SUB.stranger, SUB.unverified, SUB.inactive]) {
        const result = await signInWithProvider(sub);
        expect(result.location).toBe('/anmelden?fehler=kein-konto');
        expect(result.session).toBeUndefined();
      }
    });
    expect(log).toContain('"reason":"no account has the e-mail"');
    expect(log).toContain('"reason":"unknown subject without verified e-mail"');
    expect(log).toContain('"reason":"account of the e-mail is inactive"');
    expect(log).not.toMatch(/@|niemand|inaktiv-|fremd-|unverified-/i);
    // Nothing got linked.
    expect(await subjectOf('jc.sachbearbeitung')).toBe(null);
    expect(await subjectOf(INACTIVE.username)).toBe(null);
  });
});

describe('OIDC_ONLY=true', () => {
  beforeAll(() => bootLotse(withProvider(true)));

  it('refuses local passwords, while single sign-on works', async () => {
    expect((await client(baseUrl).get('/api/v1/auth/config')).body).toEqual({
      oidc: true,
      localLogin: false,
    });
    const local = await client(baseUrl).post('/api/v1/auth/login', {
      username: DEMO.username,
      password: 'lotse-demo',
    });
    expect(local.status).toBe(403);
    expect(local.body).toMatchObject({ code: 'forbidden' });

    const result = await signInWithProvider(SUB.ja);
    expect(result.location).toBe('/aufgaben');
    expect((await me(result.session!)).body.username).toBe(DEMO.username);
  });
});

describe('without OIDC_ISSUER', () => {
  beforeAll(() => bootLotse({ OIDC_ISSUER: undefined, OIDC_ONLY: undefined }));

  it('has no single sign-on routes', async () => {
    expect((await client(baseUrl).get('/api/v1/auth/config')).body).toEqual({
      oidc: false,
      localLogin: true,
    });
    for (const path of ['/api/v1/auth/oidc/login', '/api/v1/auth/oidc/callback?code=x&state=y']) {
      const res = await client(baseUrl).get(path);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({
        statusCode: 404,
        code: 'not_found',
        message: 'Die Anmeldung mit Single Sign-On ist nicht eingerichtet.',
      });
    }
  });
});

describe('with an unreachable provider', () => {
  beforeAll(async () => {
    // A port that was just free: nothing listens there.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    await bootLotse({ ...withProvider(), OIDC_ISSUER: `http://127.0.0.1:${port}/realms/weg` });
  });

  it('sends the browser back to the sign-in page instead of an error page', async () => {
    const log = await logsOf(async () => {
      const res = await fetch(`${baseUrl}/api/v1/auth/oidc/login`, { redirect: 'manual' });
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe('/anmelden?fehler=oidc');
      expect(res.headers.getSetCookie()).toEqual([]);
    });
    expect(log).toContain('"reason":"discovery unreachable: fetch failed (ECONNREFUSED)"');
  });
});
