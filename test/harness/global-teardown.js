// @ts-check
'use strict';
const { stopEngine } = require('../../infra/stack');
const { PROFILE } = require('./test-env');

module.exports = async function globalTeardown() {
  const sink = /** @type {any} */ (globalThis).__LOTSE_MAIL_SINK__;
  if (sink) await sink.close();
  if (!process.env.KEEP_TEST_ENGINE) await stopEngine(PROFILE);
};
