import { randomUUID } from 'node:crypto';
import { Api, client, Lotse, signIn, startLotse } from '../harness/lotse';

/** Konten: an institution's admins create, change, lock and reset its staff accounts. */
describe('Account administration', () => {
  let lotse: Lotse;
  let admin: Api;

  beforeAll(async () => {
    lotse = await startLotse({ worker: false });
    admin = await signIn(lotse.baseUrl, 'jc.admin');
  });
  afterAll(() => lotse?.close());

  const login = (username: string, password: string) =>
    client(lotse.baseUrl).post('/api/v1/auth/login', { username, password });
  const fields = (body: { errors?: Array<{ field: string }> }) =>
    (body.errors ?? []).map((e) => e.field).sort();

  it('creates an account that signs in with its institution and roles', async () => {
    const username = `neu.${randomUUID().slice(0, 8)}`;
    const created = await admin.post('/api/v1/accounts', {
      username,
      displayName: 'Nora Neu',
      email: 'Nora.Neu@JC.example',
      roles: ['caseworker'],
      password: 'ein-langes-passwort',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      username,
      displayName: 'Nora Neu',
      email: 'nora.neu@jc.example',
      roles: ['caseworker'],
      roleLabels: ['Sachbearbeitung'],
      active: true,
      hasPassword: true,
    });
    expect(created.body).not.toHaveProperty('passwordHash');

    const session = await login(username, 'ein-langes-passwort');
    expect(session.status).toBe(200);
    expect(session.body.user.institution.name).toContain('Jobcenter');
    expect(session.body.user.roles).toEqual(['caseworker']);

    const list = await admin.get('/api/v1/accounts');
    expect(list.status).toBe(200);
    expect(list.body.map((a: { username: string }) => a.username)).toEqual(
      expect.arrayContaining([username, 'jc.sachbearbeitung', 'jc.admin']),
    );
    expect(
      list.body.every(
        (a: { username: string }) => a.username.startsWith('jc.') || a.username === username,
      ),
    ).toBe(true);

    const again = await admin.post('/api/v1/accounts', {
      username,
      displayName: 'Doppelt',
      roles: ['caseworker'],
      password: 'ein-langes-passwort',
    });
    expect(again.status).toBe(409);
    expect(again.body.message).toBe('Diesen Benutzernamen gibt es schon.');

    // Two admins creating one name at the same moment: one account, one clear 409.
    const racing = `zwei.${randomUUID().slice(0, 8)}`;
    const both = await Promise.all(
      [admin, await signIn(lotse.baseUrl, 'jc.admin')].map((a) =>
        a.post('/api/v1/accounts', {
          username: racing,
          displayName: 'Zweimal',
          roles: ['caseworker'],
          password: 'ein-langes-passwort',
        }),
      ),
    );
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
  });

  it('names every bad field', async () => {
    const bad = await admin.post('/api/v1/accounts', {
      username: 'A B',
      displayName: '',
      email: 'keine-adresse',
      roles: ['chef'],
      password: 'kurz',
    });
    expect(bad.status).toBe(400);
    expect(fields(bad.body)).toEqual(['displayName', 'email', 'password', 'roles', 'username']);
    const noPassword = await admin.post('/api/v1/accounts', {
      username: `ohne.${randomUUID().slice(0, 8)}`,
      displayName: 'Ohne Passwort',
      roles: ['caseworker'],
    });
    expect(noPassword.status).toBe(400);
    expect(fields(noPassword.body)).toEqual(['password']);
  });

  it('locks an account, sets a new password, and changes roles', async () => {
    const username = `sperr.${randomUUID().slice(0, 8)}`;
    const { body: account } = await admin.post('/api/v1/accounts', {
      username,
      displayName: 'Sam Sperr',
      roles: ['caseworker'],
      password: 'erstes-passwort-123',
    });
    const session = (password: string) => signIn(lotse.baseUrl, username, password);
    // A change of name leaves the account's session alone (it shows the account as it is now);
    // locking ends it.
    const before = await session('erstes-passwort-123');
    await admin.patch(`/api/v1/accounts/${account.id}`, { displayName: 'Sam Sperr-Neu' });
    expect((await before.get('/api/v1/auth/me')).body.displayName).toBe('Sam Sperr-Neu');
    const locked = await admin.patch(`/api/v1/accounts/${account.id}`, { active: false });
    expect(locked.status).toBe(200);
    expect(locked.body.active).toBe(false);
    expect((await before.get('/api/v1/auth/me')).status).toBe(401);
    expect((await login(username, 'erstes-passwort-123')).status).toBe(401);

    await admin.patch(`/api/v1/accounts/${account.id}`, { active: true });
    const unlocked = await session('erstes-passwort-123');
    // Other roles end the session: the next sign-in carries them.
    await admin.patch(`/api/v1/accounts/${account.id}`, { roles: ['caseworker', 'coordinator'] });
    expect((await unlocked.get('/api/v1/auth/me')).status).toBe(401);
    const withRoles = await session('erstes-passwort-123');
    expect((await withRoles.get('/api/v1/auth/me')).body.roles.sort()).toEqual([
      'caseworker',
      'coordinator',
    ]);
    // A new password ends the sessions of the old one.
    const reset = await admin.put(`/api/v1/accounts/${account.id}/password`, {
      password: 'zweites-passwort-456',
    });
    expect(reset.status).toBe(204);
    expect((await withRoles.get('/api/v1/auth/me')).status).toBe(401);
    expect((await login(username, 'erstes-passwort-123')).status).toBe(401);
    expect((await login(username, 'zweites-passwort-456')).status).toBe(200);

    const audited = await lotse.db.query(
      `select detail->>'change' as change from audit_entry
        where action = 'account-changed' and detail->>'accountId' = $1 order by id`,
      [account.id],
    );
    expect(audited.map((a: { change: string }) => a.change)).toEqual([
      'created',
      'updated',
      'updated',
      'updated',
      'updated',
      'password-set',
    ]);
    expect(JSON.stringify(audited)).not.toContain('passwort');
  });

  it('keeps admins to their own institution and to other admins', async () => {
    const caseworker = await signIn(lotse.baseUrl, 'jc.sachbearbeitung');
    expect((await caseworker.get('/api/v1/accounts')).status).toBe(403);
    expect(
      (
        await caseworker.post('/api/v1/accounts', {
          username: 'x.y.z',
          displayName: 'X',
          roles: ['admin'],
          password: 'ein-langes-passwort',
        })
      ).status,
    ).toBe(403);

    const jaAdmin = await signIn(lotse.baseUrl, 'ja.admin');
    const jcAccounts = (await admin.get('/api/v1/accounts')).body as Array<{
      id: string;
      username: string;
    }>;
    const jcCaseworker = jcAccounts.find((a) => a.username === 'jc.sachbearbeitung')!;
    const foreign = await jaAdmin.patch(`/api/v1/accounts/${jcCaseworker.id}`, { active: false });
    expect(foreign.status).toBe(404);
    expect(
      (
        await jaAdmin.put(`/api/v1/accounts/${jcCaseworker.id}/password`, {
          password: 'x'.repeat(20),
        })
      ).status,
    ).toBe(404);

    const me = jcAccounts.find((a) => a.username === 'jc.admin')!;
    const lockSelf = await admin.patch(`/api/v1/accounts/${me.id}`, { active: false });
    expect(lockSelf.status).toBe(409);
    expect(lockSelf.body.message).toBe('Sie können Ihr eigenes Konto nicht sperren.');
    const demoteSelf = await admin.patch(`/api/v1/accounts/${me.id}`, { roles: ['caseworker'] });
    expect(demoteSelf.status).toBe(409);
    expect((await login('jc.sachbearbeitung', 'lotse-demo')).status).toBe(200);
  });
});
