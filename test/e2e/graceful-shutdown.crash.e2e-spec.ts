import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { hostname } from 'node:os';
import { referral } from '../harness/fixtures';
import { eventually, Lotse, signIn, startLotse, testEngine } from '../harness/lotse';
import { ensureApiBuilt, ensureWorkerBuilt, exited } from '../harness/processes';

/* eslint-disable @typescript-eslint/no-require-imports */
const { engine, ROOT } = require('../harness/test-env');
/* eslint-enable @typescript-eslint/no-require-imports */

/** The shutdown timeout the spawned apps get (SHUTDOWN_TIMEOUT_MS). */
const SHUTDOWN_TIMEOUT_MS = 20_000;
/** Concurrent senders of referrals, each one after the other with a short pause. */
const LANES = 40;
const PAUSE_MS = 500;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

interface App {
  child: ChildProcess;
  output: string[];
  metricsUrl: string;
}

/** The built api or worker binary as its own process (as in production), with its own ports. */
function spawnApp(kind: 'api' | 'worker', env: Record<string, string>, metricsPort: number): App {
  const main = kind === 'api' ? ensureApiBuilt() : ensureWorkerBuilt();
  const child = spawn('node', kind === 'api' ? [main] : [main, 'run'], {
    cwd: ROOT,
    env: {
      ...process.env,
      LOG_LEVEL: 'info',
      METRICS_PORT: String(metricsPort),
      SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const keep = (d: Buffer) => output.push(...d.toString().split('\n').filter(Boolean));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return { child, output, metricsUrl: `http://127.0.0.1:${metricsPort}` };
}

async function probe(url: string): Promise<{ status: number; body: any } | undefined> {
  try {
    const res = await fetch(url);
    return { status: res.status, body: await res.json() };
  } catch {
    return undefined;
  }
}

async function ready(app: App, what: string) {
  await eventually(
    async () => {
      if (app.child.exitCode !== null) throw new Error(`exited ${app.child.exitCode}`);
      return (await probe(`${app.metricsUrl}/health/ready`))?.status === 200;
    },
    { timeoutMs: 90_000, what: `${what} to be ready` },
  ).catch((e: Error) => {
    throw new Error(`${e.message}\n${what} wrote:\n${app.output.slice(-20).join('\n')}`);
  });
}

/** SIGTERM, then the exit code and how long it took. */
async function terminate(app: App) {
  const t0 = Date.now();
  app.child.kill('SIGTERM');
  const exit = await Promise.race([
    exited(app.child),
    new Promise<'still running'>((r) => setTimeout(() => r('still running'), 60_000)),
  ]);
  return { exit, ms: Date.now() - t0 };
}

/** External tasks the engine still has locked for one worker process (by its pid). */
async function lockedBy(pid: number): Promise<string[]> {
  const auth = Buffer.from(`${engine.serviceUser}:${engine.servicePassword}`).toString('base64');
  const res = await fetch(`${engine.restUrl}/external-task?locked=true`, {
    headers: { authorization: `Basic ${auth}` },
  });
  const tasks = (await res.json()) as Array<{ id: string; workerId: string }>;
  return tasks.filter((t) => t.workerId.startsWith(`${hostname()}-${pid}-`)).map((t) => t.id);
}

/**
 * SIGTERM mid-load (issue 14): the worker stops fetching, finishes or hands back its tasks and
 * exits 0; the API stops accepting, answers the requests in flight and exits 0. Every referral
 * answered 202 reaches its state after the consent check, each checked exactly once. The probes
 * on the internal port: live while the engine is down, not ready.
 */
describe('Graceful shutdown under load', () => {
  let lotse: Lotse;
  const apps: App[] = [];
  /** The api and the worker running now. */
  const current: { api?: App; worker?: App } = {};
  let apiPort: number;

  beforeAll(async () => {
    // This process' own API serves nothing here and relays nothing: only the spawned apps work.
    process.env.OUTBOX_RELAY = 'false';
    try {
      lotse = await startLotse({ worker: false });
    } finally {
      delete process.env.OUTBOX_RELAY;
    }
    apiPort = await freePort();
  });

  afterAll(async () => {
    for (const app of apps) if (app.child.exitCode === null) app.child.kill('SIGKILL');
    await Promise.all(apps.map((a) => exited(a.child)));
    try {
      await testEngine.start();
    } finally {
      await lotse?.close();
    }
  });

  async function startApi(): Promise<App> {
    const api = spawnApp(
      'api',
      { HTTP_PORT: String(apiPort), HTTP_HOST: '127.0.0.1' },
      await freePort(),
    );
    apps.push(api);
    await ready(api, 'the api');
    current.api = api;
    return api;
  }

  async function startWorker(): Promise<App> {
    const worker = spawnApp('worker', {}, await freePort());
    apps.push(worker);
    await ready(worker, 'a worker');
    current.worker = worker;
    return worker;
  }

  const say = (msg: string) => process.stderr.write(`[graceful-shutdown] ${msg}\n`);

  it('loses nothing and processes nothing twice when api and worker get SIGTERM mid-load', async () => {
    const api = await startApi();
    const worker1 = await startWorker();
    const baseUrl = `http://127.0.0.1:${apiPort}`;
    const jc = await signIn(baseUrl, 'jc.sachbearbeitung');

    const accepted: string[] = [];
    const refused: string[] = [];
    const failures: string[] = [];
    /** Requests sent before the api's SIGTERM and answered after it. */
    const answeredWhileDraining: number[] = [];
    let apiTermAt = Number.POSITIVE_INFINITY;
    let running = true;
    const lane = async () => {
      while (running) {
        const sent = Date.now();
        try {
          const res = await jc.post('/api/v1/referrals', referral());
          if (res.status === 202) accepted.push(res.body.id);
          else failures.push(`${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
          if (sent < apiTermAt && Date.now() > apiTermAt) answeredWhileDraining.push(res.status);
        } catch (e) {
          // no connection (the api is down) or one cut: not accepted, so nothing is owed
          refused.push(((e as Error).cause as Error | undefined)?.message ?? (e as Error).message);
          await new Promise((r) => setTimeout(r, 100));
        }
        await new Promise((r) => setTimeout(r, PAUSE_MS));
      }
    };
    const load = Promise.all(Array.from({ length: LANES }, lane));
    const whileLoaded = (ms: number) => new Promise((r) => setTimeout(r, ms));

    // The worker first, while it holds tasks.
    await whileLoaded(3000);
    say(`SIGTERM to the worker, ${accepted.length} accepted so far`);
    const acceptedBeforeWorkerStop = accepted.length;
    const workerStop = await terminate(worker1);
    expect(workerStop.exit).toEqual({ code: 0, signal: null });
    expect(workerStop.ms).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
    // Nothing stays locked for the worker that left: finished, or handed back at once.
    const stillLocked = await lockedBy(worker1.child.pid!);
    if (stillLocked.length) process.stderr.write(`worker wrote:\n${worker1.output.join('\n')}\n`);
    expect(stillLocked).toEqual([]);
    await startWorker();

    // Then the api, mid-load.
    await whileLoaded(2000);
    say(`SIGTERM to the api, ${accepted.length} accepted so far`);
    apiTermAt = Date.now();
    const apiStopping = terminate(api);
    // New connections are refused at once, while the process still finishes what it has.
    const refusedAt = await eventually(
      async () => {
        try {
          await fetch(`${baseUrl}/health`, { headers: { connection: 'close' } });
          return undefined;
        } catch (e) {
          return ((e as Error).cause as NodeJS.ErrnoException | undefined)?.code === 'ECONNREFUSED'
            ? Date.now()
            : undefined;
        }
      },
      { timeoutMs: 10_000, intervalMs: 20, what: 'the api to refuse new connections' },
    );
    const apiStop = await apiStopping;
    expect(apiStop.exit).toEqual({ code: 0, signal: null });
    expect(apiStop.ms).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
    expect(refusedAt - apiTermAt).toBeLessThan(apiStop.ms + 1000);
    // Requests in flight at the SIGTERM were answered, and accepted.
    expect(answeredWhileDraining.length).toBeGreaterThan(0);
    expect(answeredWhileDraining.every((s) => s === 202)).toBe(true);

    await startApi();
    await whileLoaded(2000);
    running = false;
    await load;

    expect(failures).toEqual([]);
    expect(acceptedBeforeWorkerStop).toBeGreaterThan(0);
    expect(accepted.length).toBeGreaterThan(acceptedBeforeWorkerStop);
    expect(new Set(accepted).size).toBe(accepted.length);
    say(
      `${accepted.length} referrals accepted, ${refused.length} requests refused ` +
        `while the api was down, ${answeredWhileDraining.length} answered while it drained; ` +
        `worker stopped in ${workerStop.ms} ms, api in ${apiStop.ms} ms\n`,
    );

    // Every accepted referral arrives: its case got past the consent check ...
    await eventually(
      async () => {
        const [row] = await lotse.db.query(
          `select count(*)::int as n from referral
            where id = any($1::uuid[]) and status = 'awaiting-conference'`,
          [accepted],
        );
        return row.n === accepted.length ? true : undefined;
      },
      {
        timeoutMs: 300_000,
        intervalMs: 2000,
        what: `all ${accepted.length} accepted referrals to reach awaiting-conference`,
      },
    );
    // ... checked exactly once each.
    const checks = await lotse.db.query(
      `select referral_id as id, count(*)::int as n from referral_event
        where type = 'consent-checked' and referral_id = any($1::uuid[]) group by 1`,
      [accepted],
    );
    expect(checks.length).toBe(accepted.length);
    expect(checks.filter((c: { n: number }) => c.n !== 1)).toEqual([]);
  }, 600_000);

  it('is live but not ready while the engine is down (probes on the internal port)', async () => {
    const { worker, api } = current as Required<typeof current>;
    await testEngine.kill();
    try {
      for (const app of [worker, api]) {
        expect((await probe(`${app.metricsUrl}/health/live`))?.status).toBe(200);
        const readiness = await probe(`${app.metricsUrl}/health/ready`);
        expect(readiness?.status).toBe(503);
        expect(readiness?.body.checks.engine.status).toBe('down');
        expect(readiness?.body.checks.postgres.status).toBe('up');
        expect(readiness?.body.checks.redis.status).toBe('up');
      }
      // The public endpoint says down, nothing more.
      const pub = await fetch(`http://127.0.0.1:${apiPort}/health`);
      expect(pub.status).toBe(503);
      expect(await pub.json()).toEqual({ status: 'down' });
    } finally {
      await testEngine.start();
    }
    for (const app of [worker, api]) await ready(app, 'the app after the engine is back');
  }, 300_000);
});
