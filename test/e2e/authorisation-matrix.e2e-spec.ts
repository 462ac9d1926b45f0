import { randomBytes } from 'node:crypto';
import { Api, eventually, Lotse, signIn, startLotse } from '../harness/lotse';
import { adultConsent, birthDateForAge, documentHash, I, isoDaysAgo } from '../harness/fixtures';

/**
 * The authorisation matrix (issue 12): every route of the API (from its OpenAPI description) ×
 * every demo account (each role in each institution, and the data protection officer) × four
 * consent states of a case: valid, invalid, revoked, and a guardian's consent after the 18th
 * birthday. No personal attribute of the young person may reach an institution the consent
 * does not validly name. The consent names the Jugendamt and the employment agency; the job
 * centre refers. Personal data are tagged with random markers, and every answer is searched
 * for them.
 */

type ConsentState = 'valid' | 'invalid' | 'revoked' | 'guardian-after-18';
const STATES: ConsentState[] = ['valid', 'invalid', 'revoked', 'guardian-after-18'];
const NAMED: string[] = [I.JA.id, I.AA.id];

interface Case {
  state: ConsentState;
  id: string;
  markers: string[];
  taskIds: string[];
  consentIds: string[];
}

interface Viewer {
  username: string;
  institutionId: string;
  api: Api;
  /** Only the DSB role: no case work at all. */
  dsbOnly: boolean;
}

const token = () => randomBytes(5).toString('hex');

/** May this viewer see the young person's personal data of a case in this state? */
function allowed(viewer: Viewer, state: ConsentState): boolean {
  if (viewer.dsbOnly) return false;
  if (viewer.institutionId === I.JC.id) return true;
  return state === 'valid' && NAMED.includes(viewer.institutionId);
}

describe('Authorisation matrix: routes × roles × institutions × consent states', () => {
  let lotse: Lotse;
  let referrer: Api;
  const cases: Case[] = [];
  const viewers: Viewer[] = [];
  let routes: Array<{ method: string; path: string }> = [];

  async function fileCase(state: ConsentState): Promise<Case> {
    const t = token();
    const person = {
      firstName: `Vorname${t}`,
      lastName: `Nachname${t}`,
      birthDate: state === 'guardian-after-18' ? birthDateForAge(18, 10) : birthDateForAge(20, 40),
      municipality: 'Eschweiler',
      postalCode: '52249',
      email: `person${t}@beispiel.example`,
      phone: `0170 ${parseInt(t, 16) % 10_000_000}`,
      guardian: { name: `Vormund${t}`, email: `vormund${t}@beispiel.example` },
    };
    const consent =
      state === 'guardian-after-18'
        ? {
            grantedBy: 'guardian',
            guardianNames: [`Mutter${t}`],
            signedOn: isoDaysAgo(20),
            recipients: NAMED,
            purposes: ['case-conference', 'information-exchange', 'entrusted-information'],
            documentHash: documentHash(),
          }
        : adultConsent({
            signedOn: isoDaysAgo(20),
            recipients: NAMED,
            purposes:
              state === 'invalid'
                ? ['information-exchange', 'protocol-distribution']
                : ['case-conference', 'information-exchange', 'entrusted-information'],
          });
    const res = await referrer.post('/api/v1/referrals', {
      referringInstitutionId: I.JC.id,
      referredOn: isoDaysAgo(20),
      shortDescription: `Kurzbeschreibung${t}: Ausbildung abgebrochen`,
      youngPersonAttends: true,
      guardianAttends: state === 'guardian-after-18',
      youngPerson: person,
      consent,
    });
    if (res.status !== 202) throw new Error(JSON.stringify(res.body));
    const id = res.body.id as string;
    // Something the Jugendamt alone was told (§ 65 SGB VIII), where it may record it.
    const view = await eventually(
      async () => {
        const r = await referrer.get(`/api/v1/referrals/${id}`);
        return r.body.processInstanceId && r.body.openTasks !== undefined ? r.body : undefined;
      },
      { what: `case ${state} to start` },
    );
    if (state === 'revoked') {
      const revoked = await referrer.post(
        `/api/v1/referrals/${id}/consents/${view.consents[0].id}/revocation`,
        {},
      );
      expect(revoked.status).toBe(200);
    }
    const markers = [
      person.firstName,
      person.lastName,
      person.email,
      person.phone,
      person.guardian.name,
      person.guardian.email,
      `Mutter${t}`,
      `Kurzbeschreibung${t}`,
      `"birthDate":"${person.birthDate}"`,
    ];
    return {
      state,
      id,
      markers,
      taskIds: (view.openTasks as Array<{ id: string }>).map((x) => x.id),
      consentIds: (view.consents as Array<{ id: string }>).map((c) => c.id),
    };
  }

  beforeAll(async () => {
    lotse = await startLotse();
    referrer = await signIn(lotse.baseUrl, 'jc.sachbearbeitung');
    for (const state of STATES) cases.push(await fileCase(state));
    // The Jugendamt is named in every consent; § 65 notes need it to see the case's data, so
    // only the valid case gets one (recorded by the JA, read by the AA on the explicit purpose).
    const ja = await signIn(lotse.baseUrl, 'ja.sachbearbeitung');
    const valid = cases.find((c) => c.state === 'valid')!;
    const note = await ja.post(`/api/v1/referrals/${valid.id}/entrusted-notes`, {
      text: `Anvertraut${valid.markers[0]}`,
    });
    expect(note.status).toBe(201);

    const abbrs = Object.keys(I) as Array<keyof typeof I>;
    for (const abbr of abbrs) {
      for (const role of ['sachbearbeitung', 'koordination', 'admin']) {
        const username = `${abbr.toLowerCase()}.${role}`;
        viewers.push({
          username,
          institutionId: I[abbr].id,
          api: await signIn(lotse.baseUrl, username),
          dsbOnly: false,
        });
      }
    }
    viewers.push({
      username: 'ja.datenschutz',
      institutionId: I.JA.id,
      api: await signIn(lotse.baseUrl, 'ja.datenschutz'),
      dsbOnly: true,
    });

    const doc = await referrer.get('/api/docs/openapi.json');
    expect(doc.status).toBe(200);
    routes = Object.entries(doc.body.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, ops]) =>
        Object.keys(ops)
          .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
          .map((method) => ({ method: method.toUpperCase(), path })),
    );
  }, 300_000);
  afterAll(() => lotse?.close());

  /** The concrete URLs of a route for one case: path parameters filled with the case's ids. */
  function urls(path: string, c: Case): string[] {
    const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    if (params.length === 0) {
      return [path, `${path}?caseId=${c.id}`, `${path}?q=${encodeURIComponent(c.markers[1])}`];
    }
    const candidates = (name: string): string[] => {
      if (/consent/i.test(name)) return c.consentIds;
      if (path.includes('/tasks/')) return [...c.taskIds, c.id];
      return [c.id];
    };
    let out = [path];
    for (const p of params) {
      out = out.flatMap((u) => candidates(p).map((v) => u.replace(`{${p}}`, v)));
    }
    return out;
  }

  /**
   * Routes whose purpose is to give the data protection officer personal data (the access
   * report, Art. 15 GDPR): for the DSB they are the exception, checked in their own tests.
   */
  const dsbRoute = (path: string) => path.startsWith('/api/v1/data-protection');

  it('the markers are found where the data may be seen (the check can fail)', async () => {
    for (const c of cases) {
      const res = await referrer.get(`/api/v1/referrals/${c.id}`);
      const text = JSON.stringify(res.body);
      for (const m of c.markers.filter((x) => !x.startsWith('Mutter'))) expect(text).toContain(m);
    }
    const ja = viewers.find((v) => v.username === 'ja.sachbearbeitung')!;
    const valid = cases.find((c) => c.state === 'valid')!;
    expect(JSON.stringify((await ja.api.get(`/api/v1/referrals/${valid.id}`)).body)).toContain(
      valid.markers[1],
    );
  });

  // Before the matrix: it may record revocations (a consent's recipients may declare one).
  it('hides age bracket, residence reasons, attendance and who signed from those not named', async () => {
    const coordination = viewers.find((v) => v.username === 'ja.koordination')!;
    const bk = viewers.find((v) => v.username === 'bk.sachbearbeitung')!;
    for (const c of cases.filter((x) => x.state !== 'valid')) {
      const view = (await coordination.api.get(`/api/v1/referrals/${c.id}`)).body;
      expect(view.youngPerson).toBeNull();
      expect(view.shortDescription).toBeNull();
      expect(view.youngPersonAttends).toBeNull();
      expect(view.guardianAttends).toBeNull();
      for (const consent of view.consents) {
        expect(consent.grantedBy).toBeNull();
        expect(consent.capacityConfirmed).toBeNull();
        expect(consent.guardianNames).toEqual([]);
      }
      const reasons = [
        view.statusReason?.code,
        ...view.consents.map(
          (x: { invalidReason: { code: string } | null }) => x.invalidReason?.code,
        ),
        ...view.history.map((h: { reason: { code: string } | null }) => h.reason?.code),
      ].filter(Boolean);
      for (const code of reasons) {
        expect([
          'minor-without-capacity',
          'guardian-consent-required',
          'guardians-must-sign-for-minors',
          'adult-must-consent',
          'age-limit-reached',
          'not-resident',
          'guardian-consent-ended-at-majority',
        ]).not.toContain(code);
      }
      // An institution not named at all does not learn that the case exists.
      expect((await bk.api.get(`/api/v1/referrals/${c.id}`)).status).toBe(404);
    }
    // The referrer sees why the guardian's consent no longer counts.
    const after18 = cases.find((c) => c.state === 'guardian-after-18')!;
    const own = (await referrer.get(`/api/v1/referrals/${after18.id}`)).body;
    expect(own.consents[0].invalidReason.code).toBe('guardian-consent-ended-at-majority');
    expect(own.consents[0].grantedBy).toBe('guardian');
  });

  it('no personal attribute reaches an institution the consent does not validly name', async () => {
    expect(routes.length).toBeGreaterThan(30);
    const leaks: string[] = [];
    let checked = 0;
    for (const c of cases) {
      for (const v of viewers) {
        if (allowed(v, c.state)) continue;
        for (const route of routes) {
          if (route.path.startsWith('/api/v1/auth')) continue; // sign-in, sign-out: no case data
          if (v.dsbOnly && dsbRoute(route.path)) continue;
          for (const url of urls(route.path, c)) {
            const res =
              route.method === 'GET'
                ? await v.api.get(url)
                : await v.api.call(route.method, url, {});
            checked++;
            const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body ?? '');
            const found = c.markers.filter((m) => text.includes(m));
            if (found.length) {
              leaks.push(`${route.method} ${url} as ${v.username} (${c.state}): ${found}`);
            }
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
    expect(leaks).toEqual([]);
  }, 600_000);

  it('keeps what was entrusted to the Jugendamt (§ 65 SGB VIII) to those the consent names for it', async () => {
    const valid = cases.find((c) => c.state === 'valid')!;
    const note = `Anvertraut${valid.markers[0]}`;
    const read = async (username: string) =>
      viewers
        .find((v) => v.username === username)!
        .api.get(`/api/v1/referrals/${valid.id}/entrusted-notes`);
    // the JA that recorded it, and the AA whose consent names it for this purpose
    expect(JSON.stringify((await read('ja.sachbearbeitung')).body)).toContain(note);
    expect(JSON.stringify((await read('aa.sachbearbeitung')).body)).toContain(note);
    // the referrer holds the case data but was not entrusted with this: nothing
    const jc = await read('jc.sachbearbeitung');
    expect(jc.status).toBe(200);
    expect(jc.body).toEqual({ mayRecord: false, items: [] });
    // only the Jugendamt records it
    const aa = viewers.find((v) => v.username === 'aa.sachbearbeitung')!;
    const refused = await aa.api.post(`/api/v1/referrals/${valid.id}/entrusted-notes`, {
      text: 'x',
    });
    expect(refused.status).toBe(403);
    const empty = await viewers
      .find((v) => v.username === 'ja.sachbearbeitung')!
      .api.post(`/api/v1/referrals/${valid.id}/entrusted-notes`, { text: '  ' });
    expect(empty.status).toBe(400);
    expect(empty.body.errors.map((e: { field: string }) => e.field)).toEqual(['text']);
    // never in the protocol-bound case view of anyone
    expect(
      JSON.stringify((await referrer.get(`/api/v1/referrals/${valid.id}`)).body),
    ).not.toContain(note);
  });

  it('gives an account that is only the data protection officer no case work', async () => {
    const dsb = viewers.find((v) => v.dsbOnly)!;
    for (const path of ['/api/v1/referrals', '/api/v1/tasks', '/api/v1/conferences']) {
      expect((await dsb.api.get(path)).status).toBe(403);
    }
    expect((await dsb.api.get('/api/v1/auth/me')).status).toBe(200);
  });
});
