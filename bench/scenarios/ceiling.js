// @ts-check
'use strict';
/**
 * 1b. Engine ceiling: bpmn/case-referral.bpmn on the same broker, instances started by the same
 * message start (`referral-received`, same variables as ReferralService.submit) straight through
 * the gRPC client, with no-op workers for its service tasks (consent valid, eligible). No API,
 * no database; the Lotse api and worker are stopped so nothing else takes these jobs.
 *
 * An instance is done when the no-op eligibility worker's completion is acknowledged: the
 * broker has then moved the instance to the message catch event Event_CaseScheduled. Latency =
 * publish sent → that acknowledgement.
 *
 * The no-op workers use the same job-worker settings as Lotse's WorkerRegistry (maxJobs 32,
 * long poll 30 s, poll interval 100 ms, or job streaming when --stream-jobs is on), so the ratio
 * to 1a isolates what Lotse adds: HTTP, PostgreSQL, the outbox relay, the real handlers.
 */
const path = require('node:path');
const { randomUUID } = require('node:crypto');
const { ROOT } = require('../lib/procs');
const { brokerRejections } = require('../lib/resources');
const { demoJba } = require('./common');
const { expectedUncaught, log, pool, range, summarize, waitUntil } = require('../lib/util');

/**
 * The SDK's stream close removes every listener of the call and then cancels it; grpc-js then
 * emits 'error' CANCELLED with nobody listening. Harmless here: the stream is being closed.
 * @param {any} e
 */
const cancelledOnClose = (e) => e?.code === 1 && /Cancelled on client/.test(String(e?.message));

/**
 * @param {any} zbc
 * @param {string} taskType
 * @param {(job: any) => Promise<unknown>} handler
 * @param {boolean} stream
 */
async function noopWorker(zbc, taskType, handler, stream) {
  const taskHandler = async (/** @type {any} */ job) => handler(job);
  const polling = zbc.createWorker({
    taskType,
    taskHandler,
    maxJobsToActivate: 32,
    timeout: 60_000,
    pollInterval: 100,
    longPoll: 30_000,
    fetchVariable: ['caseId'],
    loglevel: 'NONE',
  });
  const pushed = stream
    ? await zbc.streamJobs({
        type: taskType,
        worker: `bench-ceiling-${taskType}`,
        timeout: 60_000,
        fetchVariables: ['caseId'],
        // Without it the SDK (8.6.38) ends the stream on a client-side timeout of its long
        // poll and then crashes the process with an unhandled 'error' (CANCELLED).
        requestTimeout: -1,
        taskHandler,
      })
    : null;
  return {
    close: async () => {
      if (pushed && !expectedUncaught.includes(cancelledOnClose))
        expectedUncaught.push(cancelledOnClose);
      pushed?.close();
      await polling.close(5000).catch(() => undefined);
    },
  };
}

/** @param {import('../lib/context').BenchContext} ctx */
async function run(ctx) {
  const { opts } = ctx;
  const n = Number(opts.referrals);
  const concurrency = Number(opts.concurrency);
  const stream = Boolean(opts['stream-jobs']);
  await ctx.stopApps();
  const jba = await demoJba(ctx.db);
  const zbc = ctx.zeebe();
  await zbc.deployResource({ processFilename: path.join(ROOT, 'bpmn/case-referral.bpmn') });

  /** @type {Map<string, number>} */
  const done = new Map();
  const workers = [
    await noopWorker(
      zbc,
      'lotse.consent.check',
      (job) => job.complete({ consentValid: true, consentReason: null }),
      stream,
    ),
    await noopWorker(
      zbc,
      'lotse.eligibility.check',
      async (job) => {
        const ack = await job.complete({ eligible: true, ineligibleReasons: [] });
        done.set(String(job.variables.caseId), Date.now());
        return ack;
      },
      stream,
    ),
  ];
  /** @param {number} count */
  const startInstances = async (count) => {
    /** @type {Map<string, number>} */
    const sentAt = new Map();
    await pool(range(count), concurrency, async () => {
      const caseId = randomUUID();
      sentAt.set(caseId, Date.now());
      await zbc.publishMessage({
        name: 'referral-received',
        correlationKey: caseId,
        messageId: `referral-received:${caseId}`,
        timeToLive: 3_600_000,
        variables: {
          caseId,
          jbaId: jba.jbaId,
          referringInstitutionId: jba.referrerId,
          consentReminderInterval: jba.consentReminderInterval,
          consentDeadline: jba.consentDeadline,
        },
      });
    });
    return sentAt;
  };
  /** @param {Map<string, number>} sentAt */
  const allDone = (sentAt) =>
    waitUntil(async () => [...sentAt.keys()].every((id) => done.has(id)), {
      timeoutMs: 120_000 + sentAt.size * 200,
      intervalMs: 50,
      what: `${sentAt.size} instances to reach Event_CaseScheduled`,
    });
  try {
    const warm = Math.min(Number(opts.warmup), n);
    if (warm > 0) {
      log(`ceiling: warm-up with ${warm}`);
      await allDone(await startInstances(warm));
    }
    log(
      `ceiling: ${n} instances, ${concurrency} concurrent publishers${stream ? ', job streaming' : ''}`,
    );
    const win = await ctx.window();
    const first = Date.now();
    const sentAt = await startInstances(n);
    await allDone(sentAt);
    const resources = await win.end();
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
          figure: 'broker rejections (backpressure)',
          value: brokerRejections(resources),
          unit: '',
        },
      ],
      rss: { apiMb: null, workerMb: null },
      resources,
      details: { n, concurrency, seconds, latencyMs: s, jobStreaming: stream },
    };
  } finally {
    for (const w of workers) await w.close();
  }
}

module.exports = { run, name: 'ceiling' };
