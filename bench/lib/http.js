// @ts-check
'use strict';
/**
 * A lean JSON client over node:http with keep-alive: the load generator shares the machine
 * with everything it measures, so it should cost as little CPU as possible.
 */
const http = require('node:http');
const { performance } = require('node:perf_hooks');

/**
 * @typedef {{ status: number, body: any, ms: number, sentAt: number }} Reply
 * @typedef {{ get: (path: string) => Promise<Reply>,
 *   post: (path: string, body?: unknown, headers?: Record<string,string>) => Promise<Reply>,
 *   del: (path: string) => Promise<Reply>,
 *   close: () => void }} JsonClient
 */

/**
 * @param {string} baseUrl  may end in a path (e.g. `/engine-rest`): request paths are appended
 * @param {{ token?: string, authorization?: string, maxSockets?: number }} [opts]
 *   token: a bearer token; authorization: the whole Authorization header (e.g. HTTP Basic)
 * @returns {JsonClient}
 */
function jsonClient(baseUrl, opts = {}) {
  const base = new URL(baseUrl);
  const prefix = base.pathname.replace(/\/$/, '');
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.maxSockets ?? 64 });
  /**
   * @param {string} method
   * @param {string} path
   * @param {unknown} [body]
   * @param {Record<string,string>} [headers]
   * @returns {Promise<Reply>}
   */
  const call = (method, path, body, headers = {}) =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const sentAt = Date.now();
      const started = performance.now();
      const req = http.request(
        {
          agent,
          host: base.hostname,
          port: base.port,
          method,
          path: `${prefix}${path}`,
          headers: {
            accept: 'application/json',
            ...(payload
              ? { 'content-type': 'application/json', 'content-length': String(payload.length) }
              : {}),
            ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
            ...(opts.authorization ? { authorization: opts.authorization } : {}),
            ...headers,
          },
        },
        (res) => {
          /** @type {Buffer[]} */
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              parsed = text;
            }
            resolve({
              status: res.statusCode ?? 0,
              body: parsed,
              ms: performance.now() - started,
              sentAt,
            });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.setTimeout(120_000, () =>
        req.destroy(new Error(`${method} ${path}: no answer in 120 s`)),
      );
      if (payload) req.write(payload);
      req.end();
    });
  return {
    get: (path) => call('GET', path),
    post: (path, body, headers) => call('POST', path, body, headers),
    del: (path) => call('DELETE', path),
    close: () => agent.destroy(),
  };
}

/**
 * Signs in a demo user (password `lotse-demo`) and returns a client that sends its bearer token.
 * @param {string} baseUrl
 * @param {string} username
 * @param {{ maxSockets?: number }} [opts]
 */
async function signIn(baseUrl, username, opts = {}) {
  const anon = jsonClient(baseUrl, { maxSockets: 1 });
  const res = await anon.post('/api/v1/auth/login', {
    username,
    password: 'lotse-demo',
    tokenType: 'bearer',
  });
  anon.close();
  if (res.status !== 200 || !res.body?.token) {
    throw new Error(`sign-in of ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return jsonClient(baseUrl, { token: res.body.token, maxSockets: opts.maxSockets });
}

module.exports = { jsonClient, signIn };
