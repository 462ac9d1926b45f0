import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The checked-in OpenAPI description (apps/api/openapi.json) and the web's types generated from
 * it (apps/web/src/generated/api-schema.ts) must match the code. `npm run openapi -- --check`
 * rebuilds both in memory from the API's module graph (no database, Redis or engine) and
 * compares them with the files; it runs as a child process because openapi-typescript loads ES
 * modules, which Jest's CommonJS sandbox refuses.
 */
const root = join(__dirname, '../..');

describe('the generated API description and web types', () => {
  it('match the API’s controllers and DTOs (else: run npm run openapi)', () => {
    const run = spawnSync(process.execPath, ['scripts/openapi.js', '--check'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
    });
    if (run.status !== 0) {
      throw new Error(
        `The checked-in OpenAPI description or web types differ from the code.\n` +
          `${run.stderr || run.stdout}\nRun npm run openapi and check in the result.`,
      );
    }
    expect(run.stdout).toContain('Up to date');
  }, 130_000);

  it('is deterministic: no servers, keys in order', () => {
    const text = readFileSync(join(root, 'apps/api/openapi.json'), 'utf8');
    const doc = JSON.parse(text) as Record<string, unknown>;
    expect(doc.servers ?? []).toEqual([]);
    expect(`${JSON.stringify(doc, null, 2)}\n`).toBe(text);
    const sorted = (value: unknown): boolean =>
      Array.isArray(value)
        ? value.every(sorted)
        : value !== null && typeof value === 'object'
          ? Object.keys(value).join('\n') === Object.keys(value).sort().join('\n') &&
            Object.values(value).every(sorted)
          : true;
    expect(sorted(doc)).toBe(true);
  });
});
