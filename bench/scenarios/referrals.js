// @ts-check
'use strict';
/**
 * 1a. Referral throughput: N referrals with a valid consent, POSTed by C concurrent clients
 * through the real API, until every one is `awaiting-conference` (the process waits in the
 * message catch event Event_CaseScheduled).
 *
 * End-to-end latency of a referral = from the moment its POST is sent to the `occurred_at` of
 * its `referral_event` with status `awaiting-conference`. `occurred_at` is `now()` of the
 * eligibility step's transaction (its start), a few ms before that transaction commits and the
 * external task is completed. Throughput = N / (last such `occurred_at` − first POST sent).
 */
const { demoJba, validReferral } = require('./common');
const { log, pool, range, summarize, waitUntil, sleep } = require('../lib/util');

const AWAITING = 'awaiting-conference';

/**
 * @param {import('../lib/context').BenchContext} ctx
 * @param {import('../lib/http').JsonClient} api
 * @param {Awaited<ReturnType<typeof demoJba>>} jba
 * @param {{ n: number, concurrency: number, rate: number, tag: string }} o
 */
async function submitAll(ctx, api, jba, o) {
  /** @type {Map<string, number>} */
  const sentAt = new Map();
  /** @type {number[]} */
  const httpMs = [];
  const first = Date.now();
  let lastAccepted = first;
  await pool(range(o.n), o.concurrency, async (i) => {
    if (o.rate > 0) {
      const due = first + (i * 1000) / o.rate;
      if (due > Date.now()) await sleep(due - Date.now());
    }
    const res = await api.post('/api/v1/referrals', validReferral(jba, `${o.tag}-${i}`));
    if (res.status !== 202) {
      throw new Error(`POST /referrals answered ${res.status}: ${JSON.stringify(res.body)}`);
    }
    sentAt.set(res.body.id, res.sentAt);
    httpMs.push(res.ms);
    lastAccepted = Date.now();
  });
  return { sentAt, httpMs, first, lastAccepted };
}

/**
 * @param {import('../lib/context').BenchContext} ctx
 * @param {string[]} ids
 * @param {number} timeoutMs
 */
async function waitAwaiting(ctx, ids, timeoutMs) {
  let lastLog = Date.now();
  await waitUntil(
    async () => {
      const { rows } = await ctx.db.query(
        `select status, count(*)::int as n from referral where id = any($1::uuid[]) group by status`,
        [ids],
      );
      const by = Object.fromEntries(rows.map((r) => [r.status, r.n]));
      const odd = Object.keys(by).filter((s) => s !== AWAITING && s !== 'received');
      if (odd.length) throw new Error(`referrals in unexpected states: ${JSON.stringify(by)}`);
      if (Date.now() - lastLog > 10_000) {
        log(`  ${by[AWAITING] ?? 0}/${ids.length} awaiting conference`);
        lastLog = Date.now();
      }
      return (by[AWAITING] ?? 0) === ids.length;
    },
    { timeoutMs, intervalMs: 250, what: `${ids.length} referrals to await their conference` },
  );
}

/** @param {import('../lib/context').BenchContext} ctx */
async function run(ctx) {
  const { opts } = ctx;
  const n = Number(opts.referrals);
  const concurrency = Number(opts.concurrency);
  await ctx.apps({ api: true, worker: true });
  const jba = await demoJba(ctx.db);
  const api = await ctx.signIn('jc.sachbearbeitung', concurrency);
  const runTag = Date.now().toString(36);
  try {
    const warm = Math.min(Number(opts.warmup), n);
    if (warm > 0) {
      log(`referrals: warm-up with ${warm}`);
      const w = await submitAll(ctx, api, jba, {
        n: warm,
        concurrency,
        rate: 0,
        tag: `${runTag}-w`,
      });
      await waitAwaiting(ctx, [...w.sentAt.keys()], 120_000);
    }
    log(
      `referrals: ${n} with ${concurrency} concurrent clients${opts.rate ? ` at ${opts.rate}/s` : ''}`,
    );
    const win = await ctx.window();
    const s = await submitAll(ctx, api, jba, {
      n,
      concurrency,
      rate: Number(opts.rate),
      tag: runTag,
    });
    const ids = [...s.sentAt.keys()];
    log(`  all ${n} accepted in ${((s.lastAccepted - s.first) / 1000).toFixed(1)} s; waiting`);
    await waitAwaiting(ctx, ids, 120_000 + n * 500);
    const resources = await win.end();
    const { rows } = await ctx.db.query(
      `select referral_id as id, type, status, extract(epoch from occurred_at) * 1000 as at
         from referral_event
        where referral_id = any($1::uuid[])
          and (type in ('received', 'consent-checked') or status = $2)`,
      [ids, AWAITING],
    );
    /** @type {Map<string, Record<string, number>>} */
    const ev = new Map();
    for (const r of rows) {
      const key = r.status === AWAITING ? 'done' : r.type;
      const e = ev.get(r.id) ?? {};
      e[key] = Number(r.at);
      ev.set(r.id, e);
    }
    /** @type {number[]} */ const e2e = [];
    /** @type {number[]} */ const toConsent = [];
    /** @type {number[]} */ const toEligibility = [];
    let lastDone = 0;
    for (const [id, sent] of s.sentAt) {
      const e = ev.get(id);
      if (!e?.done) throw new Error(`referral ${id}: no awaiting-conference event`);
      e2e.push(e.done - sent);
      if (e.received && e['consent-checked']) toConsent.push(e['consent-checked'] - e.received);
      if (e['consent-checked']) toEligibility.push(e.done - e['consent-checked']);
      lastDone = Math.max(lastDone, e.done);
    }
    const seconds = (lastDone - s.first) / 1000;
    const [outbox] = (
      await ctx.db.query(
        `select count(*) filter (where attempts > 0)::int as retried, coalesce(sum(attempts), 0)::int as attempts
           from outbox_message where dedup_key = any($1::text[])`,
        [ids.map((id) => `referral-received:${id}`)],
      )
    ).rows;
    const lat = summarize(e2e);
    const http = summarize(s.httpMs);
    const rss = ctx.peakRss();
    const stage1 = summarize(toConsent);
    const stage2 = summarize(toEligibility);
    return {
      figures: [
        { figure: 'referrals/s (end-to-end)', value: n / seconds, unit: '/s', key: 'throughput' },
        { figure: 'end-to-end latency p50', value: lat.p50, unit: 'ms' },
        { figure: 'end-to-end latency p95', value: lat.p95, unit: 'ms' },
        { figure: 'end-to-end latency p99', value: lat.p99, unit: 'ms' },
        {
          figure: 'accepted/s (HTTP 202)',
          value: n / ((s.lastAccepted - s.first) / 1000),
          unit: '/s',
        },
        { figure: 'POST latency p50', value: http.p50, unit: 'ms' },
        { figure: 'POST latency p99', value: http.p99, unit: 'ms' },
        { figure: 'stage received→consent check p50', value: stage1.p50, unit: 'ms' },
        { figure: 'stage consent→eligibility p50', value: stage2.p50, unit: 'ms' },
        { figure: 'start messages retried by the relay', value: outbox.retried, unit: '' },
      ],
      rss,
      resources,
      details: {
        n,
        concurrency,
        rate: Number(opts.rate),
        seconds,
        latencyMs: lat,
        postLatencyMs: http,
        stages: {
          receivedToConsentCheckMs: stage1,
          consentCheckToEligibilityMs: stage2,
        },
        outboxRetried: outbox.retried,
        outboxFailedAttempts: outbox.attempts,
        commitsPerReferral: resources.pg.commits / n,
        walSyncsPerReferral: resources.pg.walSyncs === null ? null : resources.pg.walSyncs / n,
      },
    };
  } finally {
    api.close();
    await ctx.stopApps();
  }
}

module.exports = { run, name: 'referrals' };
