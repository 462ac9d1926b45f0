#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * The real stack Lotse runs on, brought up by the project itself:
 *  - PostgreSQL and Redis from DATABASE_URL / REDIS_URL (started locally when nothing answers
 *    and the Debian binaries exist),
 *  - the Zeebe broker, fetched once from Maven Central into .cache/zeebe and started with a
 *    JDK >= 21, bound to 127.0.0.1.
 *
 * Used by `npm start` (profile "dev"), by the test harness (profile "test", other ports, its
 * own data folder, controlled clock) and by `npm run bench`.
 *
 *   node infra/stack.js up [dev|test]     start what is missing and wait until healthy
 *   node infra/stack.js down [dev|test]   stop the broker this project started
 *   node infra/stack.js status [dev|test]
 */
const { spawn, spawnSync, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const CACHE = path.join(ROOT, '.cache');
const ZEEBE_VERSION = require(path.join(ROOT, 'package.json')).lotse.zeebeVersion;
const MIN_JAVA = 21;

/** Port sets per profile, so a test run never collides with a running `npm start`. */
const PROFILES = {
  dev: { grpc: 26500, rest: 8080, management: 9600, command: 26501, internal: 26502, clock: false },
  test: { grpc: 26600, rest: 8180, management: 9700, command: 26601, internal: 26602, clock: true },
  /** A second test profile, so two test runs can share a machine (LOTSE_TEST_PROFILE=test2). */
  test2: {
    grpc: 26800,
    rest: 8380,
    management: 9900,
    command: 26801,
    internal: 26802,
    clock: true,
  },
  test3: {
    grpc: 26900,
    rest: 8480,
    management: 10000,
    command: 26901,
    internal: 26902,
    clock: true,
  },
  bench: {
    grpc: 26700,
    rest: 8280,
    management: 9800,
    command: 26701,
    internal: 26702,
    clock: false,
  },
};

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/lotse';
const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

function log(msg) {
  process.stderr.write(`[stack] ${msg}\n`);
}

class StackError extends Error {}

/** @param {string} name */
function profile(name) {
  const p = PROFILES[/** @type {keyof typeof PROFILES} */ (name)];
  if (!p) throw new StackError(`unknown profile "${name}" (${Object.keys(PROFILES).join(', ')})`);
  const dir = path.join(CACHE, 'zeebe', `run-${name}`);
  return {
    name,
    ...p,
    dir,
    dataDir: path.join(dir, 'data'),
    pidFile: path.join(dir, 'broker.pid'),
    logFile: path.join(dir, 'broker.log'),
    gatewayAddress: `127.0.0.1:${p.grpc}`,
    managementUrl: `http://127.0.0.1:${p.management}`,
    restUrl: `http://127.0.0.1:${p.rest}`,
  };
}

// ---------------------------------------------------------------- helpers

/** @param {number} ms */
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** @param {string} cmd */
function which(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/**
 * @param {string} host
 * @param {number} port
 * @param {number} [timeoutMs]
 */
function tcpOpen(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    const done = (/** @type {boolean} */ ok) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

/**
 * @param {() => Promise<boolean>} probe
 * @param {number} timeoutMs
 * @param {number} [intervalMs]
 */
async function waitFor(probe, timeoutMs, intervalMs = 500) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await probe().catch(() => false)) return true;
    await sleep(intervalMs);
  }
  return false;
}

// ---------------------------------------------------------------- PostgreSQL

/** @param {string} url */
async function pgQuery(url, sql) {
  const { Client } = require('pg');
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Makes sure PostgreSQL answers and the database of `url` exists. */
async function ensurePostgres(url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL) {
  const u = new URL(url);
  const dbName = decodeURIComponent(u.pathname.slice(1)) || 'postgres';
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const answers = () =>
    pgQuery(admin.toString(), 'select 1').then(
      () => true,
      () => false,
    );
  if (!(await answers())) {
    const local = ['127.0.0.1', 'localhost', '::1'].includes(u.hostname);
    const ctl = which('pg_ctlcluster');
    if (!local || !ctl || !fs.existsSync('/etc/postgresql')) {
      throw new StackError(
        `PostgreSQL does not answer at ${u.host}. Set DATABASE_URL to a running server, ` +
          `or install it locally: apt-get install postgresql (then trust auth for 127.0.0.1).`,
      );
    }
    const version = fs.readdirSync('/etc/postgresql').sort().pop();
    log(`PostgreSQL does not answer; starting the local cluster ${version}/main`);
    const r = spawnSync(ctl, ['--skip-systemctl-redirect', String(version), 'main', 'start'], {
      encoding: 'utf8',
    });
    if (r.status !== 0 && !/already running/.test(r.stderr)) {
      throw new StackError(`pg_ctlcluster failed: ${r.stderr || r.stdout}`);
    }
    if (!(await waitFor(answers, 20000))) {
      throw new StackError(`PostgreSQL started but does not accept connections at ${u.host}`);
    }
  }
  const exists = await pgQuery(
    admin.toString(),
    `select 1 from pg_database where datname = '${dbName.replace(/'/g, "''")}'`,
  );
  if (exists.rowCount === 0) {
    log(`creating database ${dbName}`);
    await pgQuery(admin.toString(), `create database "${dbName.replace(/"/g, '""')}"`);
  }
}

/** Drops and recreates the database of `url` (test harness only). */
async function recreateDatabase(url) {
  const u = new URL(url);
  const dbName = decodeURIComponent(u.pathname.slice(1));
  if (!/test|bench/.test(dbName)) {
    throw new StackError(`refusing to drop database "${dbName}": only *test*/*bench* databases`);
  }
  const admin = new URL(url);
  admin.pathname = '/postgres';
  await pgQuery(admin.toString(), `drop database if exists "${dbName}" with (force)`);
  await pgQuery(admin.toString(), `create database "${dbName}"`);
}

// ---------------------------------------------------------------- Redis

/** @param {string} url */
function redisPing(url) {
  const u = new URL(url);
  return new Promise((resolve) => {
    const s = net.connect({ host: u.hostname, port: Number(u.port || 6379) });
    let buf = '';
    s.setTimeout(1500, () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', () => resolve(false));
    s.on('data', (d) => {
      buf += d.toString();
      if (buf.includes('\r\n')) {
        s.destroy();
        resolve(/^\+PONG|^-NOAUTH/.test(buf));
      }
    });
    s.once('connect', () => s.write('PING\r\n'));
  });
}

async function ensureRedis(url = process.env.REDIS_URL || DEFAULT_REDIS_URL) {
  if (await redisPing(url)) return;
  const u = new URL(url);
  const local = ['127.0.0.1', 'localhost', '::1'].includes(u.hostname);
  const bin = which('redis-server');
  if (!local || !bin) {
    throw new StackError(
      `Redis does not answer at ${u.host}. Set REDIS_URL to a running server, ` +
        `or install it locally: apt-get install redis-server.`,
    );
  }
  log('Redis does not answer; starting a local redis-server');
  const port = u.port || '6379';
  const r = spawnSync(
    bin,
    [
      '--daemonize',
      'yes',
      '--bind',
      '127.0.0.1',
      '--port',
      port,
      '--save',
      '',
      '--appendonly',
      'no',
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new StackError(`redis-server failed: ${r.stderr || r.stdout}`);
  if (!(await waitFor(() => redisPing(url), 10000, 200))) {
    throw new StackError(`redis-server started but does not answer at ${u.host}`);
  }
}

// ---------------------------------------------------------------- Java

/** @param {string} javaBin */
function javaMajor(javaBin) {
  try {
    const r = spawnSync(javaBin, ['-version'], { encoding: 'utf8' });
    const m = /version "(\d+)(?:\.(\d+))?/.exec(r.stderr || '');
    if (!m) return 0;
    const major = Number(m[1]);
    return major === 1 ? Number(m[2]) : major;
  } catch {
    return 0;
  }
}

/** A JDK >= 21: JAVA_HOME when it is new enough, else the newest under /usr/lib/jvm. */
function findJavaHome() {
  const candidates = [];
  if (process.env.JAVA_HOME) candidates.push(process.env.JAVA_HOME);
  const jvm = '/usr/lib/jvm';
  if (fs.existsSync(jvm)) {
    for (const d of fs.readdirSync(jvm)) {
      const home = path.join(jvm, d);
      if (fs.existsSync(path.join(home, 'bin', 'java')) && !fs.lstatSync(home).isSymbolicLink()) {
        candidates.push(home);
      }
    }
  }
  const found = candidates
    .map((home) => ({ home, major: javaMajor(path.join(home, 'bin', 'java')) }))
    .filter((c) => c.major >= MIN_JAVA);
  if (found.length === 0) {
    throw new StackError(
      `Zeebe ${ZEEBE_VERSION} needs Java ${MIN_JAVA}+; none found (JAVA_HOME=${process.env.JAVA_HOME ?? ''}, ` +
        `/usr/lib/jvm). Install one, e.g. apt-get install temurin-21-jdk, or set JAVA_HOME.`,
    );
  }
  // JAVA_HOME wins when it qualifies; otherwise the newest.
  if (process.env.JAVA_HOME && found[0].home === process.env.JAVA_HOME) return found[0];
  return found.sort((a, b) => b.major - a.major)[0];
}

// ---------------------------------------------------------------- Zeebe

function zeebeHome() {
  return path.join(CACHE, 'zeebe', `camunda-zeebe-${ZEEBE_VERSION}`);
}

/** Fetches io.camunda:camunda-zeebe:<version>:tar.gz from Maven Central once. */
function fetchZeebe() {
  const home = zeebeHome();
  if (fs.existsSync(path.join(home, 'bin', 'broker'))) return home;
  const dir = path.dirname(home);
  fs.mkdirSync(dir, { recursive: true });
  const tarball = path.join(dir, `camunda-zeebe-${ZEEBE_VERSION}.tar.gz`);
  if (!fs.existsSync(tarball)) {
    if (!which('mvn')) {
      throw new StackError(
        'Maven (mvn) is needed once to fetch the Zeebe distribution: apt-get install maven',
      );
    }
    log(`fetching io.camunda:camunda-zeebe:${ZEEBE_VERSION}:tar.gz from Maven Central`);
    const r = spawnSync(
      'mvn',
      [
        '-q',
        '-B',
        'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy',
        `-Dartifact=io.camunda:camunda-zeebe:${ZEEBE_VERSION}:tar.gz`,
        `-DoutputDirectory=${dir}`,
      ],
      { encoding: 'utf8', cwd: dir },
    );
    if (r.status !== 0 || !fs.existsSync(tarball)) {
      throw new StackError(
        `could not fetch Zeebe ${ZEEBE_VERSION}: ${(r.stdout + r.stderr).slice(-2000)}`,
      );
    }
  }
  log(`unpacking ${path.basename(tarball)}`);
  execFileSync('tar', ['xzf', tarball, '-C', dir]);
  if (!fs.existsSync(path.join(home, 'bin', 'broker'))) {
    throw new StackError(`unexpected layout in ${tarball}: no bin/broker`);
  }
  return home;
}

/** @param {ReturnType<typeof profile>} p */
async function brokerHealthy(p) {
  try {
    const res = await fetch(`${p.restUrl}/v2/topology`, { signal: AbortSignal.timeout(2000) });
    if (!res.ok) return false;
    const topo = await res.json();
    return (
      Array.isArray(topo.brokers) &&
      topo.brokers.length > 0 &&
      topo.brokers.every((/** @type {any} */ b) =>
        b.partitions.every((/** @type {any} */ part) => part.health === 'healthy'),
      ) &&
      topo.brokers.some((/** @type {any} */ b) =>
        b.partitions.some((/** @type {any} */ part) => part.role === 'leader'),
      )
    );
  } catch {
    return false;
  }
}

/** @param {string} pidFile */
function readPid(pidFile) {
  try {
    const pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

/**
 * Starts the broker of a profile unless a healthy one already listens on its ports.
 * @param {string} profileName
 * @param {{ fresh?: boolean, attached?: boolean, timeoutMs?: number }} [opts]
 *   fresh: delete the data folder first; attached: the broker dies with this process.
 */
async function startBroker(profileName = 'dev', opts = {}) {
  const p = profile(profileName);
  if (opts.fresh) await stopBroker(profileName);
  if (await brokerHealthy(p)) {
    if (opts.fresh) {
      // A fresh broker was asked for, and one this checkout did not start answers: tests must
      // not run against someone else's engine (its clock, its data).
      throw new StackError(
        `a Zeebe broker not started by this checkout answers at ${p.gatewayAddress}; stop it ` +
          `(node infra/stack.js down ${profileName} in its checkout) or use another profile ` +
          `(LOTSE_TEST_PROFILE=test2)`,
      );
    }
    log(`Zeebe already healthy at ${p.gatewayAddress}`);
    return { ...p, pid: readPid(p.pidFile), reused: true };
  }
  if (await tcpOpen('127.0.0.1', p.grpc)) {
    // Something listens but is not (yet) healthy: a broker of ours still starting, or a stranger.
    if (!readPid(p.pidFile)) {
      throw new StackError(
        `port ${p.grpc} is taken by another process; free it or use another profile`,
      );
    }
  }
  const home = fetchZeebe();
  const java = findJavaHome();
  if (opts.fresh) fs.rmSync(p.dataDir, { recursive: true, force: true });
  fs.mkdirSync(p.dataDir, { recursive: true });
  if (!readPid(p.pidFile)) {
    log(
      `starting Zeebe ${ZEEBE_VERSION} (${profileName}) with Java ${java.major} from ${java.home}`,
    );
    const out = fs.openSync(p.logFile, 'a');
    const env = {
      ...process.env,
      JAVA_HOME: java.home,
      JAVA_OPTS: process.env.ZEEBE_JAVA_OPTS || '-Xms256m -Xmx1g -XX:+UseParallelGC',
      ZEEBE_BROKER_NETWORK_HOST: '127.0.0.1',
      ZEEBE_BROKER_NETWORK_ADVERTISEDHOST: '127.0.0.1',
      ZEEBE_BROKER_GATEWAY_NETWORK_HOST: '127.0.0.1',
      ZEEBE_BROKER_GATEWAY_NETWORK_PORT: String(p.grpc),
      ZEEBE_BROKER_NETWORK_COMMANDAPI_PORT: String(p.command),
      ZEEBE_BROKER_NETWORK_INTERNALAPI_PORT: String(p.internal),
      SERVER_ADDRESS: '127.0.0.1',
      SERVER_PORT: String(p.rest),
      MANAGEMENT_SERVER_ADDRESS: '127.0.0.1',
      MANAGEMENT_SERVER_PORT: String(p.management),
      ZEEBE_BROKER_DATA_DIRECTORY: p.dataDir,
      ZEEBE_BROKER_DATA_DISK_ENABLEMONITORING: 'false',
      ZEEBE_BROKER_DATA_SNAPSHOTPERIOD: '5m',
      ZEEBE_BROKER_THREADS_CPUTHREADCOUNT: '2',
      ZEEBE_BROKER_THREADS_IOTHREADCOUNT: '2',
      ZEEBE_CLOCK_CONTROLLED: String(p.clock),
    };
    const child = spawn(path.join(home, 'bin', 'broker'), [], {
      cwd: p.dir,
      env,
      detached: !opts.attached,
      stdio: ['ignore', out, out],
    });
    fs.writeFileSync(p.pidFile, String(child.pid));
    if (!opts.attached) child.unref();
    let exited = false;
    child.once('exit', () => (exited = true));
    const ok = await waitFor(async () => {
      if (exited) throw new Error('exited');
      return brokerHealthy(p);
    }, opts.timeoutMs ?? 120000);
    if (!ok) {
      const tail = fs.readFileSync(p.logFile, 'utf8').split('\n').slice(-40).join('\n');
      throw new StackError(
        `Zeebe did not become healthy at ${p.gatewayAddress} (${exited ? 'process exited' : 'timeout'}). ` +
          `Log ${p.logFile}:\n${tail}`,
      );
    }
    log(`Zeebe ${ZEEBE_VERSION} healthy at ${p.gatewayAddress} (management ${p.managementUrl})`);
    return { ...p, pid: child.pid, reused: false, child };
  }
  if (!(await waitFor(() => brokerHealthy(p), opts.timeoutMs ?? 120000))) {
    throw new StackError(`a broker of profile ${profileName} runs but does not become healthy`);
  }
  return { ...p, pid: readPid(p.pidFile), reused: true };
}

/**
 * Stops the broker this project started for the profile (SIGTERM, then SIGKILL).
 * @param {string} profileName
 * @param {{ kill?: boolean }} [opts]  kill: SIGKILL right away (simulates a crash)
 */
async function stopBroker(profileName = 'dev', opts = {}) {
  const p = profile(profileName);
  const pid = readPid(p.pidFile);
  if (!pid) return false;
  const signal = opts.kill ? 'SIGKILL' : 'SIGTERM';
  try {
    process.kill(-pid, signal); // the whole process group (bin/broker is a shell wrapper)
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      /* gone already */
    }
  }
  const gone = await waitFor(
    async () => !readPid(p.pidFile) && !(await tcpOpen('127.0.0.1', p.grpc)),
    30000,
    250,
  );
  if (!gone) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* ignore */
    }
    await waitFor(async () => !(await tcpOpen('127.0.0.1', p.grpc)), 10000, 250);
  }
  fs.rmSync(p.pidFile, { force: true });
  return true;
}

/** Everything Lotse needs, for one profile. */
async function up(profileName = 'dev', opts = {}) {
  const databaseUrl = opts.databaseUrl || process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  const redisUrl = opts.redisUrl || process.env.REDIS_URL || DEFAULT_REDIS_URL;
  await ensurePostgres(databaseUrl);
  await ensureRedis(redisUrl);
  const broker = await startBroker(profileName, opts);
  return { databaseUrl, redisUrl, broker };
}

module.exports = {
  ZEEBE_VERSION,
  PROFILES,
  DEFAULT_DATABASE_URL,
  DEFAULT_REDIS_URL,
  StackError,
  profile,
  ensurePostgres,
  recreateDatabase,
  ensureRedis,
  findJavaHome,
  fetchZeebe,
  startBroker,
  stopBroker,
  brokerHealthy,
  up,
};

if (require.main === module) {
  const [cmd = 'up', prof = 'dev'] = process.argv.slice(2);
  (async () => {
    if (cmd === 'up') {
      const r = await up(prof);
      log(
        `PostgreSQL ${new URL(r.databaseUrl).host}, Redis ${new URL(r.redisUrl).host}, Zeebe ${r.broker.gatewayAddress}`,
      );
    } else if (cmd === 'down') {
      log((await stopBroker(prof)) ? 'broker stopped' : 'no broker of ours was running');
    } else if (cmd === 'status') {
      const p = profile(prof);
      log(
        `Zeebe (${prof}) ${(await brokerHealthy(p)) ? 'healthy' : 'not healthy'} at ${p.gatewayAddress}`,
      );
    } else {
      throw new StackError(`unknown command ${cmd}`);
    }
  })().catch((e) => {
    log(e instanceof StackError ? e.message : String(e?.stack ?? e));
    process.exit(1);
  });
}
