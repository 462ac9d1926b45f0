#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * The real stack Lotse runs on, brought up by the project itself:
 *  - PostgreSQL and Redis from DATABASE_URL / REDIS_URL (started locally when nothing answers
 *    and the Debian binaries exist),
 *  - the process engine: Operaton in the Spring Boot app of infra/engine, built with Maven from
 *    Maven Central on first use (cached in infra/engine/target), run on Java 17+ and bound to
 *    127.0.0.1. Its tables live in Lotse's database, schema `engine` (ENGINE_DB_SCHEMA), which
 *    this script creates.
 *
 * Used by `npm start` (profile "dev"), by the test harness (profile "test": its own port and
 * database, a movable engine clock) and by `npm run bench` (profile "bench").
 *
 *   node infra/stack.js up [dev|test|bench]     start what is missing and wait until healthy
 *   node infra/stack.js down [dev|test|bench]   stop the engine this project started
 *   node infra/stack.js status [dev|test|bench]
 */
const { spawn, spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const CACHE = path.join(ROOT, '.cache');
const ENGINE_DIR = path.join(ROOT, 'infra', 'engine');
const ENGINE_JAR = path.join(ENGINE_DIR, 'target', 'lotse-engine.jar');
const OPERATON_VERSION = require(path.join(ROOT, 'package.json')).lotse.operatonVersion;
const MIN_JAVA = 17;

/** The engine's port per profile, so a test run never collides with a running `npm start`. */
const PROFILES = {
  dev: { port: 8090, testClock: false },
  test: { port: 8190, testClock: true },
  /** Further test profiles, so two test runs can share a machine (LOTSE_TEST_PROFILE=test2). */
  test2: { port: 8390, testClock: true },
  test3: { port: 8490, testClock: true },
  test4: { port: 8590, testClock: true },
  test5: { port: 8690, testClock: true },
  test6: { port: 8790, testClock: true },
  bench: { port: 8290, testClock: false },
};

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/lotse';
const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
/** Lotse's service account at the engine outside production (libs/common, env.ts). */
const DEVELOPMENT_ENGINE_PASSWORD = 'lotse-development-engine';
const ENGINE_SERVICE_USER = 'lotse';
const ENGINE_ADMIN_USER = 'admin';

function log(msg) {
  process.stderr.write(`[stack] ${msg}\n`);
}

class StackError extends Error {}

/** @param {string} name */
function profile(name) {
  const p = PROFILES[/** @type {keyof typeof PROFILES} */ (name)];
  if (!p) throw new StackError(`unknown profile "${name}" (${Object.keys(PROFILES).join(', ')})`);
  const dir = path.join(CACHE, 'engine', `run-${name}`);
  return {
    name,
    ...p,
    dir,
    pidFile: path.join(dir, 'engine.pid'),
    logFile: path.join(dir, 'engine.log'),
    url: `http://127.0.0.1:${p.port}`,
    restUrl: `http://127.0.0.1:${p.port}/engine-rest`,
    cockpitUrl: `http://127.0.0.1:${p.port}/operaton/app/cockpit/`,
    serviceUser: process.env.ENGINE_USER || ENGINE_SERVICE_USER,
    servicePassword: process.env.ENGINE_PASSWORD || DEVELOPMENT_ENGINE_PASSWORD,
    schema: process.env.ENGINE_DB_SCHEMA || 'engine',
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

/** The apps' database role where the stack makes it (insert-only on the audit; see libs/persistence). */
const APP_ROLE = 'lotse_app';
/** Its password outside production (local trust auth does not ask for it). */
const DEVELOPMENT_APP_PASSWORD = 'lotse-app-development';

/**
 * The apps' connection for an owner's connection `ownerUrl`: the same server and database as the
 * login role lotse_app, made here when the owner may create roles (locally the superuser
 * postgres). The migrations (run as the owner) grant it its rights: no UPDATE, DELETE or TRUNCATE
 * on the audit. Where no role can be made, the owner's URL (the apps then warn that the audit is
 * not protected; production refuses to start so).
 * @param {string} ownerUrl
 */
async function ensureAppRole(ownerUrl) {
  const password = process.env.DATABASE_APP_PASSWORD || DEVELOPMENT_APP_PASSWORD;
  const owner = await pgQuery(
    ownerUrl,
    `select current_user as me, rolsuper or rolcreaterole as may,
            exists (select from pg_roles where rolname = '${APP_ROLE}') as present
       from pg_roles where rolname = current_user`,
  );
  const { me, may, present } = owner.rows[0];
  if (me === APP_ROLE) return ownerUrl;
  if (!present && !may) {
    log(
      `the database role ${me} may not create roles: the apps connect as the owner, so the audit ` +
        `is not protected against changes (set DATABASE_OWNER_URL and DATABASE_URL, see README)`,
    );
    return ownerUrl;
  }
  if (!present) {
    const literal = password.replace(/'/g, "''");
    await pgQuery(ownerUrl, `create role ${APP_ROLE} login password '${literal}'`).catch((e) => {
      // another checkout made it at the same moment
      if (!/already exists/.test(String(e?.message))) throw e;
    });
    log(`created the database role ${APP_ROLE} for the apps`);
  }
  const app = new URL(ownerUrl);
  app.username = APP_ROLE;
  app.password = encodeURIComponent(password);
  return app.toString();
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

/**
 * A Java 17+: JAVA_HOME when it qualifies, else the `java` on the PATH (the machine's default),
 * else the newest JDK under /usr/lib/jvm.
 */
function findJava() {
  /** @type {Array<{ bin: string, home?: string }>} */
  const candidates = [];
  if (process.env.JAVA_HOME) {
    candidates.push({
      bin: path.join(process.env.JAVA_HOME, 'bin', 'java'),
      home: process.env.JAVA_HOME,
    });
  }
  const onPath = which('java');
  if (onPath) candidates.push({ bin: onPath });
  const jvm = '/usr/lib/jvm';
  if (fs.existsSync(jvm)) {
    const homes = fs
      .readdirSync(jvm)
      .map((d) => path.join(jvm, d))
      .filter(
        (h) => fs.existsSync(path.join(h, 'bin', 'java')) && !fs.lstatSync(h).isSymbolicLink(),
      );
    const ranked = homes
      .map((home) => ({ home, major: javaMajor(path.join(home, 'bin', 'java')) }))
      .sort((a, b) => b.major - a.major);
    for (const r of ranked)
      candidates.push({ bin: path.join(r.home, 'bin', 'java'), home: r.home });
  }
  for (const c of candidates) {
    const major = javaMajor(c.bin);
    if (major >= MIN_JAVA) return { ...c, major };
  }
  throw new StackError(
    `the engine (Operaton ${OPERATON_VERSION}) needs Java ${MIN_JAVA} or newer; none found ` +
      `(JAVA_HOME=${process.env.JAVA_HOME ?? ''}, PATH, /usr/lib/jvm). ` +
      `Install one, e.g. apt-get install openjdk-17-jdk-headless, or set JAVA_HOME.`,
  );
}

// ---------------------------------------------------------------- the engine app

/** @param {string} dir */
function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'target') continue;
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * Builds infra/engine into target/lotse-engine.jar with Maven (dependencies from Maven Central,
 * cached in ~/.m2) when the jar is missing or older than the sources.
 */
function buildEngine() {
  if (fs.existsSync(ENGINE_JAR) && fs.statSync(ENGINE_JAR).mtimeMs >= newestMtime(ENGINE_DIR)) {
    return ENGINE_JAR;
  }
  if (!which('mvn')) {
    throw new StackError('Maven (mvn) is needed to build the engine once: apt-get install maven');
  }
  const java = findJava();
  log(`building the engine (Operaton ${OPERATON_VERSION}) with Maven`);
  const r = spawnSync('mvn', ['-q', '-B', 'package', '-DskipTests'], {
    cwd: ENGINE_DIR,
    encoding: 'utf8',
    env: { ...process.env, ...(java.home ? { JAVA_HOME: java.home } : {}) },
  });
  if (r.status !== 0 || !fs.existsSync(ENGINE_JAR)) {
    throw new StackError(`could not build the engine: ${(r.stdout + r.stderr).slice(-3000)}`);
  }
  fs.utimesSync(ENGINE_JAR, new Date(), new Date());
  return ENGINE_JAR;
}

/** The operators' password for Cockpit, Tasklist and Admin: ENGINE_ADMIN_PASSWORD, else one made once per checkout. */
function adminPassword() {
  if (process.env.ENGINE_ADMIN_PASSWORD) return process.env.ENGINE_ADMIN_PASSWORD;
  const file = path.join(CACHE, 'engine', 'admin-password');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, crypto.randomBytes(12).toString('base64url'), { mode: 0o600 });
  }
  return fs.readFileSync(file, 'utf8').trim();
}

/** The engine's JDBC settings: Lotse's database, its own schema. @param {string} databaseUrl @param {string} schema */
function engineDatabase(databaseUrl, schema) {
  const u = new URL(databaseUrl);
  const db = decodeURIComponent(u.pathname.slice(1)) || 'postgres';
  return {
    url: `jdbc:postgresql://${u.hostname}:${u.port || 5432}/${db}?currentSchema=${schema}`,
    user: decodeURIComponent(u.username) || 'postgres',
    password: decodeURIComponent(u.password),
  };
}

/** Creates the engine's schema in Lotse's database. @param {string} databaseUrl @param {string} schema */
async function ensureEngineSchema(databaseUrl, schema) {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new StackError(`bad ENGINE_DB_SCHEMA "${schema}"`);
  await pgQuery(databaseUrl, `create schema if not exists "${schema}"`);
}

/** @param {ReturnType<typeof profile>} p */
async function engineHealthy(p) {
  try {
    const health = await fetch(`${p.url}/actuator/health`, { signal: AbortSignal.timeout(2000) });
    if (!health.ok || (await health.json()).status !== 'UP') return false;
    const auth = Buffer.from(`${p.serviceUser}:${p.servicePassword}`).toString('base64');
    const version = await fetch(`${p.restUrl}/version`, {
      headers: { authorization: `Basic ${auth}` },
      signal: AbortSignal.timeout(2000),
    });
    return version.ok;
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
 * Starts the engine of a profile unless a healthy one already answers on its port.
 * @param {string} profileName
 * @param {{ fresh?: boolean, attached?: boolean, timeoutMs?: number, databaseUrl?: string }} [opts]
 *   fresh: refuse an engine this checkout did not start; attached: the engine dies with this process.
 */
async function startEngine(profileName = 'dev', opts = {}) {
  const p = profile(profileName);
  const databaseUrl = opts.databaseUrl || process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  if (await engineHealthy(p)) {
    if (opts.fresh) {
      // A fresh engine was asked for and a stranger answers: tests must not run against
      // someone else's engine (its clock, its data).
      throw new StackError(
        `an engine not started by this checkout answers at ${p.url}; stop it ` +
          `(node infra/stack.js down ${profileName} in its checkout) or use another profile ` +
          `(LOTSE_TEST_PROFILE=test2)`,
      );
    }
    log(`engine already healthy at ${p.url}`);
    return { ...p, pid: readPid(p.pidFile), reused: true };
  }
  if ((await tcpOpen('127.0.0.1', p.port)) && !readPid(p.pidFile)) {
    throw new StackError(
      `port ${p.port} is taken by another process; free it or use another profile`,
    );
  }
  const jar = buildEngine();
  const java = findJava();
  await ensureEngineSchema(databaseUrl, p.schema);
  fs.mkdirSync(p.dir, { recursive: true });
  if (!readPid(p.pidFile)) {
    log(`starting the engine (Operaton ${OPERATON_VERSION}, ${profileName}) on Java ${java.major}`);
    const db = engineDatabase(databaseUrl, p.schema);
    const out = fs.openSync(p.logFile, 'a');
    const javaOpts = (
      process.env.ENGINE_JAVA_OPTS ||
      '-Xms256m -Xmx768m -XX:+UseParallelGC -XX:+ExitOnOutOfMemoryError'
    ).split(/\s+/);
    const child = spawn(java.bin, [...javaOpts, '-jar', jar], {
      cwd: p.dir,
      env: {
        ...process.env,
        ENGINE_BIND_ADDRESS: '127.0.0.1',
        ENGINE_PORT: String(p.port),
        ENGINE_DATABASE_URL: db.url,
        ENGINE_DATABASE_USER: db.user,
        ENGINE_DATABASE_PASSWORD: db.password,
        ENGINE_SERVICE_USER: p.serviceUser,
        ENGINE_SERVICE_PASSWORD: p.servicePassword,
        ENGINE_ADMIN_USER: process.env.ENGINE_ADMIN_USER || ENGINE_ADMIN_USER,
        ENGINE_ADMIN_PASSWORD: adminPassword(),
        ENGINE_TEST_CLOCK: String(p.testClock),
      },
      detached: !opts.attached,
      stdio: ['ignore', out, out],
    });
    fs.writeFileSync(p.pidFile, String(child.pid));
    if (!opts.attached) child.unref();
    let exited = false;
    child.once('exit', () => (exited = true));
    const ok = await waitFor(async () => {
      if (exited) throw new Error('exited');
      return engineHealthy(p);
    }, opts.timeoutMs ?? 180000);
    if (!ok) {
      const tail = fs.readFileSync(p.logFile, 'utf8').split('\n').slice(-40).join('\n');
      throw new StackError(
        `the engine did not become healthy at ${p.url} (${exited ? 'process exited' : 'timeout'}). ` +
          `Log ${p.logFile}:\n${tail}`,
      );
    }
    log(`engine healthy at ${p.url} (Cockpit ${p.cockpitUrl})`);
    return { ...p, pid: child.pid, reused: false, child };
  }
  if (!(await waitFor(() => engineHealthy(p), opts.timeoutMs ?? 180000))) {
    throw new StackError(`an engine of profile ${profileName} runs but does not become healthy`);
  }
  return { ...p, pid: readPid(p.pidFile), reused: true };
}

/**
 * Stops the engine this project started for the profile (SIGTERM, then SIGKILL).
 * @param {string} profileName
 * @param {{ kill?: boolean }} [opts]  kill: SIGKILL right away (simulates a crash)
 */
async function stopEngine(profileName = 'dev', opts = {}) {
  const p = profile(profileName);
  const pid = readPid(p.pidFile);
  if (!pid) return false;
  try {
    process.kill(pid, opts.kill ? 'SIGKILL' : 'SIGTERM');
  } catch {
    /* gone already */
  }
  const gone = await waitFor(
    async () => !readPid(p.pidFile) && !(await tcpOpen('127.0.0.1', p.port)),
    30000,
    200,
  );
  if (!gone) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* ignore */
    }
    await waitFor(async () => !(await tcpOpen('127.0.0.1', p.port)), 10000, 200);
  }
  fs.rmSync(p.pidFile, { force: true });
  return true;
}

/**
 * Everything Lotse needs, for one profile.
 * @param {string} profileName
 * @param {{ fresh?: boolean, attached?: boolean, databaseUrl?: string, appDatabaseUrl?: string, redisUrl?: string, recreateDatabase?: boolean }} [opts]
 *   databaseUrl: the owner's connection (default DATABASE_OWNER_URL, else DATABASE_URL);
 *   appDatabaseUrl: the apps' (default: DATABASE_URL when DATABASE_OWNER_URL is set too, else
 *   the role lotse_app made by ensureAppRole); recreateDatabase: an empty database (tests,
 *   benchmarks), the engine stopped first
 */
async function up(profileName = 'dev', opts = {}) {
  // The owner's connection: database, engine schema, migrations. The apps get their own role.
  const ownerUrl =
    opts.databaseUrl ||
    process.env.DATABASE_OWNER_URL ||
    process.env.DATABASE_URL ||
    DEFAULT_DATABASE_URL;
  const redisUrl = opts.redisUrl || process.env.REDIS_URL || DEFAULT_REDIS_URL;
  if (opts.fresh || opts.recreateDatabase) await stopEngine(profileName);
  await ensurePostgres(ownerUrl);
  if (opts.recreateDatabase) await recreateDatabase(ownerUrl);
  await ensureRedis(redisUrl);
  const databaseUrl =
    opts.appDatabaseUrl ||
    (!opts.databaseUrl && process.env.DATABASE_OWNER_URL && process.env.DATABASE_URL) ||
    (await ensureAppRole(ownerUrl));
  const engine = await startEngine(profileName, { ...opts, databaseUrl: ownerUrl });
  return { databaseUrl, databaseOwnerUrl: ownerUrl, redisUrl, engine };
}

module.exports = {
  OPERATON_VERSION,
  PROFILES,
  DEFAULT_DATABASE_URL,
  DEFAULT_REDIS_URL,
  StackError,
  profile,
  ensurePostgres,
  ensureAppRole,
  recreateDatabase,
  ensureRedis,
  findJava,
  buildEngine,
  adminPassword,
  startEngine,
  stopEngine,
  engineHealthy,
  up,
};

if (require.main === module) {
  const [cmd = 'up', prof = 'dev'] = process.argv.slice(2);
  (async () => {
    if (cmd === 'up') {
      const r = await up(prof);
      log(
        `PostgreSQL ${new URL(r.databaseUrl).host}, Redis ${new URL(r.redisUrl).host}, engine ${r.engine.url}`,
      );
    } else if (cmd === 'down') {
      log((await stopEngine(prof)) ? 'engine stopped' : 'no engine of ours was running');
    } else if (cmd === 'status') {
      const p = profile(prof);
      log(`engine (${prof}) ${(await engineHealthy(p)) ? 'healthy' : 'not healthy'} at ${p.url}`);
    } else {
      throw new StackError(`unknown command ${cmd}`);
    }
  })().catch((e) => {
    log(e instanceof StackError ? e.message : String(e?.stack ?? e));
    process.exit(1);
  });
}
