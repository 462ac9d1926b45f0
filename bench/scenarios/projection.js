// @ts-check
'use strict';
/**
 * 2. Task projection latency: from the engine creating a user task to the task being visible
 * in the task list API.
 *
 * bench/projection.bpmn (start → one user task for the JC → end) is deployed and recorded in
 * process_definition the way `worker deploy` does. Instances are started with
 * `POST /process-definition/key/lotse-bench-projection/start` at a steady rate
 * (--projection-rate per second). The engine creates the user task and its task listener writes
 * the task event into engine.lotse_task_event in the transaction of that request; the task
 * exists for everyone else when that transaction commits.
 *
 * t0 = the engine's commit of the task. Observed exactly: a trigger the bench adds to
 * engine.lotse_task_event for this scenario (and drops again) sends a NOTIFY per `create` event
 * with the case id; PostgreSQL delivers it when the engine's transaction commits, to a
 * connection of the harness that LISTENs — the moment the worker's own LISTEN is woken too.
 *
 * - Visible = the first answer of GET /api/v1/tasks?filter=institution&sort=created&order=desc
 *   &pageSize=100, polled back to back by a signed-in JC user, that lists the task
 *   (resolution: one poll round trip, reported).
 * - Row committed = the commit of the projection's insert into user_task, observed the same
 *   way: a bench trigger on user_task NOTIFYs per inserted row (delivered on commit).
 *   `user_task.created_at` cannot tell: it is the engine's create time now.
 * - Also reported: visible counted from the start request's answer (the t0 of the runs with
 *   the previous engine, whose answer came right after it created the task; here the answer
 *   comes after the commit, so this understates), and the engine's create time (its
 *   createTime, kept in user_task.created_at, same machine clock) → commit: the rest of the
 *   engine's transaction.
 */
const path = require('node:path');
const { randomUUID } = require('node:crypto');
const { Client } = require('pg');
const { variables } = require('../lib/engine');
const { ROOT } = require('../lib/procs');
const { demoJba } = require('./common');
const { log, pool, range, summarize, waitUntil, sleep } = require('../lib/util');

const MODEL = path.join(ROOT, 'bench/projection.bpmn');
const PROCESS_ID = 'lotse-bench-projection';
/** NOTIFY channels of the bench's probes: the engine's commit, the projection's commit */
const ENGINE_COMMIT = 'lotse_bench_task_event';
const PROJECTION_COMMIT = 'lotse_bench_user_task';

/** @param {import('../lib/context').BenchContext} ctx */
async function deployBenchModel(ctx) {
  const [p] = await ctx.rest.deploy('lotse-bench', [MODEL], [PROCESS_ID]);
  // what ModelCatalog.record does after `worker deploy`: task names come from this XML
  await ctx.db.query(
    `insert into process_definition (process_definition_id, bpmn_process_id, version, xml)
     values ($1, $2, $3, $4) on conflict do nothing`,
    [p.id, p.key, p.version, p.xml],
  );
  return p;
}

/**
 * The commit-time probes: NOTIFY (delivered on commit) per task created in the engine and per
 * row inserted into user_task, with the case id.
 * @param {import('pg').Pool} db
 * @param {string} schema the engine's schema
 */
async function addCommitProbes(db, schema) {
  await db.query(`
    create or replace function lotse_bench_task_event_notify() returns trigger language plpgsql as $$
    begin
      perform pg_notify('${ENGINE_COMMIT}', coalesce(new.payload->'variables'->>'caseId', ''));
      return null;
    end $$`);
  await db.query(`
    create or replace function lotse_bench_user_task_notify() returns trigger language plpgsql as $$
    begin
      perform pg_notify('${PROJECTION_COMMIT}', coalesce(new.case_id::text, ''));
      return null;
    end $$`);
  await dropCommitProbes(db, schema);
  await db.query(
    `create trigger lotse_bench_task_event_insert after insert on "${schema}".lotse_task_event
       for each row when (new.event = 'create') execute function lotse_bench_task_event_notify()`,
  );
  await db.query(
    `create trigger lotse_bench_user_task_insert after insert on user_task
       for each row execute function lotse_bench_user_task_notify()`,
  );
}

/**
 * @param {import('pg').Pool} db
 * @param {string} schema
 */
async function dropCommitProbes(db, schema) {
  await db.query(
    `drop trigger if exists lotse_bench_task_event_insert on "${schema}".lotse_task_event`,
  );
  await db.query(`drop trigger if exists lotse_bench_user_task_insert on user_task`);
}

/** @param {import('../lib/context').BenchContext} ctx */
async function run(ctx) {
  const { opts } = ctx;
  const n = Number(opts.tasks);
  const rate = Number(opts['projection-rate']);
  const schema = ctx.engine.schema;
  await deployBenchModel(ctx);
  await addCommitProbes(ctx.db, schema);
  const listener = new Client({ connectionString: ctx.databaseUrl });
  /** @type {Map<string, number>} the start request's answer arrived */
  const answered = new Map();
  /** @type {Map<string, number>} the engine committed the task */
  const engineCommit = new Map();
  /** @type {Map<string, number>} the projection committed its row */
  const committed = new Map();
  /** @type {Map<string, number>} the task list API listed it */
  const seen = new Map();
  /** @type {number[]} */ const startMs = [];
  /** @type {number[]} */ const pollMs = [];
  let polling = true;
  /** @type {Promise<void>} */
  let poller = Promise.resolve();
  /** @type {import('../lib/http').JsonClient | undefined} */
  let api;
  const starters = ctx.rest.client(16);
  try {
    await listener.connect();
    listener.on('notification', (m) => {
      const at = Date.now();
      const into = m.channel === ENGINE_COMMIT ? engineCommit : committed;
      if (m.payload && !into.has(m.payload)) into.set(m.payload, at);
    });
    await listener.query(`listen ${ENGINE_COMMIT}`);
    await listener.query(`listen ${PROJECTION_COMMIT}`);
    await ctx.apps({ api: true, worker: true });
    const jba = await demoJba(ctx.db);
    const signedIn = await ctx.signIn('jc.sachbearbeitung', 2);
    api = signedIn;
    poller = (async () => {
      while (polling) {
        const res = await signedIn.get(
          '/api/v1/tasks?filter=institution&sort=created&order=desc&pageSize=100',
        );
        const at = Date.now();
        if (res.status !== 200) throw new Error(`GET /tasks answered ${res.status}`);
        pollMs.push(res.ms);
        for (const t of res.body.items) {
          if (t.caseId && engineCommit.has(t.caseId) && !seen.has(t.caseId)) seen.set(t.caseId, at);
        }
        if (engineCommit.size === 0) await sleep(20);
      }
    })();

    /**
     * @param {number} count
     * @returns {Promise<string[]>}
     */
    const createTasks = async (count) => {
      const first = Date.now();
      /** @type {string[]} */
      const ids = [];
      await pool(range(count), 16, async (i) => {
        const due = first + (i * 1000) / rate;
        if (due > Date.now()) await sleep(due - Date.now());
        const caseId = randomUUID();
        ids.push(caseId);
        const r = await starters.post(`/process-definition/key/${PROCESS_ID}/start`, {
          businessKey: caseId,
          variables: variables({ caseId, institutionId: jba.referrerId }),
        });
        if (r.status !== 200) throw new Error(`starting an instance answered ${r.status}`);
        answered.set(caseId, Date.now());
        startMs.push(r.ms);
      });
      await waitUntil(async () => ids.every((id) => seen.has(id)), {
        timeoutMs: 60_000 + count * 200,
        intervalMs: 50,
        what: `${count} tasks to show up in the task list`,
      });
      return ids;
    };

    const warm = Math.min(Number(opts.warmup), n);
    if (warm > 0) {
      log(`projection: warm-up with ${warm}`);
      await createTasks(warm);
    }
    log(`projection: ${n} user tasks at ${rate}/s`);
    pollMs.length = 0;
    startMs.length = 0;
    const win = await ctx.window();
    const ids = await createTasks(n);
    const resources = await win.end();
    polling = false;
    await poller;

    const { rows } = await ctx.db.query(
      `select case_id, extract(epoch from created_at) * 1000 as at from user_task where case_id = any($1::uuid[])`,
      [ids],
    );
    /** @type {Map<string, number>} the engine's create time */
    const engineCreated = new Map(rows.map((r) => [String(r.case_id), Number(r.at)]));
    /**
     * @param {Map<string, number>} to
     * @param {Map<string, number>} from
     */
    const between = (to, from) =>
      summarize(
        ids
          .filter((id) => to.has(id) && from.has(id))
          .map((id) => /** @type {number} */ (to.get(id)) - /** @type {number} */ (from.get(id))),
      );
    const visible = between(seen, engineCommit);
    const commit = between(committed, engineCommit);
    const visibleSinceAnswer = between(seen, answered);
    const engineTx = between(engineCommit, engineCreated);
    const commitToAnswer = between(answered, engineCommit);
    const poll = summarize(pollMs);
    const start = summarize(startMs);
    const missing = {
      engineCommit: ids.filter((id) => !engineCommit.has(id)).length,
      projectionCommit: ids.filter((id) => !committed.has(id)).length,
    };
    if (missing.engineCommit || missing.projectionCommit)
      log(`projection: commit notifications missing: ${JSON.stringify(missing)}`);
    return {
      figures: [
        { figure: 'visible in task list API p50', value: visible.p50, unit: 'ms' },
        { figure: 'visible in task list API p95', value: visible.p95, unit: 'ms' },
        { figure: 'visible in task list API p99', value: visible.p99, unit: 'ms' },
        { figure: 'row committed (user_task) p50', value: commit.p50, unit: 'ms' },
        { figure: 'row committed (user_task) p99', value: commit.p99, unit: 'ms' },
        { figure: 'poll round trip p50 (resolution)', value: poll.p50, unit: 'ms' },
        { figure: 'visible, from the start answer p50', value: visibleSinceAnswer.p50, unit: 'ms' },
        { figure: 'engine: task created → committed p50', value: engineTx.p50, unit: 'ms' },
        { figure: 'engine: committed → start answered p50', value: commitToAnswer.p50, unit: 'ms' },
        { figure: 'start request round trip p50', value: start.p50, unit: 'ms' },
      ],
      rss: ctx.peakRss(),
      resources,
      details: {
        n,
        rate,
        t0: 'engine commit (NOTIFY of a bench trigger on the task event, delivered on commit)',
        visibleMs: visible,
        committedMs: commit,
        visibleSinceStartAnswerMs: visibleSinceAnswer,
        engineCreateToCommitMs: engineTx,
        engineCommitToAnswerMs: commitToAnswer,
        startRequestMs: start,
        pollMs: poll,
        notificationsMissing: missing,
      },
    };
  } finally {
    polling = false;
    await poller.catch(() => undefined);
    api?.close();
    starters.close();
    await ctx.stopApps();
    await listener.end().catch(() => undefined);
    await dropCommitProbes(ctx.db, schema)
      .then(() =>
        ctx.db.query(
          `drop function if exists lotse_bench_task_event_notify(), lotse_bench_user_task_notify()`,
        ),
      )
      .catch(() => undefined);
  }
}

module.exports = { run, name: 'projection' };
