// @ts-check
'use strict';
/**
 * What a measurement window cost: CPU seconds per process (api, worker, engine, PostgreSQL, the
 * harness itself) and of the machine, PostgreSQL commits and WAL syncs, and the engine's own
 * metric counters. This is what tells which resource limits a figure.
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
 * @typedef {{ api?: number|null, worker?: number|null, engine?: number|null }} Pids
 * @typedef {{ seconds: number, cpuCores: number,
 *   cpu: { machinePct: number, api: number|null, worker: number|null, engine: number|null,
 *          postgres: number, harness: number, other: number },
 *   engine: { metrics: Record<string, number>, openIncidents: number|null,
 *             openExternalTasks: number|null },
 *   pg: { commits: number, commitsPerSec: number, walSyncs: number|null, walMb: number|null } }} WindowResult
 */

/**
 * Opens a window; call `end()` when the measured work is done. CPU figures are in "% of one
 * core" (200 % = both cores of a 2-core machine busy). Engine metrics are deltas of
 * `GET /metrics/{name}/sum` (e.g. job-acquisition-attempt: how often the job executor polled).
 * PostgreSQL CPU counts the server's own processes and the backends of `dbNames` only.
 * @param {{ pids: Pids, pg: import('pg').Pool, dbName: string, dbNames: string[],
 *   engine?: import('./engine').EngineRest }} o
 */
async function beginWindow(o) {
  const metricsBefore = o.engine ? await o.engine.metrics() : new Map();
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
    engine: pidTicks(o.pids.engine),
    postgres: sumTicks(postgresPids(o.dbNames)),
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
      const pgAfterTicks = sumTicks(postgresPids(o.dbNames));
      let pgTicks = 0;
      for (const [pid, t] of pgAfterTicks) pgTicks += t - (before.postgres.get(pid) ?? 0);
      const cpuCores = require('node:os').cpus().length;
      const cpu = {
        machinePct:
          ((m2.busy - machine.busy) / Math.max(1, m2.total - machine.total)) * 100 * cpuCores,
        api: pct(before.api, pidTicks(o.pids.api)),
        worker: pct(before.worker, pidTicks(o.pids.worker)),
        engine: pct(before.engine, pidTicks(o.pids.engine)),
        postgres: (pgTicks / CLK_TCK / seconds) * 100,
        harness: ((h.user + h.system) / 1e6 / seconds) * 100,
        other: 0,
      };
      // whatever else ran on the machine meanwhile (other users, the kernel): noise to report
      cpu.other = Math.max(
        0,
        cpu.machinePct -
          [cpu.api, cpu.worker, cpu.engine, cpu.postgres, cpu.harness].reduce(
            (/** @type {number} */ a, b) => a + (b ?? 0),
            0,
          ),
      );
      /** @type {WindowResult['engine']} */
      const engine = { metrics: {}, openIncidents: null, openExternalTasks: null };
      if (o.engine) {
        for (const [k, v] of await o.engine.metrics()) {
          if (metricsBefore.has(k)) engine.metrics[k] = v - (metricsBefore.get(k) ?? 0);
        }
        const count = (/** @type {string} */ p) =>
          /** @type {import('./engine').EngineRest} */ (o.engine)
            .get(p)
            .then((r) => Number(r.count))
            .catch(() => null);
        engine.openIncidents = await count('/incident/count');
        engine.openExternalTasks = await count('/external-task/count');
      }
      // backends report their counters to the statistics system at most once a second
      await sleep(1100);
      const pgAfter = await pgStats();
      const commits = pgAfter.commits - pgBefore.commits;
      ended = {
        seconds,
        cpuCores,
        cpu,
        engine,
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

module.exports = { beginWindow, CLK_TCK };
