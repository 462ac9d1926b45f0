// @ts-check
'use strict';
/**
 * The harness's own client of the engine's REST API (Operaton, `/engine-rest`), with HTTP
 * Basic of Lotse's service account. Hot paths (messages, instance starts, fetchAndLock,
 * completions, task queries) go through the lean keep-alive client of ./http; deployments
 * (multipart) through fetch.
 */
/* global FormData, Blob */
const fs = require('node:fs');
const path = require('node:path');
const { jsonClient } = require('./http');

/** The engine metrics a measurement window records (`GET /metrics/{name}/sum`). */
const METRICS = [
  'root-process-instance-start',
  'activity-instance-start',
  'job-acquisition-attempt',
  'job-acquired-success',
  'job-successful',
  'job-failed',
];

class EngineError extends Error {
  /**
   * @param {string} what
   * @param {number} status
   * @param {unknown} body
   */
  constructor(what, status, body) {
    const b = /** @type {any} */ (body);
    super(`${what} answered ${status}: ${b?.message ?? JSON.stringify(body)}`.slice(0, 1000));
    this.status = status;
    this.type = b?.type;
  }
}

/** @typedef {{ value: unknown, type: string }} TypedValue */

/**
 * Plain values as the engine's typed variables (what Lotse's toEngineVariables does).
 * @param {Record<string, string | number | boolean | null | Date>} values
 * @returns {Record<string, TypedValue>}
 */
function variables(values) {
  /** @type {Record<string, TypedValue>} */
  const out = {};
  for (const [k, v] of Object.entries(values)) {
    if (v === null) out[k] = { value: null, type: 'Null' };
    else if (v instanceof Date) out[k] = { value: engineDate(v), type: 'Date' };
    else if (typeof v === 'string') out[k] = { value: v, type: 'String' };
    else if (typeof v === 'boolean') out[k] = { value: v, type: 'Boolean' };
    else out[k] = { value: v, type: Number.isInteger(v) ? 'Long' : 'Double' };
  }
  return out;
}

/**
 * The REST API's date format (`yyyy-MM-dd'T'HH:mm:ss.SSSZ`).
 * @param {Date} d
 */
function engineDate(d) {
  return d.toISOString().replace('Z', '+0000');
}

class EngineRest {
  /**
   * @param {{ restUrl: string, user: string, password: string }} o
   */
  constructor(o) {
    this.restUrl = o.restUrl;
    this.authorization = `Basic ${Buffer.from(`${o.user}:${o.password}`).toString('base64')}`;
    /** requests of the harness (publishers, pollers); long polls get a client of their own */
    this.http = jsonClient(o.restUrl, { authorization: this.authorization, maxSockets: 64 });
  }

  /**
   * A client with its own sockets (a long poll must not wait behind other requests).
   * @param {number} maxSockets
   */
  client(maxSockets) {
    return jsonClient(this.restUrl, { authorization: this.authorization, maxSockets });
  }

  /**
   * @param {string} p
   * @returns {Promise<any>}
   */
  async get(p) {
    const r = await this.http.get(p);
    if (r.status >= 300) throw new EngineError(`GET ${p}`, r.status, r.body);
    return r.body;
  }

  /**
   * @param {string} p
   * @param {unknown} [body]
   * @param {import('./http').JsonClient} [via]
   * @returns {Promise<any>}
   */
  async post(p, body = {}, via = this.http) {
    const r = await via.post(p, body);
    if (r.status >= 300) throw new EngineError(`POST ${p}`, r.status, r.body);
    return r.body;
  }

  /**
   * @param {string} p
   * @returns {Promise<any>}
   */
  async del(p) {
    const r = await this.http.del(p);
    if (r.status >= 300) throw new EngineError(`DELETE ${p}`, r.status, r.body);
    return r.body;
  }

  /** @returns {Promise<string>} */
  async version() {
    return (await this.get('/version')).version;
  }

  /**
   * Deploys files (deploy-changed-only, like Lotse's DeploymentService); returns the latest
   * definition of each process key with its XML.
   * @param {string} name
   * @param {string[]} files
   * @param {string[]} processKeys
   */
  async deploy(name, files, processKeys) {
    const form = new FormData();
    form.set('deployment-name', name);
    form.set('deployment-source', 'lotse-bench');
    form.set('deploy-changed-only', 'true');
    form.set('enable-duplicate-filtering', 'true');
    for (const f of files) {
      form.set(path.basename(f), new Blob([fs.readFileSync(f, 'utf8')]), path.basename(f));
    }
    const res = await fetch(`${this.restUrl}/deployment/create`, {
      method: 'POST',
      headers: { authorization: this.authorization, accept: 'application/json' },
      body: form,
      signal: AbortSignal.timeout(60_000),
    });
    if (!res.ok) throw new EngineError('POST /deployment/create', res.status, await res.text());
    return Promise.all(
      processKeys.map(async (key) => {
        const d = await this.get(`/process-definition/key/${encodeURIComponent(key)}`);
        const { bpmn20Xml } = await this.get(`/process-definition/${encodeURIComponent(d.id)}/xml`);
        return { id: String(d.id), key: String(d.key), version: Number(d.version), xml: bpmn20Xml };
      }),
    );
  }

  /**
   * The engine's metric counters (sum since the engine started; the unreported part included).
   * @returns {Promise<Map<string, number>>}
   */
  async metrics() {
    /** @type {Map<string, number>} */
    const m = new Map();
    await Promise.all(
      METRICS.map(async (name) => {
        try {
          m.set(name, Number((await this.get(`/metrics/${name}/sum`)).result));
        } catch {
          /* metrics are a nice-to-have */
        }
      }),
    );
    return m;
  }

  close() {
    this.http.close();
  }
}

module.exports = { EngineRest, EngineError, variables, engineDate, METRICS };
