#!/usr/bin/env node
// @ts-check
/**
 * `npm run openapi`: writes the API's OpenAPI description to apps/api/openapi.json and the web's
 * types generated from it (openapi-typescript) to apps/web/src/generated/api-schema.ts.
 * `npm run openapi -- --check` only compares and exits 1 when a checked-in file is stale.
 * Runs the TypeScript sources directly (compiled on the fly with SWC, as Jest does), so no build,
 * database, Redis or engine is needed.
 */
const { readFileSync, writeFileSync, existsSync } = require('node:fs');
const Module = require('node:module');
const { join, resolve } = require('node:path');
const { transformSync } = require('@swc/core');

const root = resolve(__dirname, '..');

// @lotse/<lib> → libs/<lib>/src (as in tsconfig paths and Jest's moduleNameMapper).
const resolveFilename = /** @type {any} */ (Module)._resolveFilename;
/** @type {any} */ (Module)._resolveFilename = function (request, ...rest) {
  const lib = /^@lotse\/([^/]+)$/.exec(request);
  if (lib) request = join(root, 'libs', lib[1], 'src');
  return resolveFilename.call(this, request, ...rest);
};
/** @type {any} */ (Module)._extensions['.ts'] = (/** @type {any} */ module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};

async function main() {
  const check = process.argv.includes('--check');
  const openapi = require(join(root, 'apps/api/src/openapi.ts'));
  const json = await openapi.renderOpenApiJson();
  const schema = await openapi.renderWebSchema(json);
  const stale = [];
  for (const [file, text] of [
    [openapi.OPENAPI_FILE, json],
    [openapi.WEB_SCHEMA_FILE, schema],
  ]) {
    const path = join(root, file);
    const current = existsSync(path) ? readFileSync(path, 'utf8') : '';
    if (current === text) continue;
    stale.push(file);
    if (!check) writeFileSync(path, text);
  }
  if (check && stale.length) {
    process.stderr.write(`Out of date: ${stale.join(', ')}. Run npm run openapi.\n`);
    process.exit(1);
  }
  process.stdout.write(stale.length ? `Wrote ${stale.join(', ')}\n` : 'Up to date\n');
  process.exit(0);
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
