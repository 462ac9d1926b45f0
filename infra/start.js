#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * `npm start`: the whole system on this machine.
 *   1. PostgreSQL, Redis and the Operaton engine (infra/stack.js, profile "dev")
 *   2. a development mail peer on 127.0.0.1:1025 (shows mails at :1080) unless SMTP_HOST points elsewhere
 *   3. build (when sources are newer than dist/), migrations, demo data, deployment of bpmn/
 *   4. the API (with the web UI) and the worker, until Ctrl-C
 */
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const stack = require('./stack');
const { startMailSink } = require('./mail-sink');

const ROOT = path.resolve(__dirname, '..');
const crypto = require('node:crypto');
const log = (/** @type {string} */ m) => process.stderr.write(`[lotse] ${m}\n`);

/** @param {string} dir */
function newestMtime(dir) {
  let newest = 0;
  if (!fs.existsSync(dir)) return newest;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

function buildIfStale() {
  const outputs = [
    'dist/apps/api/main.js',
    'dist/apps/worker/main.js',
    'apps/web/dist/index.html',
  ].map((f) => path.join(ROOT, f));
  const built = Math.min(...outputs.map((f) => (fs.existsSync(f) ? fs.statSync(f).mtimeMs : 0)));
  const sources = Math.max(...['apps', 'libs'].map((d) => newestMtime(path.join(ROOT, d))));
  if (built > sources && !process.env.LOTSE_REBUILD) return;
  log('building api, worker and web UI');
  const r = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('build failed');
}

/** @param {number} port */
function portOpen(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const s = net.connect({ port, host });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

/** SESSION_SECRET, else a random one made once per checkout (.cache/session-secret, git-ignored). */
function sessionSecret() {
  if (process.env.SESSION_SECRET) return process.env.SESSION_SECRET;
  const file = path.join(ROOT, '.cache', 'session-secret');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, crypto.randomBytes(48).toString('base64url'), { mode: 0o600 });
  }
  return fs.readFileSync(file, 'utf8').trim();
}

async function main() {
  const { databaseUrl, databaseOwnerUrl, redisUrl, engine } = await stack.up('dev', {
    attached: false,
  });
  const startedEngine = !engine.reused;

  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    ENGINE_URL: process.env.ENGINE_URL || engine.restUrl,
    ENGINE_USER: engine.serviceUser,
    ENGINE_PASSWORD: engine.servicePassword,
    ENGINE_DB_SCHEMA: engine.schema,
    SESSION_SECRET: sessionSecret(),
    BPMN_DIR: process.env.BPMN_DIR || path.join(ROOT, 'bpmn'),
    WEB_DIST: process.env.WEB_DIST || path.join(ROOT, 'apps/web/dist'),
  };

  let sink;
  const smtpHost = env.SMTP_HOST || '127.0.0.1';
  const smtpPort = Number(env.SMTP_PORT || 1025);
  if (['127.0.0.1', 'localhost'].includes(smtpHost) && !(await portOpen(smtpPort))) {
    sink = await startMailSink({ smtpPort, httpPort: Number(env.MAIL_SINK_HTTP_PORT || 1080) });
  }

  buildIfStale();
  // Migrations run as the owner; the API and the worker connect as the apps' role (DATABASE_URL).
  const setup = spawnSync('node', ['dist/apps/worker/main.js', 'migrate', 'seed', 'deploy'], {
    cwd: ROOT,
    env: { ...env, DATABASE_OWNER_URL: databaseOwnerUrl },
    stdio: 'inherit',
  });
  if (setup.status !== 0) throw new Error('migrations, seed or deployment failed (see above)');

  /** @type {import('node:child_process').ChildProcess[]} */
  const children = [];
  let stopping = false;
  const stop = async (/** @type {number} */ code) => {
    if (stopping) return;
    stopping = true;
    log('stopping');
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(
      children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))),
    );
    if (sink) await sink.close();
    if (startedEngine && !process.env.LOTSE_KEEP_ENGINE) await stack.stopEngine('dev');
    process.exit(code);
  };
  for (const [name, args] of /** @type {const} */ ([
    ['api', ['dist/apps/api/main.js']],
    ['worker', ['dist/apps/worker/main.js', 'run']],
  ])) {
    const child = spawn('node', args, { cwd: ROOT, env, stdio: 'inherit' });
    child.once('exit', (code) => {
      if (!stopping) {
        log(`${name} exited with ${code}; stopping everything`);
        void stop(code ?? 1);
      }
    });
    children.push(child);
  }
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  const port = Number(env.HTTP_PORT || 3000);
  const host = env.HTTP_HOST || '127.0.0.1';
  for (let i = 0; i < 60 && !(await portOpen(port, host)); i++)
    await new Promise((r) => setTimeout(r, 500));
  log('');
  log(`Lotse läuft:  http://${host}:${port}/  (Aufgabenliste; Demo-Konten siehe README)`);
  log(`API:          http://${host}:${port}/api/v1   OpenAPI: http://${host}:${port}/api/docs`);
  log(`Health:       http://${host}:${port}/health`);
  log(`Engine:       ${engine.restUrl} (Operaton REST, Konto ${engine.serviceUser})`);
  const adminPassword = process.env.ENGINE_ADMIN_PASSWORD
    ? 'aus ENGINE_ADMIN_PASSWORD'
    : 'in .cache/engine/admin-password';
  log(`Cockpit:      ${engine.cockpitUrl}  (Benutzer admin, Passwort ${adminPassword})`);
  if (sink)
    log(`Postausgang:  http://127.0.0.1:${sink.httpPort}/  (SMTP 127.0.0.1:${sink.smtpPort})`);
  log('Beenden mit Ctrl-C.');
}

main().catch((e) => {
  log(e instanceof stack.StackError ? e.message : String(e?.stack ?? e));
  process.exit(1);
});
