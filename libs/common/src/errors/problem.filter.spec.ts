import { NotFoundException } from '@nestjs/common';
import { DomainException, ErrorCode } from './domain.exception';
import { statusOf, toProblem } from './problem.filter';

describe('toProblem', () => {
  it('maps every domain code to an HTTP status', () => {
    for (const code of Object.values(ErrorCode)) expect(statusOf(code)).toBeGreaterThanOrEqual(400);
    expect(statusOf(ErrorCode.VALIDATION)).toBe(400);
    expect(statusOf(ErrorCode.CONFLICT)).toBe(409);
  });

  it('keeps field errors of a validation failure', () => {
    const p = toProblem(
      DomainException.invalidField('youngPerson.birthDate', 'liegt in der Zukunft'),
    );
    expect(p).toEqual({
      statusCode: 400,
      code: 'validation',
      message: 'Die Anfrage enthält ungültige Angaben.',
      errors: [{ field: 'youngPerson.birthDate', messages: ['liegt in der Zukunft'] }],
    });
  });

  it('answers malformed JSON and oversize bodies with 400 and 413, naming the body', () => {
    expect(toProblem({ type: 'entity.parse.failed', status: 400, message: 'x' })).toMatchObject({
      statusCode: 400,
      errors: [{ field: 'body' }],
    });
    expect(toProblem({ type: 'entity.too.large', status: 413, message: 'x' })).toMatchObject({
      statusCode: 413,
    });
  });

  it('passes Nest HTTP exceptions through and hides unknown errors', () => {
    expect(toProblem(new NotFoundException('weg'))).toMatchObject({
      statusCode: 404,
      code: 'not_found',
    });
    expect(toProblem(new Error('secret detail'))).toEqual({
      statusCode: 500,
      code: 'internal',
      message: 'Interner Fehler.',
    });
  });
});
