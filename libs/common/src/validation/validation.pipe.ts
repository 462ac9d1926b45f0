import { ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainException, FieldError } from '../errors/domain.exception';

/** Flattens nested class-validator errors into dotted field paths. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = parent ? `${parent}.${e.property}` : e.property;
    if (e.constraints && Object.keys(e.constraints).length > 0) {
      out.push({ field, messages: Object.values(e.constraints) });
    }
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, field));
  }
  return out;
}

/** whitelist + forbidNonWhitelisted + transform; a bad request names each bad field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => DomainException.validation(flattenValidationErrors(errors)),
  });
}
