// @ts-check
'use strict';
/** Small helpers of the benchmark harness: options, statistics, concurrency, the table. */
const { setTimeout: sleep } = require('node:timers/promises');

/** @param {string} msg */
function log(msg) {
  const t = new Date().toISOString().slice(11, 19);
  process.stderr.write(`[bench ${t}] ${msg}\n`);
}

/**
 * `--name value`, `--name=value` and `--flag` (true), over defaults; BENCH_NAME env vars too
 * (dashes become underscores). Numbers stay numbers when the default is one.
 * @template {Record<string, string|number|boolean>} T
 * @param {string[]} argv
 * @param {T} defaults
 * @returns {T}
 */
function parseArgs(argv, defaults) {
  /** @type {Record<string, string|number|boolean>} */
  const out = { ...defaults };
  const coerce = (/** @type {string} */ key, /** @type {string|boolean} */ raw) => {
    if (!(key in defaults)) throw new Error(`unknown option --${key} (see bench/README.md)`);
    const d = defaults[key];
    if (typeof d === 'number') {
      const n = Number(raw);
      if (!Number.isFinite(n)) throw new Error(`--${key} wants a number, got "${raw}"`);
      return n;
    }
    if (typeof d === 'boolean')
      return raw === true || ['1', 'true', 'yes', 'on'].includes(String(raw));
    return String(raw);
  };
  for (const key of Object.keys(defaults)) {
    const env = process.env[`BENCH_${key.replace(/-/g, '_').toUpperCase()}`];
    if (env !== undefined && env !== '') out[key] = coerce(key, env);
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument "${a}"`);
    const eq = a.indexOf('=');
    const key = eq > 0 ? a.slice(2, eq) : a.slice(2);
    if (key === 'help') {
      out.help = true;
      continue;
    }
    let raw;
    if (eq > 0) raw = a.slice(eq + 1);
    else if (typeof defaults[key] === 'boolean') raw = true;
    else raw = argv[++i];
    if (raw === undefined) throw new Error(`--${key} needs a value`);
    out[key] = coerce(key, raw);
  }
  return /** @type {T} */ (out);
}

/**
 * Nearest-rank percentile of an ascending array.
 * @param {number[]} sorted
 * @param {number} p 0..100
 */
function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** @param {number[]} values */
function summarize(values) {
  const s = [...values].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / (s.length || 1);
  return {
    n: s.length,
    min: s[0] ?? NaN,
    p50: percentile(s, 50),
    p95: percentile(s, 95),
    p99: percentile(s, 99),
    max: s[s.length - 1] ?? NaN,
    mean,
  };
}

/**
 * Runs fn over items with at most `concurrency` in flight; rejects on the first failure.
 * @template T, R
 * @param {T[]} items
 * @param {number} concurrency
 * @param {(item: T, index: number) => Promise<R>} fn
 * @returns {Promise<R[]>}
 */
async function pool(items, concurrency, fn) {
  /** @type {R[]} */
  const results = new Array(items.length);
  let next = 0;
  let failed = false;
  const lane = async () => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        results[i] = await fn(items[i], i);
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  return results;
}

/**
 * Polls `probe` until it returns a truthy value.
 * @template T
 * @param {() => Promise<T>} probe
 * @param {{ timeoutMs: number, intervalMs?: number, what: string }} opts
 * @returns {Promise<T>}
 */
async function waitUntil(probe, { timeoutMs, intervalMs = 200, what }) {
  const until = Date.now() + timeoutMs;
  /** @type {unknown} */
  let last;
  while (Date.now() < until) {
    last = await probe();
    if (last) return /** @type {T} */ (last);
    await sleep(intervalMs);
  }
  throw new Error(
    `timed out after ${timeoutMs / 1000} s waiting for ${what} (last: ${JSON.stringify(last)})`,
  );
}

/** @param {number} n */
const range = (n) => Array.from({ length: n }, (_, i) => i);

/**
 * @param {number|null|undefined} v
 * @param {number} [digits]
 */
function fmt(v, digits = 1) {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString('en-US');
  return v.toFixed(digits);
}

/**
 * A plain-text table.
 * @param {string[]} header
 * @param {string[][]} rows
 * @param {('l'|'r')[]} align
 */
function table(header, rows, align) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (/** @type {string[]} */ cells) =>
    cells
      .map((c, i) => (align[i] === 'r' ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const sep = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(header), sep, ...rows.map(line)].join('\n');
}

/**
 * Errors that may surface as uncaught while the harness closes something whose library emits
 * them without a listener; a scenario adds a matcher, run.js ignores these instead of aborting.
 * (None at present: the engine client is plain HTTP.)
 * @type {Array<(e: any) => boolean>}
 */
const expectedUncaught = [];

module.exports = {
  expectedUncaught,
  log,
  parseArgs,
  percentile,
  summarize,
  pool,
  waitUntil,
  range,
  fmt,
  table,
  sleep,
};
