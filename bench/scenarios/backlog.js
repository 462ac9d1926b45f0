// @ts-check
'use strict';
/**
 * (extra, not in the default set) Outbox backlog drain: what happens when the engine comes back
 * after an outage, or after a burst the engine could not follow. N referrals are accepted by an
 * api whose relay is off (OUTBOX_RELAY=false, the worker is not running), so N start commands
 * wait in outbox_message. Then the api and worker start with their relays on, and the figure is
 * how fast the backlog turns into cases awaiting their conference, and how many start commands
 * the relays had to send more than once (a failed attempt: the engine refused or did not answer).
 */
const { demoJba, validReferral } = require('./common');
const { log, pool, range, summarize, waitUntil } = require('../lib/util');

/** @param {import('../lib/context').BenchContext} ctx */
async function run(ctx) {
  const { opts } = ctx;
  const n = Number(opts.referrals);
  const concurrency = Number(opts.concurrency);
  await ctx.apps({ api: true, env: { OUTBOX_RELAY: 'false' } });
  const jba = await demoJba(ctx.db);
  const api = await ctx.signIn('jc.sachbearbeitung', concurrency);
  const tag = `backlog-${Date.now().toString(36)}`;
  /** @type {string[]} */
  const ids = [];
  try {
    log(`backlog: accepting ${n} referrals with the relays off`);
    await pool(range(n), concurrency, async (i) => {
      const res = await api.post('/api/v1/referrals', validReferral(jba, `${tag}-${i}`));
      if (res.status !== 202) throw new Error(`POST /referrals answered ${res.status}`);
      ids.push(res.body.id);
    });
  } finally {
    api.close();
  }
  await ctx.apps({ api: true, worker: true });
  log(`backlog: relays on, draining ${n} start messages`);
  const win = await ctx.window();
  const started = Date.now();
  let lastLog = Date.now();
  await waitUntil(
    async () => {
      const { rows } = await ctx.db.query(
        `select count(*)::int as n from referral where id = any($1::uuid[]) and status = 'awaiting-conference'`,
        [ids],
      );
      if (Date.now() - lastLog > 10_000) {
        log(`  ${rows[0].n}/${n} awaiting conference`);
        lastLog = Date.now();
      }
      return rows[0].n === n;
    },
    { timeoutMs: 120_000 + n * 500, intervalMs: 250, what: `the backlog of ${n} to drain` },
  );
  const resources = await win.end();
  const { rows } = await ctx.db.query(
    `select extract(epoch from e.occurred_at) * 1000 as at from referral_event e
      where e.referral_id = any($1::uuid[]) and e.status = 'awaiting-conference'`,
    [ids],
  );
  const done = rows.map((r) => Number(r.at) - started);
  const seconds = Math.max(...done) / 1000;
  const [outbox] = (
    await ctx.db.query(
      `select count(*) filter (where attempts > 0)::int as retried, coalesce(sum(attempts), 0)::int as attempts
         from outbox_message where dedup_key = any($1::text[])`,
      [ids.map((id) => `referral-received:${id}`)],
    )
  ).rows;
  const rss = ctx.peakRss();
  await ctx.stopApps();
  const s = summarize(done);
  return {
    figures: [
      {
        figure: 'backlog drained (referrals/s)',
        value: n / seconds,
        unit: '/s',
        key: 'throughput',
      },
      { figure: 'time to drain', value: seconds * 1000, unit: 'ms' },
      { figure: 'half of the backlog done after', value: s.p50, unit: 'ms' },
      { figure: 'start messages retried by the relay', value: outbox.retried, unit: '' },
    ],
    rss,
    resources,
    details: {
      n,
      seconds,
      doneAfterMs: s,
      outboxRetried: outbox.retried,
      outboxFailedAttempts: outbox.attempts,
    },
  };
}

module.exports = { run, name: 'backlog' };
