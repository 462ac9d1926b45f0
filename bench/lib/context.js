// @ts-check
'use strict';
/**
 * What every scenario gets: the options, the app database, the engine, the mail sink, and
 * helpers to (re)start the built api and worker, sign in, talk to the engine's REST API and open
 * a measurement window. Apps are restarted per scenario so their VmHWM is that scenario's peak;
 * the engine runs through the whole benchmark, so its VmHWM is the peak so far.
 */
const path = require('node:path');
const { Pool } = require('pg');
const { jsonClient, signIn } = require('./http');
const { EngineRest } = require('./engine');
const { ROOT, procStatus, startApp, stopApp, enginePid } = require('./procs');
const { beginWindow } = require('./resources');
const { log } = require('./util');

/**
 * @typedef {import('./procs').AppProcess} AppProcess
 * @typedef {{ opts: Record<string, any>, appEnv: NodeJS.ProcessEnv, databaseUrl: string,
 *   redisUrl: string, queuePrefix: string, engine: ReturnType<typeof import('../../infra/stack').profile>,
 *   sink: Awaited<ReturnType<typeof import('../../infra/mail-sink').startMailSink>>,
 *   logDir: string }} ContextInit
 */

class BenchContext {
  /** @param {ContextInit} init */
  constructor(init) {
    Object.assign(this, init);
    this.opts = init.opts;
    this.appEnv = init.appEnv;
    this.databaseUrl = init.databaseUrl;
    this.redisUrl = init.redisUrl;
    this.queuePrefix = init.queuePrefix;
    this.engine = init.engine;
    this.sink = init.sink;
    this.logDir = init.logDir;
    this.db = new Pool({
      connectionString: init.databaseUrl,
      max: 4,
      application_name: 'lotse-bench',
    });
    /** @type {{ api?: AppProcess, worker?: AppProcess }} */
    this.running = {};
    /** @type {string} */
    this.apiUrl = '';
    /** @type {string} */
    this.apiDatabaseUrl = init.databaseUrl;
    /** The harness's REST client of the engine (service account, HTTP Basic). */
    this.rest = new EngineRest({
      restUrl: init.engine.restUrl,
      user: init.engine.serviceUser,
      password: init.engine.servicePassword,
    });
  }

  /**
   * Stops whatever runs and starts the wanted apps with fresh processes.
   * @param {{ api?: boolean, worker?: boolean, env?: NodeJS.ProcessEnv }} want
   */
  async apps(want) {
    await this.stopApps();
    const env = { ...this.appEnv, ...(want.env ?? {}) };
    if (want.worker) {
      // the registry's "workers started" is an info line; with a quieter LOG_LEVEL, give the
      // worker a fixed time instead
      const quiet = !['debug', 'info'].includes(String(env.LOG_LEVEL));
      const since = Date.now();
      this.running.worker = await startApp({
        name: 'worker',
        args: [...this.nodeArgs(), path.join(ROOT, 'dist/apps/worker/main.js'), 'run'],
        env,
        logDir: this.logDir,
        // ExternalTaskRegistry logs once its fetch loop runs (LOG_LEVEL info or lower)
        ready: async (p) =>
          /external task workers started/.test(p.output) || (quiet && Date.now() - since > 8000),
      });
    }
    if (want.api) {
      const url = `http://127.0.0.1:${env.HTTP_PORT}`;
      const probe = jsonClient(url, { maxSockets: 1 });
      try {
        this.running.api = await startApp({
          name: 'api',
          args: [...this.nodeArgs(), path.join(ROOT, 'dist/apps/api/main.js')],
          env,
          logDir: this.logDir,
          ready: async () => (await probe.get('/health')).status === 200,
        });
      } finally {
        probe.close();
      }
      this.apiUrl = url;
      this.apiDatabaseUrl = String(env.DATABASE_URL);
    }
  }

  /** Node flags of the apps: the CPU profiler preload with --cpu-prof. */
  nodeArgs() {
    return this.opts['cpu-prof'] ? ['-r', path.join(__dirname, 'cpu-profile.js')] : [];
  }

  /** The engine's Java process, or null when it is not running. */
  enginePid() {
    return enginePid(this.engine.pidFile);
  }

  /**
   * Peak RSS (VmHWM) of the running apps in MB (null for an app not running), and of the engine:
   * its peak since it started (it is not restarted per scenario) and its RSS now.
   */
  peakRss() {
    const mb = (/** @type {AppProcess|undefined} */ a) => {
      if (!a || a.exited) return null;
      const kb = procStatus(a.pid).vmHwmKb;
      return kb === null ? null : kb / 1024;
    };
    const pid = this.enginePid();
    const engine = pid ? procStatus(pid) : { vmHwmKb: null, vmRssKb: null };
    return {
      apiMb: mb(this.running.api),
      workerMb: mb(this.running.worker),
      engineMb: engine.vmHwmKb === null ? null : engine.vmHwmKb / 1024,
      engineNowMb: engine.vmRssKb === null ? null : engine.vmRssKb / 1024,
    };
  }

  async stopApps() {
    await Promise.all([stopApp(this.running.api), stopApp(this.running.worker)]);
    this.running = {};
  }

  /**
   * @param {string} username
   * @param {number} [maxSockets]
   */
  signIn(username, maxSockets = 64) {
    return signIn(this.apiUrl, username, { maxSockets });
  }

  /**
   * Opens a resource window over the running apps, the engine and PostgreSQL.
   * @param {{ pg?: import('pg').Pool, dbName?: string }} [o]
   */
  window(o = {}) {
    const mainDb = decodeURIComponent(new URL(this.databaseUrl).pathname.slice(1));
    const dbName = o.dbName ?? mainDb;
    return beginWindow({
      pids: {
        api: this.running.api?.pid,
        worker: this.running.worker?.pid,
        engine: this.enginePid(),
      },
      pg: o.pg ?? this.db,
      engine: this.rest,
      dbName,
      // the app database holds the engine's tables too: its backends count in every window
      dbNames: [...new Set([dbName, mainDb])],
    });
  }

  async close() {
    await this.stopApps();
    this.rest.close();
    await this.db.end().catch(() => undefined);
  }
}

module.exports = { BenchContext, log };
