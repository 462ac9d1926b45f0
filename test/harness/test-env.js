// @ts-check
'use strict';
/** The environment of a test run: its own database (with the engine's schema), Redis db and queue prefix, and the test engine. */
const path = require('node:path');
const { profile } = require('../../infra/stack');

const ROOT = path.resolve(__dirname, '../..');
/** `test` by default; `test2` lets a second run use other ports, database and Redis db. */
const PROFILE = process.env.LOTSE_TEST_PROFILE || 'test';
const engine = profile(PROFILE);
const suffix = PROFILE === 'test' ? '' : `_${PROFILE}`;

const TEST_ENV = {
  NODE_ENV: 'test',
  LOG_LEVEL: process.env.TEST_LOG_LEVEL || 'warn',
  // The apps connect as lotse_app (insert-only on the audit; made by global-setup), the
  // migrations run as the owner.
  DATABASE_URL:
    process.env.TEST_DATABASE_APP_URL ||
    `postgres://lotse_app:lotse-app-development@127.0.0.1:5432/lotse_test${suffix}`,
  DATABASE_OWNER_URL:
    process.env.TEST_DATABASE_URL || `postgres://postgres@127.0.0.1:5432/lotse_test${suffix}`,
  REDIS_URL:
    process.env.TEST_REDIS_URL ||
    `redis://127.0.0.1:6379/${{ test: 3, test2: 4, test3: 5, test4: 7, test5: 8, test6: 9 }[PROFILE] ?? 6}`,
  QUEUE_PREFIX: `lotse-${PROFILE}`,
  ENGINE_URL: engine.restUrl,
  ENGINE_USER: engine.serviceUser,
  ENGINE_PASSWORD: engine.servicePassword,
  ENGINE_DB_SCHEMA: engine.schema,
  // Fetches wait at most this long, so that closing a worker in a test is quick.
  WORKER_LONG_POLL_MS: '5000',
  BPMN_DIR: path.join(ROOT, 'bpmn'),
  PUBLIC_URL: 'http://lotse.test',
  OUTBOX_POLL_MS: '500',
  OUTBOX_MAX_BACKOFF_MS: '1000',
  // mails still queued are looked at again after 2 s instead of 30 s
  MAIL_SWEEP_INTERVAL_MS: '2000',
  HTTP_PORT: '0',
  // the apps' internal metrics ports: any free one (read from MetricsServer), never 9464/9465
  METRICS_PORT: '0',
  SESSION_SECRET: 'lotse-test-session-secret-0123456789',
  // The suite fuzzes every route from one address; security-http lowers these to see a 429.
  RATE_LIMIT_PER_MINUTE: '1000000',
  RATE_LIMIT_PER_ACCOUNT_PER_MINUTE: '1000000',
};

module.exports = { TEST_ENV, ROOT, engine, PROFILE };
