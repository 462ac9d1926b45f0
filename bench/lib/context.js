// @ts-check
'use strict';
/**
 * What every scenario gets: the options, the app database, the broker, the mail sink, and
 * helpers to (re)start the built api and worker, sign in, talk to Zeebe and open a
 * measurement window. Apps are restarted per scenario so their VmHWM is that scenario's peak.
 */
const path = require('node:path');
const { Pool } = require('pg');
const { jsonClient, signIn } = require('./http');
const { ROOT, procStatus, startApp, stopApp, brokerPid } = require('./procs');
const { beginWindow } = require('./resources');
const { log } = require('./util');

/**
 * @typedef {import('./procs').AppProcess} AppProcess
 * @typedef {{ opts: Record<string, any>, appEnv: NodeJS.ProcessEnv, databaseUrl: string,
 *   redisUrl: string, queuePrefix: string, broker: ReturnType<typeof import('../../infra/stack').profile>,
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
    this.broker = init.broker;
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
    /** @type {any} */
    this.zbc = undefined;
    /** @type {any} */
    this.camunda = undefined;
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
        // the registry logs once every job type has its Zeebe worker (LOG_LEVEL info or lower)
        ready: async (p) =>
          /workers started/.test(p.output) || (quiet && Date.now() - since > 8000),
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

  /** Peak RSS (VmHWM) of the running apps in MB; null for an app not running. */
  peakRss() {
    const mb = (/** @type {AppProcess|undefined} */ a) => {
      if (!a || a.exited) return null;
      const kb = procStatus(a.pid).vmHwmKb;
      return kb === null ? null : kb / 1024;
    };
    return { apiMb: mb(this.running.api), workerMb: mb(this.running.worker) };
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

  /** A gRPC client of the bench broker (the harness's own; closed at the end). */
  zeebe() {
    if (!this.zbc) {
      const { Camunda8 } = require('@camunda8/sdk');
      this.camunda = new Camunda8({
        ZEEBE_GRPC_ADDRESS: this.broker.gatewayAddress,
        ZEEBE_ADDRESS: this.broker.gatewayAddress,
        CAMUNDA_AUTH_STRATEGY: 'NONE',
        CAMUNDA_SECURE_CONNECTION: false,
        zeebeGrpcSettings: { ZEEBE_CLIENT_LOG_LEVEL: 'NONE' },
      });
      this.zbc = this.camunda.getZeebeGrpcApiClient();
    }
    return this.zbc;
  }

  /**
   * Opens a resource window over the running apps, the broker and PostgreSQL.
   * @param {{ pg?: import('pg').Pool, dbName?: string }} [o]
   */
  window(o = {}) {
    return beginWindow({
      pids: {
        api: this.running.api?.pid,
        worker: this.running.worker?.pid,
        broker: brokerPid(this.broker.pidFile),
      },
      pg: o.pg ?? this.db,
      brokerManagementUrl: this.broker.managementUrl,
      dbName: o.dbName ?? decodeURIComponent(new URL(this.databaseUrl).pathname.slice(1)),
    });
  }

  async close() {
    await this.stopApps();
    if (this.zbc) await this.zbc.close().catch(() => undefined);
    await this.db.end().catch(() => undefined);
  }
}

module.exports = { BenchContext, log };
