// @ts-check
'use strict';
const Sequencer = require('@jest/test-sequencer').default;

/**
 * End-to-end files run one after another against one engine. Files that move the engine's
 * clock (`*.clock.e2e-spec.ts`) or crash the engine (`*.crash.e2e-spec.ts`) run last, so that
 * they do not shift due dates or connections under the other files; otherwise by name.
 */
class E2eSequencer extends Sequencer {
  /** @param {import('@jest/test-result').Test[]} tests */
  sort(tests) {
    const rank = (/** @type {string} */ p) =>
      /\.crash\.e2e-spec/.test(p) ? 1 : /\.clock\.e2e-spec/.test(p) ? 2 : 0;
    return [...tests].sort((a, b) => rank(a.path) - rank(b.path) || a.path.localeCompare(b.path));
  }
}

module.exports = E2eSequencer;
