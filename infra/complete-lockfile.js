#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * The package registry of this machine serves only the packages of its own platform. When npm
 * writes package-lock.json here, the platform builds other machines need (e.g.
 * `@swc/core-darwin-arm64`) are missing from it, and `npm ci` refuses the lock file as out of
 * sync. This adds the missing optional platform packages with their os/cpu, so that `npm ci`
 * accepts the lock file and every platform skips what is not its own.
 *
 *   node infra/complete-lockfile.js   (after `npm install` changed the lock file)
 */
const fs = require('node:fs');
const path = require('node:path');

const OS = [
  'darwin',
  'linux',
  'win32',
  'freebsd',
  'android',
  'openbsd',
  'netbsd',
  'sunos',
  'aix',
  'openharmony',
];
const CPU = [
  'x64',
  'arm64',
  'arm',
  'ia32',
  'ppc64',
  's390x',
  'riscv64',
  'loong64',
  'mips64el',
  'wasm32',
];

/** @param {string} name */
function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  /** @type {{ os?: string[], cpu?: string[], libc?: string[] }} */
  const p = {};
  const os = parts.find((x) => OS.includes(x));
  if (os) p.os = [os];
  if (parts.includes('universal')) p.cpu = ['x64', 'arm64'];
  const cpu = parts.find((x) => CPU.includes(x));
  if (cpu && !p.cpu) p.cpu = [cpu];
  if (parts.includes('gnu') || parts.includes('gnueabihf')) p.libc = ['glibc'];
  if (parts.includes('musl') || parts.includes('musleabihf')) p.libc = ['musl'];
  return p;
}

/**
 * Adds the missing platform packages to a parsed lock file; returns their lock paths.
 * @param {{ packages: Record<string, any> }} lock
 */
function completeLockfile(lock) {
  const packages = lock.packages;
  /** @type {string[]} */
  const added = [];
  for (const [where, pkg] of Object.entries(packages)) {
    for (const [name, range] of Object.entries(pkg.optionalDependencies ?? {})) {
      // Resolution as npm does it: nested first, then up the tree.
      const candidates = [`${where ? `${where}/` : ''}node_modules/${name}`];
      let dir = where;
      while (dir) {
        dir = dir.includes('/node_modules/') ? dir.slice(0, dir.lastIndexOf('/node_modules/')) : '';
        candidates.push(`${dir ? `${dir}/` : ''}node_modules/${name}`);
      }
      if (candidates.some((c) => packages[c])) continue;
      const platform = platformOf(name);
      if (!platform.os && !platform.cpu) continue; // not a platform build: leave it to npm
      const version = String(range).replace(/^[\^~=]/, '');
      if (!/^\d+\.\d+\.\d+/.test(version)) continue;
      packages[`node_modules/${name}`] = { version, optional: true, ...platform };
      added.push(`node_modules/${name}`);
    }
  }
  lock.packages = Object.fromEntries(
    Object.entries(packages).sort(([a], [b]) =>
      a === '' ? -1 : b === '' ? 1 : a.localeCompare(b),
    ),
  );
  return added;
}

module.exports = { completeLockfile, platformOf };

if (require.main === module) {
  const file = path.join(__dirname, '..', 'package-lock.json');
  const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
  const added = completeLockfile(lock);
  fs.writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
  process.stderr.write(`[lockfile] added ${added.length} platform package(s)\n`);
}
