import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { client, Lotse, startLotse } from '../harness/lotse';

/** Object keys sorted recursively, as `npm run openapi` writes them. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return Object.fromEntries(
      entries.sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, sortKeys(v)]),
    );
  }
  return value;
}

/**
 * The checked-in description (built from the module graph alone, without database or engine)
 * is the one the running API serves at /api/docs/openapi.json: the web's generated types
 * describe the real server.
 */
describe('The checked-in OpenAPI description', () => {
  let lotse: Lotse;

  beforeAll(async () => {
    lotse = await startLotse({ worker: false });
  });
  afterAll(() => lotse?.close());

  it('is the description the running API serves', async () => {
    const res = await client(lotse.baseUrl).get('/api/docs/openapi.json');
    expect(res.status).toBe(200);
    const checkedIn = JSON.parse(
      readFileSync(join(__dirname, '../../apps/api/openapi.json'), 'utf8'),
    ) as Record<string, unknown>;
    const served = sortKeys(res.body) as Record<string, unknown>;
    expect(Object.keys(served.paths as object)).toEqual(Object.keys(checkedIn.paths as object));
    expect(served).toEqual(checkedIn);
  });
});
