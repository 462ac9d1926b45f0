import { Api, Lotse, signIn, startLotse } from '../harness/lotse';
import { createJba, TestJba } from '../harness/jba-fixture';
import { I, isoDaysAgo } from '../harness/fixtures';

/** Angebotsübersicht: every partner keeps its support offers; staff of the JBA search them. */
describe('Offers overview', () => {
  let lotse: Lotse;
  let jba: TestJba;
  let jc: Api;

  beforeAll(async () => {
    lotse = await startLotse({ worker: false });
    jba = await createJba(lotse.db);
    jc = await signIn(lotse.baseUrl, jba.users.jcCaseworker);
  });
  afterAll(() => lotse?.close());

  const fields = (body: { errors?: Array<{ field: string }> }) =>
    (body.errors ?? []).map((e) => e.field).sort();
  const names = (body: { items: Array<{ name: string }> }) => body.items.map((o) => o.name).sort();

  function offer(overrides: Record<string, unknown> = {}) {
    return {
      name: 'Coaching U25 (§ 16h SGB II)',
      kind: 'counselling',
      targetGroup: 'Junge Menschen unter 25, die schwer zu erreichen sind',
      legalBasis: '§ 16h SGB II',
      contactName: 'Team U25',
      contactEmail: 'u25@jobcenter.example',
      contactPhone: '02403 123-456',
      description: 'Aufsuchende Begleitung mit festem Coach.',
      activeFrom: isoDaysAgo(30),
      ...overrides,
    };
  }

  it('creates an offer of the own institution and shows it to every partner of the JBA', async () => {
    const created = await jc.post('/api/v1/offers', offer());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      jbaId: jba.id,
      institutionId: jba.inst.JC.id,
      institutionName: jba.inst.JC.name,
      name: 'Coaching U25 (§ 16h SGB II)',
      kind: 'counselling',
      kindLabel: 'Beratung',
      legalBasis: '§ 16h SGB II',
      contactEmail: 'u25@jobcenter.example',
      activeFrom: isoDaysAgo(30),
      activeTo: null,
      active: true,
      editable: true,
      version: 1,
    });

    const ja = await signIn(lotse.baseUrl, jba.users.jaCaseworker);
    const read = await ja.get(`/api/v1/offers/${created.body.id}`);
    expect(read.status).toBe(200);
    // Another institution's caseworker reads it, but may not change it.
    expect(read.body).toMatchObject({ id: created.body.id, editable: false });
    const list = await ja.get('/api/v1/offers');
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ page: 1, pageSize: 20 });
    expect(list.body.items.map((o: { id: string }) => o.id)).toContain(created.body.id);
    expect(list.body.kindOptions).toContainEqual({ value: 'language-course', label: 'Sprachkurs' });
  });

  it('searches by text, kind, institution and the day an offer runs, page by page', async () => {
    const own = await createJba(lotse.db);
    const admin = await signIn(lotse.baseUrl, own.users.jaAdmin);
    const add = async (overrides: Record<string, unknown>) => {
      const res = await admin.post('/api/v1/offers', offer(overrides));
      expect(res.status).toBe(201);
      return res.body;
    };
    await add({ institutionId: own.inst.JC.id });
    await add({
      institutionId: own.inst.AA.id,
      name: 'Assistierte Ausbildung (AsA flex)',
      kind: 'training',
      targetGroup: 'Auszubildende mit Unterstützungsbedarf',
      legalBasis: '§ 74 SGB III',
      description: null,
    });
    await add({
      institutionId: own.inst.JMD.id,
      name: 'Integrationskurs für junge Menschen',
      kind: 'language-course',
      targetGroup: 'Zugewanderte von 16 bis 27 Jahren',
      legalBasis: '§ 43 AufenthG',
      description: 'Deutsch bis B1, 100_% Praxisbezug',
    });
    await add({
      institutionId: own.inst.JA.id,
      name: 'Ferienwerkstatt',
      kind: 'career-orientation',
      targetGroup: 'Klassen 8 bis 10',
      legalBasis: 'KAoA',
      description: null,
      activeFrom: isoDaysAgo(400),
      activeTo: isoDaysAgo(300),
    });
    await add({
      institutionId: own.inst.JA.id,
      name: 'Übergangsbegleitung ab nächstem Monat',
      kind: 'youth-welfare',
      targetGroup: 'Junge Menschen mit Benachteiligungen',
      legalBasis: '§ 13 SGB VIII',
      description: null,
      activeFrom: isoDaysAgo(-30),
    });
    const search = (q: Record<string, string>) =>
      admin.get(`/api/v1/offers?${new URLSearchParams(q)}`);

    const all = await search({});
    expect(all.body.total).toBe(5);
    // Name, target group, legal basis and description, case-insensitive.
    expect(names((await search({ q: 'asa FLEX' })).body)).toEqual([
      'Assistierte Ausbildung (AsA flex)',
    ]);
    expect(names((await search({ q: 'zugewanderte' })).body)).toEqual([
      'Integrationskurs für junge Menschen',
    ]);
    expect(names((await search({ q: '§ 16h' })).body)).toEqual(['Coaching U25 (§ 16h SGB II)']);
    expect(names((await search({ q: 'festem coach' })).body)).toEqual([
      'Coaching U25 (§ 16h SGB II)',
    ]);
    // % and _ are searched for as themselves.
    expect(names((await search({ q: '100_%' })).body)).toEqual([
      'Integrationskurs für junge Menschen',
    ]);
    expect((await search({ q: '%' })).body.total).toBe(1);
    expect((await search({ q: '_' })).body.total).toBe(1);

    const training = await search({ kind: 'training' });
    expect(training.body.items).toEqual([
      expect.objectContaining({
        name: 'Assistierte Ausbildung (AsA flex)',
        kindLabel: 'Ausbildung / ausbildungsbegleitende Hilfen',
        institutionName: own.inst.AA.name,
      }),
    ]);
    expect((await search({ institutionId: own.inst.JA.id })).body.total).toBe(2);
    expect((await search({ institutionId: own.inst.JA.id, q: 'ferien' })).body.total).toBe(1);

    // Active today: not the ended one, not the one that starts next month.
    const today = await search({ activeOn: isoDaysAgo(0) });
    expect(names(today.body)).toEqual([
      'Assistierte Ausbildung (AsA flex)',
      'Coaching U25 (§ 16h SGB II)',
      'Integrationskurs für junge Menschen',
    ]);
    // First and last day count.
    expect(names((await search({ activeOn: isoDaysAgo(300) })).body)).toContain('Ferienwerkstatt');
    expect(names((await search({ activeOn: isoDaysAgo(-30) })).body)).toContain(
      'Übergangsbegleitung ab nächstem Monat',
    );
    expect(today.body.items.find((o: { name: string }) => o.name === 'Ferienwerkstatt')).toBe(
      undefined,
    );
    const ended = all.body.items.find((o: { name: string }) => o.name === 'Ferienwerkstatt');
    expect(ended).toMatchObject({ active: false, activeTo: isoDaysAgo(300) });

    const first = await search({ pageSize: '2' });
    const third = await search({ pageSize: '2', page: '3' });
    expect(first.body).toMatchObject({ total: 5, page: 1, pageSize: 2 });
    expect(first.body.items).toHaveLength(2);
    expect(third.body.items).toHaveLength(1);
    expect(names(first.body)).toEqual([
      'Assistierte Ausbildung (AsA flex)',
      'Coaching U25 (§ 16h SGB II)',
    ]);
  });

  it('keeps the offers of another JBA out of sight (404)', async () => {
    const other = await createJba(lotse.db);
    const stranger = await signIn(lotse.baseUrl, other.users.jcCaseworker);
    const created = await jc.post('/api/v1/offers', offer({ name: 'Nur in unserer JBA' }));
    expect(created.status).toBe(201);

    expect((await stranger.get(`/api/v1/offers/${created.body.id}`)).status).toBe(404);
    const patched = await stranger.patch(`/api/v1/offers/${created.body.id}`, {
      version: 1,
      name: 'Übernommen',
    });
    expect(patched.status).toBe(404);
    const list = await stranger.get('/api/v1/offers?q=Nur%20in%20unserer');
    expect(list.body.total).toBe(0);
    // The demo JBA's offers are not in a test JBA's overview either.
    expect((await stranger.get('/api/v1/offers?q=AsA')).body.total).toBe(0);
    const demo = await signIn(lotse.baseUrl, 'jc.sachbearbeitung');
    const asa = await demo.get('/api/v1/offers?q=AsA%20flex');
    expect(asa.body.items).toEqual([
      expect.objectContaining({
        name: 'Assistierte Ausbildung (AsA flex)',
        institutionId: I.AA.id,
        kindLabel: 'Ausbildung / ausbildungsbegleitende Hilfen',
      }),
    ]);
  });

  it('lets caseworkers and coordinators keep only their own institution’s offers, admins all of the JBA', async () => {
    const aa = await signIn(lotse.baseUrl, jba.users.aaCaseworker);
    const forJc = await aa.post('/api/v1/offers', offer({ institutionId: jba.inst.JC.id }));
    expect(forJc.status).toBe(403);
    const coordinator = await signIn(lotse.baseUrl, jba.users.jaCoordinator);
    expect(
      (await coordinator.post('/api/v1/offers', offer({ institutionId: jba.inst.BK.id }))).status,
    ).toBe(403);
    const ownAa = await aa.post('/api/v1/offers', offer({ institutionId: jba.inst.AA.id }));
    expect(ownAa.status).toBe(201);

    const jcOffer = (await jc.post('/api/v1/offers', offer({ name: 'JC-Angebot' }))).body;
    const changedByAa = await aa.patch(`/api/v1/offers/${jcOffer.id}`, {
      version: 1,
      name: 'Geändert',
    });
    expect(changedByAa.status).toBe(403);

    // An admin keeps the overview of the whole JBA, but not another JBA's.
    const admin = await signIn(lotse.baseUrl, jba.users.jaAdmin);
    const byAdmin = await admin.post(
      '/api/v1/offers',
      offer({ institutionId: jba.inst.BK.id, name: 'Ausbildungsvorbereitung (AV)' }),
    );
    expect(byAdmin.status).toBe(201);
    expect(byAdmin.body).toMatchObject({ institutionId: jba.inst.BK.id, editable: true });
    const elsewhere = await admin.post('/api/v1/offers', offer({ institutionId: I.JC.id }));
    expect(elsewhere.status).toBe(400);
    expect(fields(elsewhere.body)).toEqual(['institutionId']);
    const changedByAdmin = await admin.patch(`/api/v1/offers/${jcOffer.id}`, {
      version: 1,
      contactPhone: null,
    });
    expect(changedByAdmin.status).toBe(200);
    expect(changedByAdmin.body).toMatchObject({ contactPhone: null, version: 2 });
  });

  it('ends an offer with activeTo, and refuses a change made on an old version (409)', async () => {
    const created = (await jc.post('/api/v1/offers', offer({ name: 'Läuft aus' }))).body;
    const ended = await jc.patch(`/api/v1/offers/${created.id}`, {
      version: created.version,
      activeTo: isoDaysAgo(1),
    });
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({ activeTo: isoDaysAgo(1), active: false, version: 2 });
    const activeToday = await jc.get(
      `/api/v1/offers?q=${encodeURIComponent('Läuft aus')}&activeOn=${isoDaysAgo(0)}`,
    );
    expect(activeToday.body.total).toBe(0);

    const stale = await jc.patch(`/api/v1/offers/${created.id}`, {
      version: created.version,
      name: 'Auf alter Version',
    });
    expect(stale.status).toBe(409);
    expect((await jc.get(`/api/v1/offers/${created.id}`)).body.name).toBe('Läuft aus');

    const before = await jc.patch(`/api/v1/offers/${created.id}`, {
      version: 2,
      activeTo: isoDaysAgo(31),
    });
    expect(before.status).toBe(400);
    expect(fields(before.body)).toEqual(['activeTo']);
    const laterStart = await jc.patch(`/api/v1/offers/${created.id}`, {
      version: 2,
      activeFrom: isoDaysAgo(0),
    });
    expect(laterStart.status).toBe(400);
    expect(fields(laterStart.body)).toEqual(['activeTo']);

    const reopened = await jc.patch(`/api/v1/offers/${created.id}`, { version: 2, activeTo: null });
    expect(reopened.body).toMatchObject({ activeTo: null, active: true, version: 3 });
  });

  it('names every bad field (400), and never answers 500', async () => {
    const bad = await jc.post('/api/v1/offers', {
      name: '',
      kind: 'kurs',
      targetGroup: 42,
      legalBasis: 'x'.repeat(201),
      contactEmail: 'keine-adresse',
      contactPhone: 'ruf an',
      activeFrom: '2026-02-30',
      institutionId: 'x',
    });
    expect(bad.status).toBe(400);
    expect(fields(bad.body)).toEqual([
      'activeFrom',
      'contactEmail',
      'contactName',
      'contactPhone',
      'institutionId',
      'kind',
      'legalBasis',
      'name',
      'targetGroup',
    ]);

    const reversed = await jc.post(
      '/api/v1/offers',
      offer({ activeFrom: '2026-09-01', activeTo: '2026-08-31' }),
    );
    expect(reversed.status).toBe(400);
    expect(fields(reversed.body)).toEqual(['activeTo']);
    const unknown = await jc.post('/api/v1/offers', offer({ deletedAt: '2026-01-01' }));
    expect(fields(unknown.body)).toEqual(['deletedAt']);

    const created = (await jc.post('/api/v1/offers', offer())).body;
    const nulls = await jc.patch(`/api/v1/offers/${created.id}`, {
      version: 'eins',
      name: null,
      kind: null,
      activeFrom: null,
    });
    expect(nulls.status).toBe(400);
    expect(fields(nulls.body)).toEqual(['activeFrom', 'kind', 'name', 'version']);

    const query = await jc.get(
      '/api/v1/offers?kind=kurs&institutionId=x&activeOn=heute&page=0&pageSize=500',
    );
    expect(query.status).toBe(400);
    expect(fields(query.body)).toEqual(['activeOn', 'institutionId', 'kind', 'page', 'pageSize']);
    for (const q of ['%00', 'a%00b', `${'x'.repeat(201)}`, '%E0%A4%A', "' or 1=1 --"]) {
      const res = await jc.get(`/api/v1/offers?q=${q}`);
      expect([200, 400]).toContain(res.status);
    }
    expect((await jc.get('/api/v1/offers?q=%00')).status).toBe(400);
    for (const body of [
      { name: 'a\u0000b', version: 1 },
      { description: 'x\u0007', version: 1 },
    ]) {
      const res = await jc.patch(`/api/v1/offers/${created.id}`, body);
      expect(res.status).toBe(400);
    }
    const missing = await jc.get('/api/v1/offers/00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect((await jc.get('/api/v1/offers/nicht-da')).status).toBe(400);
  });
});
