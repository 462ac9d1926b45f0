import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { completeLockfile, platformOf } = require('../../infra/complete-lockfile');

describe('package-lock.json', () => {
  it('lists the platform builds of every optional dependency, so that `npm ci` accepts it', () => {
    const lock = JSON.parse(readFileSync(join(__dirname, '../../package-lock.json'), 'utf8'));
    expect(completeLockfile(lock)).toEqual([]);
  });

  it('reads the platform from a package name', () => {
    expect(platformOf('@swc/core-linux-x64-gnu')).toEqual({
      os: ['linux'],
      cpu: ['x64'],
      libc: ['glibc'],
    });
    expect(platformOf('@esbuild/darwin-arm64')).toEqual({ os: ['darwin'], cpu: ['arm64'] });
    expect(platformOf('fsevents')).toEqual({});
  });
});
