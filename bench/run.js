#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * `npm run bench`: how far one Lotse installation carries, measured on the real stack.
 *
 * Starts the bench profile of infra/stack.js (its own engine, Operaton on port 8290, no
 * controlled clock) on a fresh `lotse_bench` database (the engine's tables in its schema
 * `engine`), its own Redis db and queue prefix, a real SMTP peer, builds the apps when dist/ is
 * missing or older than the sources, and runs the built api and worker as child processes.
 * Prints a table and writes bench/results/<timestamp>.json. Stops everything it started, also
 * on failure and Ctrl-C.
 *
 *   npm run bench -- --referrals 200 --tasks 200 --mails 200 --query-open 10000 \
 *                    --query-completed 100000 --query-cases 20000 --query-mine 500   (smoke)
 *   npm run bench -- --scenarios referrals,ceiling
 *
 * Options: see DEFAULTS below and bench/README.md.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const crypto = require('node:crypto');
const path = require('node:path');
const stack = require('../infra/stack');
const { startMailSink } = require('../infra/mail-sink');
const { BenchContext } = require('./lib/context');
const { ROOT, enginePid, procStatus } = require('./lib/procs');
const { expectedUncaught, log, parseArgs, fmt, table } = require('./lib/util');

const SCENARIOS = {
  referrals: require('./scenarios/referrals'),
  ceiling: require('./scenarios/ceiling'),
  projection: require('./scenarios/projection'),
  query: require('./scenarios/query'),
  mail: require('./scenarios/mail'),
  /** not in the default set: outbox backlog drain after an outage */
  backlog: require('./scenarios/backlog'),
  /** not in the default set: CPU of an idle installation */
  idle: require('./scenarios/idle'),
  /** not in the default set: the engine's own task queries at --query-open open tasks */
  'engine-tasks': require('./scenarios/engine-tasks'),
};

const DEFAULTS = {
  scenarios: 'referrals,ceiling,projection,query,mail',
  /** 1: referrals submitted (and engine-ceiling instances started) */
  referrals: 2000,
  /** 1: concurrent HTTP clients (1a) / REST publishers (1b) */
  concurrency: 32,
  /** 1a: arrival rate per second; 0 = as fast as the clients get answers */
  rate: 0,
  /** untimed runs before each scenario (JIT, pools, caches) */
  warmup: 50,
  /** 2: user tasks created, and their rate per second */
  tasks: 1000,
  'projection-rate': 50,
  /** 3: size of the seeded task table and the calls per query */
  'query-open': 100_000,
  'query-completed': 1_000_000,
  'query-cases': 200_000,
  'query-mine': 5000,
  'query-calls': 200,
  'query-deep-page': 200,
  'query-db': 'lotse_bench_tasks',
  /** 3: also time the queries with the indexes proposed in query.js (none at present) */
  'query-proposed': false,
  reseed: false,
  /** engine-tasks: real instances started before the task rows are cloned to --query-open */
  'engine-tasks-real': 2000,
  /** engine-tasks: timed requests per query (each page and count separately) */
  'engine-tasks-calls': 50,
  /** idle scenario: how long to watch */
  'idle-seconds': 30,
  /** 4: mails through the queue */
  mails: 2000,
  /** the app database (dropped and created again every run) */
  db: 'lotse_bench',
  'redis-db': 8,
  'log-level': 'info',
  /** a note stored with the results, e.g. "before: outbox per-row commits" */
  label: '',
  'skip-build': false,
  /** write V8 CPU profiles of the api and worker (node --cpu-prof) next to the logs */
  'cpu-prof': false,
  /** leave the bench engine running afterwards (the next run starts it on a new database) */
  'keep-engine': false,
};

const USAGE = `npm run bench -- [--name value ...]\n\n${Object.entries(DEFAULTS)
  .map(([k, v]) => `  --${k} ${typeof v === 'boolean' ? '' : `(${v})`}`)
  .join('\n')}\n\nSee bench/README.md.`;

/** @param {string} dir */
function newestMtime(dir) {
  let newest = 0;
  if (!fs.existsSync(dir)) return newest;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'dist') continue;
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

function buildIfNeeded() {
  const outputs = ['dist/apps/api/main.js', 'dist/apps/worker/main.js'].map((f) =>
    path.join(ROOT, f),
  );
  const built = Math.min(...outputs.map((f) => (fs.existsSync(f) ? fs.statSync(f).mtimeMs : 0)));
  const sources = Math.max(
    ...['libs', 'apps/api', 'apps/worker'].map((d) => newestMtime(path.join(ROOT, d))),
  );
  if (built > sources) return false;
  log(built ? 'sources are newer than dist/: npm run build' : 'dist/ missing: npm run build');
  const r = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm run build failed');
  return true;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (s.address());
      s.close(() => resolve(port));
    });
  });
}

/**
 * Removes the keys of the bench queue prefix from the bench Redis db.
 * @param {string} url
 * @param {string} prefix
 */
async function clearQueues(url, prefix) {
  const { Redis } = require('ioredis');
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

function gitInfo() {
  const r = (/** @type {string[]} */ args) =>
    spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' }).stdout?.trim() ?? '';
  return {
    commit: r(['rev-parse', '--short', 'HEAD']),
    dirty: r(['status', '--porcelain', '--', 'libs', 'apps']) !== '',
  };
}

/** @param {string} url */
async function pgVersion(url) {
  const { Client } = require('pg');
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query('show server_version')).rows[0].server_version;
  } finally {
    await c.end();
  }
}

/**
 * @param {any[]} results
 */
function printTables(results) {
  /** @type {string[][]} */
  const rows = [];
  for (const r of results) {
    if (r.error) {
      rows.push([r.name, `FAILED: ${String(r.error).split('\n')[0].slice(0, 70)}`, '', '', '', '']);
      continue;
    }
    for (const f of r.figures) {
      rows.push([
        r.name,
        f.figure,
        `${fmt(f.value, f.unit ? 1 : 0)}${f.unit ? ` ${f.unit}` : ''}`,
        fmt(r.rss.apiMb, 0),
        fmt(r.rss.workerMb, 0),
        fmt(r.rss.engineMb, 0),
      ]);
    }
  }
  process.stdout.write(
    `\n${table(['scenario', 'figure', 'value', 'api peak RSS MB', 'worker peak RSS MB', 'engine peak RSS MB'], rows, ['l', 'l', 'r', 'r', 'r', 'r'])}\n` +
      '(api and worker: peak of the scenario, fresh processes per scenario; engine: peak since it started)\n',
  );
  const res = results
    .filter((r) => r.resources)
    .map((r) => {
      const c = r.resources.cpu;
      return [
        r.name,
        fmt(r.resources.seconds, 1),
        fmt(c.machinePct, 0),
        fmt(c.api, 0),
        fmt(c.worker, 0),
        fmt(c.engine, 0),
        fmt(c.postgres, 0),
        fmt(c.harness, 0),
        fmt(c.other, 0),
        fmt(r.resources.pg.commitsPerSec, 0),
      ];
    });
  process.stdout.write(
    `\nCPU in % of one core during the measured window (${os.cpus().length} cores = ${os.cpus().length * 100} %):\n` +
      `${table(['scenario', 's', 'machine', 'api', 'worker', 'engine', 'postgres', 'harness', 'other', 'pg commits/s'], res, ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'])}\n`,
  );
  const eng = results
    .filter((r) => r.resources?.engine)
    .map((r) => {
      const { metrics, openIncidents } = r.resources.engine;
      const perSec = (/** @type {number|undefined} */ v) =>
        v === undefined ? null : v / r.resources.seconds;
      return [
        r.name,
        fmt(metrics['root-process-instance-start'], 0),
        fmt(metrics['activity-instance-start'], 0),
        fmt(perSec(metrics['job-acquisition-attempt']), 0),
        fmt(metrics['job-successful'], 0),
        fmt(openIncidents, 0),
      ];
    });
  process.stdout.write(
    `\nEngine metrics during the window (GET /engine-rest/metrics/{name}/sum; incidents open at its end):\n` +
      `${table(['scenario', 'instances started', 'activities started', 'job acquisitions/s', 'jobs done', 'incidents'], eng, ['l', 'r', 'r', 'r', 'r', 'r'])}\n`,
  );
}

async function main() {
  const opts = parseArgs(process.argv.slice(2), DEFAULTS);
  if (/** @type {any} */ (opts).help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const wanted = String(opts.scenarios)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const s of wanted) {
    if (!(s in SCENARIOS))
      throw new Error(`unknown scenario "${s}" (${Object.keys(SCENARIOS).join(', ')})`);
  }
  const startedAt = new Date();
  const stamp = startedAt
    .toISOString()
    .replace(/[:.]/g, '-')
    .replace(/-\d{3}Z$/, 'Z');
  const resultsDir = path.join(ROOT, 'bench/results');
  const logDir = path.join(resultsDir, `${stamp}-logs`);
  fs.mkdirSync(logDir, { recursive: true });

  const base = new URL(process.env.DATABASE_URL || stack.DEFAULT_DATABASE_URL);
  base.pathname = `/${opts.db}`;
  const databaseUrl = base.toString();
  const redis = new URL(process.env.REDIS_URL || stack.DEFAULT_REDIS_URL);
  redis.pathname = `/${opts['redis-db']}`;
  const redisUrl = redis.toString();
  const queuePrefix = 'lotse-bench';
  // The apps run with NODE_ENV=production, which refuses the engine's development password:
  // the bench engine gets a service account password of its own (ENGINE_PASSWORD, when set,
  // is used as is; stack.js hands it to the engine, the apps get it below).
  process.env.ENGINE_PASSWORD ||= 'lotse-bench-engine-service-password';
  const engine = stack.profile('bench');

  /** @type {BenchContext | undefined} */
  let ctx;
  /** @type {Awaited<ReturnType<typeof startMailSink>> | undefined} */
  let sink;
  let engineStarted = false;
  let cleaned = false;
  const cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    await ctx?.close().catch((e) => log(`stopping apps: ${e.message}`));
    await sink?.close().catch(() => undefined);
    if (engineStarted && !opts['keep-engine']) {
      log('stopping the bench engine');
      await stack
        .stopEngine('bench')
        .catch((/** @type {Error} */ e) => log(`stopping the engine: ${e.message}`));
    }
  };
  process.on('uncaughtException', (e) => {
    if (expectedUncaught.some((p) => p(e))) return;
    log(`uncaught: ${e.stack ?? e}; stopping what the benchmark started`);
    cleanup().finally(() => process.exit(1));
  });
  for (const sig of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
    process.once(sig, () => {
      log(`${sig}: stopping what the benchmark started`);
      cleanup().finally(() => process.exit(130));
    });
  }

  try {
    if (!opts['skip-build']) buildIfNeeded();
    log(
      `stack: bench profile (Operaton ${stack.OPERATON_VERSION} at ${engine.url}), fresh database ${opts.db}, Redis db ${opts['redis-db']}`,
    );
    // stops the bench engine, recreates the database with the engine's schema, starts the engine
    engineStarted = true;
    await stack.up('bench', { recreateDatabase: true, databaseUrl, redisUrl });
    await clearQueues(redisUrl, queuePrefix);
    sink = await startMailSink();
    const appEnv = {
      ...process.env,
      // Not `production`: the bench signs in as the demo accounts, which production refuses to
      // seed (issue 11). NODE_ENV only changes start-up checks and the API docs, not the paths
      // measured here.
      NODE_ENV: 'development',
      LOG_LEVEL: String(opts['log-level']),
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: queuePrefix,
      ENGINE_URL: engine.restUrl,
      ENGINE_USER: engine.serviceUser,
      ENGINE_PASSWORD: engine.servicePassword,
      ENGINE_DB_SCHEMA: engine.schema,
      BPMN_DIR: path.join(ROOT, 'bpmn'),
      WEB_DIST: path.join(ROOT, 'apps/web/dist'),
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(await freePort()),
      PUBLIC_URL: 'http://lotse.bench',
      SESSION_SECRET: crypto.randomBytes(32).toString('hex'),
      // the bench is one client address and a few accounts at full speed: no rate limit
      RATE_LIMIT_PER_MINUTE: '100000000',
      RATE_LIMIT_PER_ACCOUNT_PER_MINUTE: '100000000',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(sink.smtpPort),
      ...(opts['cpu-prof'] ? { BENCH_CPU_PROFILE_DIR: logDir } : {}),
    };
    log('migrate, seed, deploy');
    const setup = spawnSync(
      process.execPath,
      [path.join(ROOT, 'dist/apps/worker/main.js'), 'migrate', 'seed', 'deploy'],
      { cwd: ROOT, env: appEnv, encoding: 'utf8' },
    );
    fs.writeFileSync(path.join(logDir, 'setup.log'), `${setup.stdout}${setup.stderr}`);
    if (setup.status !== 0) throw new Error(`migrate/seed/deploy failed:\n${setup.stderr}`);

    ctx = new BenchContext({
      opts,
      appEnv,
      databaseUrl,
      redisUrl,
      queuePrefix,
      engine,
      sink,
      logDir,
    });
    const engineVersion = await ctx.rest.version();

    /** @type {any[]} */
    const results = [];
    for (const name of wanted) {
      log(`--- ${name}`);
      const started = Date.now();
      try {
        const r = await SCENARIOS[/** @type {keyof typeof SCENARIOS} */ (name)].run(ctx);
        results.push({ name, ...r, wallSeconds: (Date.now() - started) / 1000 });
      } catch (e) {
        log(`${name} failed: ${/** @type {Error} */ (e).stack ?? e}`);
        results.push({ name, error: String(/** @type {Error} */ (e).message ?? e) });
        await ctx.stopApps().catch(() => undefined);
      }
    }

    const pid = enginePid(engine.pidFile);
    const engineProc = pid ? procStatus(pid) : null;
    const lotse = results.find((r) => r.name === 'referrals' && !r.error);
    const ceiling = results.find((r) => r.name === 'ceiling' && !r.error);
    const tput = (/** @type {any} */ r) =>
      r?.figures.find((/** @type {any} */ f) => f.key === 'throughput')?.value;
    const headline =
      lotse && ceiling
        ? {
            referralsPerSec: tput(lotse),
            ceilingPerSec: tput(ceiling),
            ratio: tput(lotse) / tput(ceiling),
          }
        : null;
    const cpus = os.cpus();
    const report = {
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      label: opts.label || null,
      machine: {
        cpus: cpus.length,
        cpuModel: cpus[0]?.model ?? 'unknown',
        memoryGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
        node: process.version,
        platform: `${os.platform()} ${os.release()}`,
      },
      engine: {
        product: 'Operaton',
        version: engineVersion,
        pinned: stack.OPERATON_VERSION,
        java: stack.findJava().major,
        javaOpts:
          process.env.ENGINE_JAVA_OPTS ||
          'stack.js default (-Xms256m -Xmx768m -XX:+UseParallelGC -XX:+ExitOnOutOfMemoryError)',
        peakRssMb: engineProc?.vmHwmKb ? engineProc.vmHwmKb / 1024 : null,
        rssAtEndMb: engineProc?.vmRssKb ? engineProc.vmRssKb / 1024 : null,
      },
      postgres: await pgVersion(databaseUrl),
      git: gitInfo(),
      parameters: opts,
      headline,
      scenarios: results,
    };
    const file = path.join(resultsDir, `${stamp}.json`);
    fs.writeFileSync(file, JSON.stringify(report, null, 2));

    process.stdout.write(
      `\nLotse benchmark ${report.startedAt}${report.label ? ` (${report.label})` : ''}: ${report.machine.cpus} × ${report.machine.cpuModel}, ` +
        `Node ${process.version}, Operaton ${engineVersion} (Java ${report.engine.java}), PostgreSQL ${report.postgres}\n`,
    );
    printTables(results);
    if (headline) {
      process.stdout.write(
        `\nHeadline: Lotse carries ${fmt(headline.referralsPerSec)} referrals/s = ${(headline.ratio * 100).toFixed(0)} % ` +
          `of the engine ceiling (${fmt(headline.ceilingPerSec)} instances/s) on this machine.\n`,
      );
    }
    process.stdout.write(
      `\nResults: ${path.relative(ROOT, file)}  (logs: ${path.relative(ROOT, logDir)}/)\n`,
    );
    return results.some((r) => r.error) ? 1 : 0;
  } finally {
    await cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    log(e instanceof stack.StackError ? e.message : String(e?.stack ?? e));
    process.exit(1);
  },
);
