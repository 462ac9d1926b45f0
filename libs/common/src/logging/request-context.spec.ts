import {
  acceptRequestId,
  currentRequestId,
  runWithRequestId,
  saneRequestId,
} from './request-context';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('acceptRequestId', () => {
  it.each([
    ['a UUID', '0b7c7a52-3f0e-4d55-9a40-3f0e4d559a40'],
    ['a load balancer token', 'Root=1-67891233-abcdef012345678912345678'],
    ['dots, underscores and colons', 'lb_1.trace:42'],
    ['eight characters', 'abcdefgh'],
    ['128 characters', 'a'.repeat(128)],
  ])('takes over %s', (_what, id) => {
    const value = id.replace('=', '-');
    expect(acceptRequestId(value)).toBe(value);
  });

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['a short one', 'abc1234'],
    ['a long one', 'a'.repeat(129)],
    ['spaces', 'ein Name mit Leerzeichen'],
    ['a forged log line', '{"level":"error"}'],
    ['a line break', 'abcdefgh\nlevel=error'],
    ['non-ASCII letters', 'Müller-Lüdenscheidt'],
  ])('replaces %s with a new UUID', (_what, header) => {
    const id = acceptRequestId(header);
    expect(id).toMatch(UUID);
    expect(id).not.toBe(header);
  });

  it('takes the first of repeated headers', () => {
    expect(acceptRequestId(['first-id-1', 'second-id-2'])).toBe('first-id-1');
  });

  it('gives a different id each time it generates one', () => {
    expect(acceptRequestId(undefined)).not.toBe(acceptRequestId(undefined));
  });
});

describe('runWithRequestId', () => {
  it('makes the id current for the work it runs, also after an await', async () => {
    expect(currentRequestId()).toBeUndefined();
    const seen = await runWithRequestId('request-1', async () => {
      await new Promise((r) => setTimeout(r, 1));
      return currentRequestId();
    });
    expect(seen).toBe('request-1');
    expect(currentRequestId()).toBeUndefined();
  });

  it('runs without an id when there is none', () => {
    expect(runWithRequestId(null, () => currentRequestId())).toBeUndefined();
  });
});

describe('saneRequestId', () => {
  it('keeps a sane id and drops anything else (e.g. a variable set in the engine by hand)', () => {
    expect(saneRequestId('req-12345')).toBe('req-12345');
    expect(saneRequestId('Name: Lena Muster')).toBeUndefined();
    expect(saneRequestId(42)).toBeUndefined();
    expect(saneRequestId(undefined)).toBeUndefined();
  });
});
