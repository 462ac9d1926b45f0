// @ts-check
'use strict';
/**
 * The built Lotse processes as real children (`node dist/apps/api/main.js`,
 * `node dist/apps/worker/main.js run`), so their peak RSS and CPU time can be read from /proc;
 * the engine's Java process is found by its pid file.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { sleep, waitUntil } = require('./util');

const ROOT = path.resolve(__dirname, '../..');

/** @param {number} pid */
function procStatus(pid) {
  try {
    const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (/** @type {string} */ key) => {
      const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text);
      return m ? Number(m[1]) : null;
    };
    return { vmHwmKb: kb('VmHWM'), vmRssKb: kb('VmRSS') };
  } catch {
    return { vmHwmKb: null, vmRssKb: null };
  }
}

/**
 * utime + stime of a process in clock ticks (children not included).
 * @param {number} pid
 */
function cpuTicks(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command may contain spaces: fields after the closing parenthesis
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]); // fields 14 and 15 of stat(5)
  } catch {
    return null;
  }
}

/**
 * @typedef {{ name: string, pid: number, child: import('node:child_process').ChildProcess,
 *   logFile: string, exited: boolean, output: string }} AppProcess
 */

/**
 * Starts a built app; resolves once `ready()` answers true (or rejects with its log tail).
 * @param {{ name: string, args: string[], env: NodeJS.ProcessEnv, logDir: string,
 *   ready: (p: AppProcess) => Promise<boolean>, timeoutMs?: number }} o
 * @returns {Promise<AppProcess>}
 */
async function startApp(o) {
  fs.mkdirSync(o.logDir, { recursive: true });
  const logFile = path.join(o.logDir, `${o.name}.log`);
  const out = fs.createWriteStream(logFile, { flags: 'a' });
  const child = spawn(process.execPath, o.args, {
    cwd: ROOT,
    env: o.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (!child.pid) throw new Error(`could not start ${o.name}`);
  /** @type {AppProcess} */
  const app = { name: o.name, pid: child.pid, child, logFile, exited: false, output: '' };
  const keep = (/** @type {Buffer} */ d) => {
    out.write(d);
    // the first few kB are enough to see a ready line or a start-up error
    if (app.output.length < 64_000) app.output += d.toString();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.once('exit', () => {
    app.exited = true;
    out.end();
  });
  try {
    await waitUntil(
      async () => {
        if (app.exited) throw new Error(`${o.name} exited during start-up`);
        return o.ready(app).catch(() => false);
      },
      { timeoutMs: o.timeoutMs ?? 60_000, intervalMs: 100, what: `${o.name} to be ready` },
    );
  } catch (e) {
    await stopApp(app);
    const tail = app.output.split('\n').slice(-30).join('\n');
    throw new Error(`${/** @type {Error} */ (e).message}\n--- ${logFile} ---\n${tail}`);
  }
  return app;
}

/**
 * SIGTERM (the apps drain their workers), SIGKILL after 20 s.
 * @param {AppProcess | undefined} app
 */
async function stopApp(app) {
  if (!app || app.exited) return;
  const gone = new Promise((r) => app.child.once('exit', r));
  app.child.kill('SIGTERM');
  const t = sleep(20_000).then(() => 'timeout');
  if ((await Promise.race([gone, t])) === 'timeout') {
    app.child.kill('SIGKILL');
    await gone;
  }
}

/**
 * The engine of the bench profile: the pid stack.js wrote is the Java process itself (no shell
 * in between), so its CPU time and VmHWM are the engine's.
 * @param {string} pidFile
 */
function enginePid(pidFile) {
  try {
    const pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

/**
 * The PostgreSQL server processes of this machine that work for the benchmark: the postmaster,
 * its auxiliary processes (WAL writer, checkpointer, autovacuum, …) and the backends connected
 * to one of `dbNames`. Backends of other databases (other checkouts' tests and engines on the
 * same server) are left out: their CPU shows as "other".
 * @param {string[]} [dbNames] all backends when not given
 */
function postgresPids(dbNames) {
  /** @type {number[]} */
  const pids = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (fs.readFileSync(`/proc/${d}/comm`, 'utf8').trim() !== 'postgres') continue;
      if (dbNames) {
        // a backend: "postgres: 15/main: <user> <database> <host>(<port>) <state>"
        const title = fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').replace(/\0/g, ' ');
        const backend = /^postgres: [^:]+: \S+ (\S+) (?:\S+\(\d+\)|\[local\])/.exec(title);
        if (backend && !dbNames.includes(backend[1])) continue;
      }
      pids.push(Number(d));
    } catch {
      /* gone */
    }
  }
  return pids;
}

module.exports = { ROOT, procStatus, cpuTicks, startApp, stopApp, enginePid, postgresPids };
