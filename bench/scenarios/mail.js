// @ts-check
'use strict';
/**
 * 4. Notification throughput: N notification rows written as NotificationService.record writes
 * them, handed to the real BullMQ queue as NotificationService.dispatch hands them (job id =
 * row id, same attempts/backoff), delivered by the real worker's MailProcessor over SMTP to
 * infra/mail-sink.js (a real SMTP peer on a free port, parsing every mail).
 *
 * mails/s = N / (last mail received by the peer − queue hand-over started).
 */
const { Queue } = require('bullmq');
const { demoJba } = require('./common');
const { log, waitUntil, summarize } = require('../lib/util');

/** @param {string} url */
function redisOptions(url) {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    maxRetriesPerRequest: null,
  };
}

/** @param {import('../lib/context').BenchContext} ctx */
async function run(ctx) {
  const { opts } = ctx;
  const n = Number(opts.mails);
  await ctx.apps({ worker: true });
  const jba = await demoJba(ctx.db);
  const queue = new Queue('mail', {
    connection: redisOptions(ctx.redisUrl),
    prefix: ctx.queuePrefix,
  });
  const sink = ctx.sink;
  const tag = Date.now().toString(36);

  /** @param {number} count @param {string} batch */
  const sendMails = async (count, batch) => {
    const { rows } = await ctx.db.query(
      `insert into notification (dedup_key, template, params, recipient_kind, recipient_email, recipient_institution_id)
       select 'bench-mail:' || $1 || ':' || g, 'consent-reminder',
              jsonb_build_object('reference', 'FM-BENCH-' || g,
                                 'reason', 'Es liegt noch keine Einwilligung vor.',
                                 'link', 'http://lotse.bench/faelle/' || gen_random_uuid()),
              'institution', 'u25@jc.jba-eschweiler.example', $3
         from generate_series(1, $2) g
       returning id`,
      [`${tag}-${batch}`, count, jba.referrerId],
    );
    const ids = new Set(rows.map((r) => String(r.id)));
    sink.mails.length = 0;
    const started = Date.now();
    await queue.addBulk(
      [...ids].map((id) => ({
        name: 'send-mail',
        data: { notificationId: id },
        opts: {
          jobId: id,
          attempts: 8,
          backoff: { type: 'exponential', delay: 2000 },
          removeOnComplete: { age: 7 * 24 * 3600 },
          removeOnFail: { age: 30 * 24 * 3600 },
        },
      })),
    );
    const queuedMs = Date.now() - started;
    let lastLog = Date.now();
    await waitUntil(
      async () => {
        const got = sink.mails.filter((m) => ids.has(m.headers['x-lotse-notification'])).length;
        if (Date.now() - lastLog > 10_000) {
          log(`  ${got}/${count} mails received`);
          lastLog = Date.now();
        }
        return got === count;
      },
      { timeoutMs: 60_000 + count * 200, intervalMs: 50, what: `${count} mails at the SMTP peer` },
    );
    const received = sink.mails
      .filter((m) => ids.has(m.headers['x-lotse-notification']))
      .map((m) => Date.parse(m.receivedAt));
    const last = Math.max(...received);
    sink.mails.length = 0;
    return { ids, started, queuedMs, last, sinceStart: received.map((t) => t - started) };
  };

  try {
    const warm = Math.min(Number(opts.warmup), n);
    if (warm > 0) {
      log(`mail: warm-up with ${warm}`);
      await sendMails(warm, 'w');
    }
    log(`mail: ${n} mails through the queue`);
    const win = await ctx.window();
    const r = await sendMails(n, 'm');
    const resources = await win.end();
    const seconds = (r.last - r.started) / 1000;
    const { rows } = await ctx.db.query(
      `select count(*) filter (where status = 'sent')::int as sent from notification where id = any($1::uuid[])`,
      [[...r.ids]],
    );
    const rss = ctx.peakRss();
    return {
      figures: [
        {
          figure: 'mails/s (queue → SMTP peer)',
          value: n / seconds,
          unit: '/s',
          key: 'throughput',
        },
        { figure: 'queue hand-over of all jobs', value: r.queuedMs, unit: 'ms' },
      ],
      rss,
      resources,
      details: { n, seconds, rowsMarkedSent: rows[0].sent, arrivalMs: summarize(r.sinceStart) },
    };
  } finally {
    await queue.close();
    await ctx.stopApps();
  }
}

module.exports = { run, name: 'mail' };
