import { randomUUID } from 'node:crypto';
import { Api, client, eventually, Lotse, signIn, startLotse } from '../harness/lotse';
import { referral } from '../harness/fixtures';

type LogLine = Record<string, unknown>;

/**
 * One request id, followed (issue 14): a referral filed with `X-Request-Id` gets the id back,
 * the API's request line names it with route template, status, duration and user id, the outbox
 * row keeps it, and the worker's log line for the consent check of that case carries it.
 */
describe('Request ids from the API into the worker', () => {
  let lotse: Lotse;
  let jc: Api;
  const written: string[] = [];
  const logLevel = process.env.LOG_LEVEL;
  const write = process.stdout.write.bind(process.stdout);

  /** The JSON log lines written so far (both apps run in this process and log to stdout). */
  const lines = (): LogLine[] =>
    written
      .join('')
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => {
        try {
          return JSON.parse(l) as LogLine;
        } catch {
          return {};
        }
      });

  beforeAll(async () => {
    // debug: the worker logs each completed external task at debug level
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

  it('follows the id of a referral from the API log through the outbox to the worker log', async () => {
    const requestId = randomUUID();
    const person = { firstName: `Ida${requestId.slice(0, 6)}` };
    const accepted = await jc.post('/api/v1/referrals', referral({}, person), {
      'x-request-id': requestId,
    });
    expect(accepted.status).toBe(202);
    expect(accepted.headers.get('x-request-id')).toBe(requestId);
    const caseId = accepted.body.id as string;
    const me = await jc.get('/api/v1/auth/me');
    const userId = me.body.id as string;
    expect(userId).toMatch(/^[0-9a-f-]{36}$/);

    // The API's line for the request: route template, status, duration, user id; no names.
    const requestLine = await eventually(
      async () => lines().find((l) => l.msg === 'request' && l.requestId === requestId),
      { what: 'the request line', timeoutMs: 10_000 },
    );
    expect(requestLine).toMatchObject({
      app: 'api',
      level: 'info',
      method: 'POST',
      route: '/api/v1/referrals',
      status: 202,
      userId,
    });
    expect(typeof requestLine.durationMs).toBe('number');
    expect(requestLine.durationMs as number).toBeGreaterThan(0);
    expect(JSON.stringify(requestLine)).not.toContain(person.firstName);
    expect(JSON.stringify(requestLine)).not.toContain('Sachbearbeitung');

    // The outbox row that starts the case's process keeps the id.
    const rows: Array<{ request_id: string | null }> = await lotse.db.query(
      `select request_id from outbox_message where command->>'businessKey' = $1`,
      [caseId],
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.request_id)).toContain(requestId);

    // The relay's line for the engine command (the start of the case's process, with the
    // variable lotseRequestId) names it.
    await eventually(
      async () =>
        lines().find(
          (l) =>
            l.msg === 'outbox command sent' &&
            l.type === 'start-process' &&
            l.requestId === requestId,
        ),
      { what: 'the relay line of the start command', timeoutMs: 30_000 },
    );

    // The worker's line for the consent check of this case carries the same id.
    const workerLine = await eventually(
      async () =>
        lines().find(
          (l) =>
            l.app === 'worker' &&
            l.topic === 'lotse.consent.check' &&
            l.msg === 'external task completed' &&
            l.requestId === requestId,
        ),
      { what: 'the worker line of the consent check', timeoutMs: 60_000 },
    );
    expect(workerLine.processInstanceId).toEqual(expect.any(String));
    // and nothing the apps logged names the young person
    expect(written.join('')).not.toContain(person.firstName);
  });

  it('answers every request with an id: a sane one taken over, any other replaced', async () => {
    const anonymous = client(lotse.baseUrl);
    const generated = await anonymous.get('/health');
    expect(generated.headers.get('x-request-id')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    for (const bad of ['kurz', 'x'.repeat(129), 'ein satz mit leerzeichen', '{"level":"error"}']) {
      const answer = await anonymous.get('/api/v1/auth/me', { 'x-request-id': bad });
      expect(answer.status).toBe(401);
      const id = answer.headers.get('x-request-id');
      expect(id).not.toBe(bad);
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
    }
    const sane = `lb-${randomUUID()}`;
    const taken = await anonymous.get('/api/v1/auth/me', { 'x-request-id': sane });
    expect(taken.headers.get('x-request-id')).toBe(sane);
    const line = await eventually(
      async () => lines().find((l) => l.msg === 'request' && l.requestId === sane),
      { what: 'the request line of a refused request', timeoutMs: 10_000 },
    );
    expect(line).toMatchObject({ route: '/api/v1/auth/me', status: 401, method: 'GET' });
    expect(line.userId).toBeUndefined();
  });
});
