// @ts-check
'use strict';
/**
 * What a measurement window cost: CPU seconds per process (api, worker, broker, PostgreSQL, the
 * harness itself) and of the machine, PostgreSQL commits and WAL syncs. This is what tells
 * which resource limits a figure.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const { cpuTicks, postgresPids } = require('./procs');
const { sleep } = require('./util');

const CLK_TCK = (() => {
  const r = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  return Number(r.stdout?.trim()) || 100;
})();

function machineTicks() {
  const first = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0];
  const v = first.trim().split(/\s+/).slice(1).map(Number);
  const idle = v[3] + (v[4] ?? 0);
  const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

/** @param {number[]} pids */
function sumTicks(pids) {
  /** @type {Map<number, number>} */
  const m = new Map();
  for (const pid of pids) {
    const t = cpuTicks(pid);
    if (t !== null) m.set(pid, t);
  }
  return m;
}

/**
 * Counters of the broker's Prometheus endpoint (name{labels} → value), zeebe_* *_total only.
 * @param {string | undefined} managementUrl
 * @returns {Promise<Map<string, number>>}
 */
async function brokerCounters(managementUrl) {
  /** @type {Map<string, number>} */
  const m = new Map();
  if (!managementUrl) return m;
  try {
    const text = await fetch(`${managementUrl}/actuator/prometheus`, {
      signal: AbortSignal.timeout(3000),
    }).then((r) => r.text());
    for (const line of text.split('\n')) {
      if (!line.startsWith('zeebe_')) continue;
      const sp = line.lastIndexOf(' ');
      const key = line.slice(0, sp);
      if (!/_total(\{|$)/.test(key)) continue;
      const v = Number(line.slice(sp + 1));
      if (Number.isFinite(v)) m.set(key.replace(/,?partition="1"/, ''), v);
    }
  } catch {
    /* metrics are a nice-to-have */
  }
  return m;
}

/**
 * @typedef {{ api?: number|null, worker?: number|null, broker?: number|null }} Pids
 * @typedef {{ seconds: number, cpuCores: number,
 *   cpu: { machinePct: number, api: number|null, worker: number|null, broker: number|null,
 *          postgres: number, harness: number, other: number },
 *   broker: Record<string, number>,
 *   pg: { commits: number, commitsPerSec: number, walSyncs: number|null, walMb: number|null } }} WindowResult
 */

/**
 * Opens a window; call `end()` when the measured work is done. CPU figures are in "% of one
 * core" (200 % = both cores of a 2-core machine busy).
 * @param {{ pids: Pids, pg: import('pg').Pool, dbName: string, brokerManagementUrl?: string }} o
 */
async function beginWindow(o) {
  const countersBefore = await brokerCounters(o.brokerManagementUrl);
  const pgStats = async () => {
    const [db] = (
      await o.pg.query(`select xact_commit::bigint as c from pg_stat_database where datname = $1`, [
        o.dbName,
      ])
    ).rows;
    const wal = await o.pg
      .query(`select wal_sync::bigint as s, wal_bytes::bigint as b from pg_stat_wal`)
      .then((r) => r.rows[0])
      .catch(() => null);
    return {
      commits: Number(db?.c ?? 0),
      walSyncs: wal ? Number(wal.s) : null,
      walBytes: wal ? Number(wal.b) : null,
    };
  };
  const pgBefore = await pgStats();
  const started = Date.now();
  const machine = machineTicks();
  const harness = process.cpuUsage();
  const pidTicks = (/** @type {number|null|undefined} */ pid) => (pid ? cpuTicks(pid) : null);
  const before = {
    api: pidTicks(o.pids.api),
    worker: pidTicks(o.pids.worker),
    broker: pidTicks(o.pids.broker),
    postgres: sumTicks(postgresPids()),
  };
  let ended = /** @type {WindowResult | null} */ (null);
  return {
    /** @returns {Promise<WindowResult>} */
    async end() {
      if (ended) return ended;
      const seconds = (Date.now() - started) / 1000;
      const m2 = machineTicks();
      const h = process.cpuUsage(harness);
      const pct = (/** @type {number|null} */ a, /** @type {number|null} */ b) =>
        a === null || b === null ? null : ((b - a) / CLK_TCK / seconds) * 100;
      const pgAfterTicks = sumTicks(postgresPids());
      let pgTicks = 0;
      for (const [pid, t] of pgAfterTicks) pgTicks += t - (before.postgres.get(pid) ?? 0);
      const cpuCores = require('node:os').cpus().length;
      const cpu = {
        machinePct:
          ((m2.busy - machine.busy) / Math.max(1, m2.total - machine.total)) * 100 * cpuCores,
        api: pct(before.api, pidTicks(o.pids.api)),
        worker: pct(before.worker, pidTicks(o.pids.worker)),
        broker: pct(before.broker, pidTicks(o.pids.broker)),
        postgres: (pgTicks / CLK_TCK / seconds) * 100,
        harness: ((h.user + h.system) / 1e6 / seconds) * 100,
        other: 0,
      };
      // whatever else ran on the machine meanwhile (other users, the kernel): noise to report
      cpu.other = Math.max(
        0,
        cpu.machinePct -
          [cpu.api, cpu.worker, cpu.broker, cpu.postgres, cpu.harness].reduce(
            (/** @type {number} */ a, b) => a + (b ?? 0),
            0,
          ),
      );
      const countersAfter = await brokerCounters(o.brokerManagementUrl);
      /** @type {Record<string, number>} */
      const broker = {};
      for (const [k, v] of countersAfter) {
        const d = v - (countersBefore.get(k) ?? 0);
        if (d > 0) broker[k] = d;
      }
      // backends report their counters to the statistics system at most once a second
      await sleep(1100);
      const pgAfter = await pgStats();
      const commits = pgAfter.commits - pgBefore.commits;
      ended = {
        seconds,
        cpuCores,
        cpu,
        broker,
        pg: {
          commits,
          commitsPerSec: commits / seconds,
          walSyncs:
            pgAfter.walSyncs !== null && pgBefore.walSyncs !== null
              ? pgAfter.walSyncs - pgBefore.walSyncs
              : null,
          walMb:
            pgAfter.walBytes !== null && pgBefore.walBytes !== null
              ? (pgAfter.walBytes - pgBefore.walBytes) / 1e6
              : null,
        },
      };
      return ended;
    },
  };
}

/**
 * Requests the broker turned away during a window (backpressure, RESOURCE_EXHAUSTED).
 * @param {{ broker: Record<string, number> }} w
 */
function brokerRejections(w) {
  return Object.entries(w.broker)
    .filter(([k]) => k.startsWith('zeebe_dropped_request_count_total'))
    .reduce((a, [, v]) => a + v, 0);
}

module.exports = { beginWindow, brokerRejections, CLK_TCK };
