// @ts-check
'use strict';
/**
 * 2. Task projection latency: from the engine creating a user task to the task being visible
 * in the task list API.
 *
 * bench/projection.bpmn (start → one job-worker user task for the JC → end) is deployed and
 * recorded in process_definition the way `worker deploy` does. Instances are created with
 * CreateProcessInstance at a steady rate (--projection-rate per second). The engine activates
 * the user task and creates its job while processing that command, before it answers, so
 * t0 = the moment the answer arrives (a proxy that is late by the answer's way back, < 1 ms
 * here, so latencies are slightly understated).
 *
 * Visible = the first answer of GET /api/v1/tasks?filter=institution&sort=created&order=desc
 * &pageSize=100, polled back to back by a signed-in JC user, that lists the task (resolution:
 * one poll round trip, reported). Also reported: t0 → user_task.created_at (the projection's
 * insert; the task list reads that table directly, so this is when it could first be seen).
 */
const fs = require('node:fs');
const path = require('node:path');
const { randomUUID } = require('node:crypto');
const { ROOT } = require('../lib/procs');
const { demoJba } = require('./common');
const { log, pool, range, summarize, waitUntil, sleep } = require('../lib/util');

const MODEL = path.join(ROOT, 'bench/projection.bpmn');
const PROCESS_ID = 'lotse-bench-projection';

/** @param {import('../lib/context').BenchContext} ctx */
async function deployBenchModel(ctx) {
  const zbc = ctx.zeebe();
  const res = await zbc.deployResource({ processFilename: MODEL });
  const p = res.deployments.find((/** @type {any} */ d) => d.process)?.process;
  if (!p) throw new Error('deploying bench/projection.bpmn returned no process');
  // what ModelCatalog.record does after `worker deploy`: task names come from this XML
  await ctx.db.query(
    `insert into process_definition (process_definition_key, bpmn_process_id, version, xml)
     values ($1, $2, $3, $4) on conflict do nothing`,
    [String(p.processDefinitionKey), p.bpmnProcessId, p.version, fs.readFileSync(MODEL, 'utf8')],
  );
}

/** @param {import('../lib/context').BenchContext} ctx */
async function run(ctx) {
  const { opts } = ctx;
  const n = Number(opts.tasks);
  const rate = Number(opts['projection-rate']);
  await deployBenchModel(ctx);
  await ctx.apps({ api: true, worker: true });
  const jba = await demoJba(ctx.db);
  const zbc = ctx.zeebe();
  const api = await ctx.signIn('jc.sachbearbeitung', 2);

  /** @type {Map<string, number>} */ const created = new Map();
  /** @type {Map<string, number>} */ const seen = new Map();
  /** @type {number[]} */ const pollMs = [];
  let polling = true;
  const poller = (async () => {
    while (polling) {
      const res = await api.get(
        '/api/v1/tasks?filter=institution&sort=created&order=desc&pageSize=100',
      );
      const at = Date.now();
      if (res.status !== 200) throw new Error(`GET /tasks answered ${res.status}`);
      pollMs.push(res.ms);
      for (const t of res.body.items) {
        if (t.caseId && created.has(t.caseId) && !seen.has(t.caseId)) seen.set(t.caseId, at);
      }
      if (created.size === 0) await sleep(20);
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
      await zbc.createProcessInstance({
        bpmnProcessId: PROCESS_ID,
        variables: { caseId, institutionId: jba.referrerId },
      });
      created.set(caseId, Date.now());
      ids.push(caseId);
    });
    await waitUntil(async () => ids.every((id) => seen.has(id)), {
      timeoutMs: 60_000 + count * 200,
      intervalMs: 50,
      what: `${count} tasks to show up in the task list`,
    });
    return ids;
  };

  try {
    const warm = Math.min(Number(opts.warmup), n);
    if (warm > 0) {
      log(`projection: warm-up with ${warm}`);
      await createTasks(warm);
    }
    log(`projection: ${n} user tasks at ${rate}/s`);
    pollMs.length = 0;
    const win = await ctx.window();
    const ids = await createTasks(n);
    const resources = await win.end();
    polling = false;
    await poller;
    const { rows } = await ctx.db.query(
      `select case_id, extract(epoch from created_at) * 1000 as at from user_task where case_id = any($1::uuid[])`,
      [ids],
    );
    const committed = summarize(
      rows.map((r) => Number(r.at) - /** @type {number} */ (created.get(r.case_id))),
    );
    const visible = summarize(
      ids.map(
        (id) => /** @type {number} */ (seen.get(id)) - /** @type {number} */ (created.get(id)),
      ),
    );
    const poll = summarize(pollMs);
    const rss = ctx.peakRss();
    return {
      figures: [
        { figure: 'visible in task list API p50', value: visible.p50, unit: 'ms' },
        { figure: 'visible in task list API p95', value: visible.p95, unit: 'ms' },
        { figure: 'visible in task list API p99', value: visible.p99, unit: 'ms' },
        { figure: 'row committed (user_task) p50', value: committed.p50, unit: 'ms' },
        { figure: 'row committed (user_task) p99', value: committed.p99, unit: 'ms' },
        { figure: 'poll round trip p50 (resolution)', value: poll.p50, unit: 'ms' },
      ],
      rss,
      resources,
      details: { n, rate, visibleMs: visible, committedMs: committed, pollMs: poll },
    };
  } finally {
    polling = false;
    await poller.catch(() => undefined);
    api.close();
    await ctx.stopApps();
  }
}

module.exports = { run, name: 'projection' };
