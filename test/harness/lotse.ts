import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { LotseLogger } from '@lotse/common';
import { createApi } from '../../apps/api/src/bootstrap';
import { deploy, migrate, seed } from '../../apps/worker/src/commands';
import { WorkerModule } from '../../apps/worker/src/worker.module';

/* eslint-disable @typescript-eslint/no-require-imports */
const stack = require('../../infra/stack');
const { engine, PROFILE } = require('./test-env');
/* eslint-enable @typescript-eslint/no-require-imports */

export interface Lotse {
  baseUrl: string;
  api?: NestExpressApplication;
  worker?: INestApplicationContext;
  db: DataSource;
  close(): Promise<void>;
}

/**
 * Boots the real API (listening on a free port) and the real worker in this process, against
 * the test stack. Migrations, demo data and the deployment of bpmn/ are idempotent.
 */
export async function startLotse(opts: { api?: boolean; worker?: boolean } = {}): Promise<Lotse> {
  await migrate();
  await seed();
  await deploy();
  let api: NestExpressApplication | undefined;
  let worker: INestApplicationContext | undefined;
  let baseUrl = '';
  try {
    if (opts.api !== false) {
      api = await createApi();
      await api.listen(0, '127.0.0.1');
      baseUrl = `http://127.0.0.1:${(api.getHttpServer().address() as AddressInfo).port}`;
    }
    if (opts.worker !== false) worker = await startWorker();
  } catch (e) {
    await api?.close().catch(() => undefined);
    throw e;
  }
  const db = (api ?? worker)!.get<DataSource>(getDataSourceToken());
  engineState = describeEngine(db, engine.schema);
  return {
    baseUrl,
    api,
    worker,
    db,
    async close() {
      // A close that takes long is a shutdown that would hang in production too: say what waits.
      const t0 = Date.now();
      const slow = setInterval(() => {
        const handles = (process as unknown as { _getActiveHandles(): object[] })
          ._getActiveHandles()
          .map((h) => h.constructor.name);
        process.stderr.write(
          `[harness] Lotse still closing after ${Date.now() - t0} ms (worker ${workerClosed ? 'closed' : 'closing'}); active handles: ${handles.join(', ')}\n`,
        );
      }, 15_000);
      let workerClosed = false;
      try {
        await worker?.close();
        workerClosed = true;
        await api?.close();
      } finally {
        clearInterval(slow);
      }
    },
  };
}

export async function startWorker(): Promise<INestApplicationContext> {
  const worker = await NestFactory.createApplicationContext(WorkerModule, {
    logger: new LotseLogger('worker', (process.env.LOG_LEVEL as 'warn') ?? 'warn'),
    abortOnError: false,
  });
  // createApplicationContext has initialised the app already (a failed start throws there, and
  // leaves what it started running: tests of a refused start spawn the worker binary instead).
  return worker;
}

export interface HttpResult<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A small HTTP client for the API under test. */
export function client(baseUrl: string, defaults: Record<string, string> = {}) {
  const call = async <T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const res = await fetch(baseUrl + path, {
      method,
      headers: {
        ...(body !== undefined && typeof body !== 'string'
          ? { 'content-type': 'application/json' }
          : {}),
        ...defaults,
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed as T, headers: res.headers } satisfies HttpResult<T>;
  };
  return {
    call,
    get: <T = any>(path: string, headers?: Record<string, string>) =>
      call<T>('GET', path, undefined, headers),
    post: <T = any>(path: string, body?: unknown, headers?: Record<string, string>) =>
      call<T>('POST', path, body, headers),
    put: <T = any>(path: string, body?: unknown, headers?: Record<string, string>) =>
      call<T>('PUT', path, body, headers),
    patch: <T = any>(path: string, body?: unknown, headers?: Record<string, string>) =>
      call<T>('PATCH', path, body, headers),
    delete: <T = any>(path: string, headers?: Record<string, string>) =>
      call<T>('DELETE', path, undefined, headers),
    /** A download, as bytes. */
    bytes: async (path: string) => {
      const res = await fetch(baseUrl + path, { headers: defaults });
      return {
        status: res.status,
        body: Buffer.from(await res.arrayBuffer()),
        headers: res.headers,
      };
    },
  };
}

/** Polls until `probe` returns a truthy value; fails with the last value seen. */
export async function eventually<T>(
  probe: () => Promise<T | undefined | null | false>,
  { timeoutMs = 60_000, intervalMs = 200, what = 'condition' } = {},
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < until) {
    last = await probe().catch((e) => e);
    if (last && !(last instanceof Error)) return last as T;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  const state = await engineState?.().catch(
    (e: Error) => `(engine state unavailable: ${e.message})`,
  );
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}; last: ${JSON.stringify(last instanceof Error ? last.message : last)}` +
      (state ? `\n${state}` : ''),
  );
}

/** What the engine and the relay were doing, for the message of a test that waited in vain. */
let engineState: (() => Promise<string>) | undefined;

function describeEngine(db: DataSource, schema: string): () => Promise<string> {
  return async () => {
    const clock = await testEngine.now().catch(() => null);
    const now = clock ?? new Date();
    const [jobs, tasks, outbox, mails] = await Promise.all([
      db.query(
        `select handler_type_ as type, count(*)::int as n, min(duedate_) as oldest,
                count(*) filter (where lock_owner_ is not null)::int as locked,
                count(*) filter (where retries_ = 0)::int as failed
           from "${schema}".act_ru_job where duedate_ <= $1 group by 1`,
        [now],
      ),
      db.query(
        `select topic_name_ as topic, count(*)::int as n,
                count(*) filter (where lock_exp_time_ > $1)::int as locked,
                count(*) filter (where retries_ = 0)::int as failed
           from "${schema}".act_ru_ext_task group by 1`,
        [now],
      ),
      db.query(
        `select count(*)::int as n, max(attempts) as attempts from outbox_message
          where sent_at is null and expired_at is null`,
      ),
      db.query(`select status, count(*)::int as n from notification group by 1`),
    ]);
    return [
      `engine clock: ${clock ? clock.toISOString() : 'unknown'}`,
      `due jobs: ${JSON.stringify(jobs)}`,
      `external tasks: ${JSON.stringify(tasks)}`,
      `outbox pending: ${JSON.stringify(outbox[0])}`,
      `mails: ${JSON.stringify(mails)}`,
    ].join('\n');
  };
}

/** The test engine: crash, restart, and move its clock (an endpoint only its test profile has). */
export const testEngine = {
  kill: (): Promise<boolean> => stack.stopEngine(PROFILE, { kill: true }),
  // as the owner, like global-setup: the apps' role lotse_app may not create the engine's schema
  start: (): Promise<unknown> =>
    stack.startEngine(PROFILE, { databaseUrl: process.env.DATABASE_OWNER_URL }),
  async advanceClock(ms: number): Promise<void> {
    const res = await fetch(`${engine.url}/lotse-test/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ offsetMillis: ms }),
    });
    if (!res.ok) throw new Error(`the engine's test clock answered ${res.status}`);
  },
  async now(): Promise<Date> {
    const res = await fetch(`${engine.url}/lotse-test/clock`);
    return new Date(((await res.json()) as { instant: string }).instant);
  },
};

export interface SinkMail {
  id: number;
  messageId?: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  headers: Record<string, string>;
  attachments: Array<{ filename?: string; contentType: string; size: number; sha256: string }>;
}

/** Mails the real SMTP peer of this test run received. */
export const mailbox = {
  async all(filter: { to?: string; subject?: string } = {}): Promise<SinkMail[]> {
    const q = new URLSearchParams(filter as Record<string, string>);
    const res = await fetch(`${process.env.MAIL_SINK_URL}/mails?${q}`);
    return (await res.json()) as SinkMail[];
  },
};

export const DAY_MS = 24 * 3600 * 1000;

export type Api = ReturnType<typeof client>;

/** A client signed in as a demo user (password `lotse-demo`), using a bearer token it asks for. */
export async function signIn(
  baseUrl: string,
  username: string,
  password = 'lotse-demo',
): Promise<Api> {
  const res = await client(baseUrl).post('/api/v1/auth/login', {
    username,
    password,
    tokenType: 'bearer',
  });
  if (res.status !== 200)
    throw new Error(`sign-in of ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return client(baseUrl, { authorization: `Bearer ${res.body.token}` });
}

/** Waits until the referral reaches `status` (as the API shows it to `api`); returns its view. */
export function referralInStatus(api: Api, id: string, status: string) {
  return eventually(
    async () => {
      const r = await api.get(`/api/v1/referrals/${id}`);
      return r.body.status === status ? r.body : undefined;
    },
    { what: `referral ${id} to reach ${status}` },
  );
}
