// @ts-check
'use strict';
/**
 * Once per `npm test`: the real stack for the end-to-end tests. A fresh test database (Lotse's
 * tables and the engine's schema), the Operaton engine started on it once for the whole run
 * (test profile: its own port, a movable clock), an empty Redis db and a real SMTP peer. When
 * something cannot come up, the run fails here with the reason.
 */
const { up, StackError } = require('../../infra/stack');
const { startMailSink } = require('../../infra/mail-sink');
const { TEST_ENV, PROFILE } = require('./test-env');

module.exports = async function globalSetup() {
  const started = Date.now();
  try {
    const { databaseUrl } = await up(PROFILE, {
      fresh: true,
      recreateDatabase: true,
      databaseUrl: TEST_ENV.DATABASE_OWNER_URL,
      redisUrl: TEST_ENV.REDIS_URL,
    });
    // The suite proves the audit is insert-only for the apps: they must not run as the owner.
    const appUser = new URL(TEST_ENV.DATABASE_URL).username;
    if (!process.env.TEST_DATABASE_APP_URL && new URL(databaseUrl).username !== appUser) {
      throw new Error(`the apps' database role ${appUser} could not be made`);
    }
    await flushRedis(TEST_ENV.REDIS_URL);
  } catch (e) {
    const reason = e instanceof StackError ? e.message : String(e);
    throw new Error(`The end-to-end tests need the real stack, which did not come up:\n${reason}`);
  }
  const sink = await startMailSink();
  process.env.SMTP_HOST = '127.0.0.1';
  process.env.SMTP_PORT = String(sink.smtpPort);
  process.env.MAIL_SINK_URL = `http://127.0.0.1:${sink.httpPort}`;
  /** @type {any} */ (globalThis).__LOTSE_MAIL_SINK__ = sink;
  process.stderr.write(`\n[e2e] stack up in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
};

/** @param {string} url */
async function flushRedis(url) {
  const Redis = require('ioredis');
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  await redis.flushdb();
  redis.disconnect();
}
