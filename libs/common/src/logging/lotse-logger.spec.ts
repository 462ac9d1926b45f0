import { Writable } from 'node:stream';
import { LotseLogger, REDACTED } from './lotse-logger';
import { runWithRequestId } from './request-context';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l));
      done();
    },
  });
  return { lines, stream };
}

describe('LotseLogger', () => {
  it('writes one JSON line per event with time, level as a word, app, context and fields', () => {
    const { lines, stream } = capture();
    const logger = new LotseLogger('api', 'info', stream);
    logger.log({ msg: 'case accepted', caseId: 'c-1' }, 'Referrals');
    logger.warn('plain message');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      level: 'info',
      app: 'api',
      context: 'Referrals',
      msg: 'case accepted',
      caseId: 'c-1',
    });
    expect(new Date(lines[0].time as string).toISOString()).toBe(lines[0].time);
    expect(lines[1]).toMatchObject({ level: 'warn', msg: 'plain message' });
  });

  it('respects the level (LOG_LEVEL)', () => {
    const { lines, stream } = capture();
    const logger = new LotseLogger('worker', 'warn', stream);
    logger.debug({ msg: 'debug' });
    logger.verbose('verbose');
    logger.log({ msg: 'info' });
    logger.warn({ msg: 'warn' });
    logger.error('error', 'Error: boom\n    at x (y.ts:1:1)', 'Ctx');
    expect(lines.map((l) => l.level)).toEqual(['warn', 'error']);
    expect(lines[1]).toMatchObject({ msg: 'error', context: 'Ctx' });
    expect(lines[1].stack).toContain('Error: boom');

    const silent = capture();
    new LotseLogger('worker', 'silent', silent.stream).error('nothing');
    expect(silent.lines).toHaveLength(0);

    const debug = capture();
    new LotseLogger('worker', 'debug', debug.stream).verbose('verbose');
    expect(debug.lines).toEqual([expect.objectContaining({ level: 'debug', msg: 'verbose' })]);
  });

  it('adds the request id of the work in progress; an explicit one wins', () => {
    const { lines, stream } = capture();
    const logger = new LotseLogger('worker', 'info', stream);
    logger.log({ msg: 'outside' });
    runWithRequestId('req-12345', () => {
      logger.log({ msg: 'inside' });
      logger.log({ msg: 'explicit', requestId: 'other-123' });
    });
    expect(lines[0].requestId).toBeUndefined();
    expect(lines[1].requestId).toBe('req-12345');
    expect(lines[2].requestId).toBe('other-123');
    const raw = JSON.stringify(lines[2]);
    expect(raw.match(/requestId/g)).toHaveLength(1);
  });

  it('blanks personal fields and credentials, at the top and nested (second line of defence)', () => {
    const { lines, stream } = capture();
    const logger = new LotseLogger('api', 'info', stream);
    logger.log({
      msg: 'careless',
      caseId: 'c-1',
      firstName: 'Lena',
      lastName: 'Muster',
      birthDate: '2005-01-01',
      email: 'lena@mail.test',
      phone: '0170 1234567',
      shortDescription: 'Schulden',
      text: 'Notiz',
      password: 'geheim',
      token: 'abc',
      youngPerson: { firstName: 'Lena', lastName: 'Muster', municipality: 'Eschweiler' },
      body: { youngPerson: { birthDate: '2005-01-01' }, guardian: { lastName: 'Muster' } },
      req: { headers: { authorization: 'Bearer abc', cookie: 'lotse_session=x', accept: '*/*' } },
    });
    const [line] = lines;
    const raw = JSON.stringify(line);
    for (const secret of ['Lena', 'Muster', '2005-01-01', 'lena@mail.test', '0170', 'Schulden']) {
      expect(raw).not.toContain(secret);
    }
    for (const secret of ['Notiz', 'geheim', 'Bearer abc', 'lotse_session=x']) {
      expect(raw).not.toContain(secret);
    }
    expect(line).toMatchObject({
      caseId: 'c-1',
      firstName: REDACTED,
      youngPerson: { firstName: REDACTED, lastName: REDACTED, municipality: 'Eschweiler' },
      body: { youngPerson: { birthDate: REDACTED }, guardian: REDACTED },
      req: { headers: { authorization: REDACTED, cookie: REDACTED, accept: '*/*' } },
    });
  });
});
