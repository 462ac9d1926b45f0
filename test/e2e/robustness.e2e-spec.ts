import { Api, client, eventually, Lotse, signIn, startLotse } from '../harness/lotse';
import { createJba } from '../harness/jba-fixture';
import { extraordinaryConference, I, isoDaysAgo, referral } from '../harness/fixtures';

type Operation = { parameters?: Array<{ name: string; in: 'path' | 'query' | 'header' }> };

/** Values that are wrong in every way a client gets them wrong: type, format, size, encoding. */
const BAD_SCALARS = [
  'x',
  '-1',
  '0',
  '1.5',
  '99999999999999999999999',
  '00000000-0000-0000-0000-000000000000',
  "' or 1=1 --",
  '%E0%A4%A',
  '%00',
  'a'.repeat(3000),
];
const BAD_BODIES: unknown[] = [
  'null',
  '[]',
  '"text"',
  '42',
  '{',
  {},
  { id: {}, username: [], password: 1, startsAt: 'gestern', capacity: -1, kind: null },
  { youngPerson: 'x', consent: [], recipients: 'x', purposes: {}, variables: 'x' },
  { variables: { consent: { recipients: [{}], signedOn: 3 } }, assignee: 123, reason: 5 },
  { variables: { decisions: 'x', selected: [null], attendance: { x: 1 } }, userId: 'x' },
];

/**
 * Every route of the API, read from its own OpenAPI description, answers malformed path
 * parameters, query strings and bodies with a 4xx, never with a 500: once with malformed ids,
 * once with the ids of real cases, tasks and conferences, for users of several roles.
 */
describe('Robustness against bad input', () => {
  let lotse: Lotse;
  let paths: Record<string, Record<string, Operation>>;
  /** The id a path parameter stands for, by the path's first segment. */
  const realIds: Record<string, string> = {};

  beforeAll(async () => {
    lotse = await startLotse();
    paths = (await client(lotse.baseUrl).get('/api/docs/openapi.json')).body.paths;

    const jba = await createJba(lotse.db);
    realIds.jbas = jba.id;
    const ja = await signIn(lotse.baseUrl, 'ja.sachbearbeitung');
    const accepted = await ja.post(
      '/api/v1/referrals',
      referral({ referringInstitutionId: I.JA.id, consent: undefined, referredOn: isoDaysAgo(1) }),
    );
    expect(accepted.status).toBe(202);
    realIds.referrals = accepted.body.id;
    realIds.tasks = await eventually(
      async () =>
        (await ja.get(`/api/v1/referrals/${accepted.body.id}`)).body.openTasks?.[0]?.id as string,
      { what: 'the obtain-consent task to be projected' },
    );
    const coordinator = await signIn(lotse.baseUrl, 'ja.koordination');
    const planned = await coordinator.post(
      '/api/v1/conferences',
      extraordinaryConference(new Date().getUTCFullYear() + 3),
    );
    expect(planned.status).toBe(201);
    realIds.conferences = planned.body.id;
  });
  afterAll(() => lotse?.close());

  /** Sends every bad query value and body to every operation; returns the answers of 500 and up. */
  async function probe(api: Api, pathValue: (template: string, bad: string) => string) {
    const failures: string[] = [];
    for (const [template, operations] of Object.entries(paths)) {
      for (const [method, op] of Object.entries(operations)) {
        const query = (op.parameters ?? []).filter((p) => p.in === 'query');
        for (const value of BAD_SCALARS) {
          const qs = query.map((p) => `${p.name}=${encodeURIComponent(value)}`).join('&');
          const url = `${pathValue(template, value)}${qs ? `?${qs}` : ''}`;
          const bodies = ['post', 'put', 'patch'].includes(method) ? BAD_BODIES : [undefined];
          for (const body of bodies) {
            const res = await api.call(method.toUpperCase(), url, body, {
              'content-type': 'application/json',
            });
            if (res.status >= 500) {
              failures.push(
                `${method.toUpperCase()} ${url.slice(0, 120)} ${JSON.stringify(body)?.slice(0, 80)} → ${res.status}`,
              );
            }
          }
        }
      }
    }
    return failures;
  }

  const malformedIds = (template: string, bad: string) =>
    template.replace(/\{[^}]+\}/g, encodeURIComponent(bad));
  const idsOfRealThings = (template: string) =>
    template.replace(/\{([^}]+)\}/g, (_, name: string) => {
      const resource = name === 'jbaId' ? 'jbas' : template.split('/')[3];
      return realIds[resource] ?? 'x';
    });

  it.each(['ja.koordination', 'jc.sachbearbeitung', 'ja.sachbearbeitung', 'bb.admin'])(
    'never answers 500 to %s sending malformed requests',
    async (username) => {
      const api = await signIn(lotse.baseUrl, username);
      expect(await probe(api, malformedIds)).toEqual([]);
      expect(await probe(api, idsOfRealThings)).toEqual([]);
    },
  );
});
