// @ts-check
'use strict';
/**
 * 1b. Engine ceiling: bpmn/case-referral.bpmn (as `worker deploy` deployed it) on the same
 * engine, instances started by the same message start (`POST /message`, `referral-received`,
 * business key and variables as ReferralService.submit hands them to the outbox) by
 * --concurrency publishers over REST, with no-op external-task workers for its service tasks
 * (consent valid, eligible). No API, no database writes of Lotse: the Lotse api and worker are
 * stopped, so nothing else fetches these tasks.
 *
 * The no-op worker works like Lotse's ExternalTaskRegistry in its one worker process: one
 * long-polling `POST /external-task/fetchAndLock` for both topics (maxTasks = 32 minus the tasks
 * in flight, usePriority, asyncResponseTimeout 20 s, lockDuration 60 s, variable caseId), then
 * `POST /external-task/{id}/complete` per task, without waiting for the completions before the
 * next fetch. So the ratio to 1a isolates what Lotse adds: HTTP, PostgreSQL, the outbox relay
 * (and its duplicate check before each start), the real handlers.
 *
 * An instance is done when the engine answers the eligibility task's completion: the instance
 * then waits in the message catch event Event_CaseScheduled. Latency = message sent → that
 * answer.
 */
const { randomUUID } = require('node:crypto');
const { variables } = require('../lib/engine');
const { demoJba } = require('./common');
const { log, pool, range, summarize, waitUntil, sleep } = require('../lib/util');

/** Lotse's worker settings (libs/common env.ts defaults). */
const MAX_TASKS = 32;
const LOCK_DURATION_MS = 60_000;
const LONG_POLL_MS = 20_000;

/**
 * One fetch loop over both topics, like ExternalTaskRegistry.run.
 * @param {import('../lib/engine').EngineRest} rest
 * @param {Record<string, (task: any) => Record<string, string|boolean|null>>} handlers by topic
 * @param {(task: any, ms: number) => void} completed
 */
function noopWorker(rest, handlers, completed) {
  const workerId = `bench-ceiling-${process.pid}-${randomUUID().slice(0, 8)}`;
  const poll = rest.client(1);
  const acks = rest.client(MAX_TASKS);
  const topics = Object.keys(handlers).map((topicName) => ({
    topicName,
    lockDuration: LOCK_DURATION_MS,
    includeExtensionProperties: true,
    variables: ['caseId'],
  }));
  let running = true;
  let inFlight = 0;
  /** @type {(() => void) | undefined} */
  let slotFreed;
  let fetches = 0;
  let fetched = 0;
  /** @type {Error | null} */
  let failure = null;
  const complete = async (/** @type {any} */ task) => {
    try {
      const vars = handlers[task.topicName](task);
      await rest.post(
        `/external-task/${task.id}/complete`,
        { workerId, variables: variables(vars) },
        acks,
      );
      completed(task, Date.now());
    } catch (e) {
      failure ??= /** @type {Error} */ (e);
    } finally {
      inFlight--;
      slotFreed?.();
    }
  };
  const loop = (async () => {
    while (running) {
      const free = MAX_TASKS - inFlight;
      if (free <= 0) {
        await new Promise((/** @type {(v?: unknown) => void} */ r) => (slotFreed = r));
        slotFreed = undefined;
        continue;
      }
      /** @type {any[]} */
      let tasks;
      try {
        tasks = await rest.post(
          '/external-task/fetchAndLock',
          {
            workerId,
            maxTasks: free,
            usePriority: true,
            asyncResponseTimeout: LONG_POLL_MS,
            topics,
          },
          poll,
        );
      } catch (e) {
        if (!running) break;
        failure ??= /** @type {Error} */ (e);
        await sleep(250);
        continue;
      }
      fetches++;
      fetched += tasks.length;
      for (const t of tasks) {
        inFlight++;
        void complete(t);
      }
    }
  })();
  return {
    stats: () => ({ fetches, fetched }),
    failure: () => failure,
    async close() {
      running = false;
      slotFreed?.();
      // a fetch of the same worker id replaces the pending long poll (unique-worker-request)
      await rest
        .post(
          '/external-task/fetchAndLock',
          {
            workerId,
            maxTasks: 0,
            asyncResponseTimeout: 1,
            topics: [topics[0]],
          },
          acks,
        )
        .catch(() => undefined);
      await Promise.race([loop, sleep(5000)]);
      poll.close();
      acks.close();
    },
  };
}

/** @param {import('../lib/context').BenchContext} ctx */
async function run(ctx) {
  const { opts } = ctx;
  const n = Number(opts.referrals);
  const concurrency = Number(opts.concurrency);
  await ctx.stopApps();
  const jba = await demoJba(ctx.db);
  const rest = ctx.rest;
  // deployed by `worker deploy` at the start of the run
  await rest.get('/process-definition/key/case-referral');

  /** @type {Map<string, number>} */
  const done = new Map();
  const worker = noopWorker(
    rest,
    {
      'lotse.consent.check': () => ({ consentValid: true, consentReason: null }),
      'lotse.eligibility.check': () => ({ eligible: true }),
    },
    (task, at) => {
      if (task.topicName === 'lotse.eligibility.check')
        done.set(String(task.variables?.caseId?.value), at);
    },
  );
  const publishers = rest.client(concurrency);
  /** @param {number} count */
  const startInstances = async (count) => {
    /** @type {Map<string, number>} */
    const sentAt = new Map();
    await pool(range(count), concurrency, async () => {
      const caseId = randomUUID();
      sentAt.set(caseId, Date.now());
      await rest.post(
        '/message',
        {
          messageName: 'referral-received',
          businessKey: caseId,
          processVariables: variables({
            caseId,
            jbaId: jba.jbaId,
            referringInstitutionId: jba.referrerId,
            consentReminderInterval: jba.consentReminderInterval,
            consentReminderCycle: jba.consentReminderCycle,
            consentDeadline: jba.consentDeadline,
          }),
        },
        publishers,
      );
    });
    return sentAt;
  };
  /** @param {Map<string, number>} sentAt */
  const allDone = (sentAt) =>
    waitUntil(
      async () => {
        const f = worker.failure();
        if (f) throw f;
        return [...sentAt.keys()].every((id) => done.has(id));
      },
      {
        timeoutMs: 120_000 + sentAt.size * 200,
        intervalMs: 50,
        what: `${sentAt.size} instances to reach Event_CaseScheduled`,
      },
    );
  try {
    const warm = Math.min(Number(opts.warmup), n);
    if (warm > 0) {
      log(`ceiling: warm-up with ${warm}`);
      await allDone(await startInstances(warm));
    }
    log(`ceiling: ${n} instances, ${concurrency} concurrent publishers`);
    const before = worker.stats();
    const win = await ctx.window();
    const first = Date.now();
    const sentAt = await startInstances(n);
    const lastSent = Date.now();
    await allDone(sentAt);
    const resources = await win.end();
    const after = worker.stats();
    /** @type {number[]} */
    const lat = [];
    let last = 0;
    for (const [id, t] of sentAt) {
      const d = /** @type {number} */ (done.get(id));
      lat.push(d - t);
      last = Math.max(last, d);
    }
    const seconds = (last - first) / 1000;
    const s = summarize(lat);
    const fetches = after.fetches - before.fetches;
    const fetched = after.fetched - before.fetched;
    return {
      figures: [
        {
          figure: 'instances/s (engine ceiling)',
          value: n / seconds,
          unit: '/s',
          key: 'throughput',
        },
        { figure: 'latency p50', value: s.p50, unit: 'ms' },
        { figure: 'latency p95', value: s.p95, unit: 'ms' },
        { figure: 'latency p99', value: s.p99, unit: 'ms' },
        {
          figure: 'messages accepted/s (POST /message)',
          value: n / ((lastSent - first) / 1000),
          unit: '/s',
        },
        { figure: 'external tasks per fetchAndLock', value: fetched / fetches, unit: 'tasks' },
      ],
      rss: ctx.peakRss(),
      resources,
      details: {
        n,
        concurrency,
        seconds,
        latencyMs: s,
        worker: { maxTasks: MAX_TASKS, lockDurationMs: LOCK_DURATION_MS, longPollMs: LONG_POLL_MS },
        fetches,
        fetchedTasks: fetched,
      },
    };
  } finally {
    publishers.close();
    await worker.close();
  }
}

module.exports = { run, name: 'ceiling' };
