import { applyDecorators, ParseUUIDPipe } from '@nestjs/common';
import {
  IsDateString,
  IsNotEmpty,
  IsString,
  MaxLength,
  registerDecorator,
  ValidationArguments,
  ValidationOptions,
} from 'class-validator';
import { DomainException } from '../errors/domain.exception';
import { todayIso } from '../time/dates';

/** A calendar date `YYYY-MM-DD` that is a real date. */
export function IsIsoDate(options?: ValidationOptions) {
  return applyDecorators(
    IsDateString(
      { strict: true },
      { message: '$property muss ein Datum (JJJJ-MM-TT) sein', ...options },
    ),
    IsCalendarDate(options),
  );
}

function IsCalendarDate(options?: ValidationOptions) {
  return (object: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: object.constructor,
      propertyName: String(propertyName),
      options: { message: '$property muss ein Datum (JJJJ-MM-TT) sein', ...options },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value),
      },
    });
}

/** A calendar date not after today (Europe/Berlin). */
export function IsNotFutureDate(options?: ValidationOptions) {
  return (object: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isNotFutureDate',
      target: object.constructor,
      propertyName: String(propertyName),
      options: { message: '$property darf nicht in der Zukunft liegen', ...options },
      validator: {
        validate: (value: unknown, _args: ValidationArguments) =>
          typeof value !== 'string' || value <= todayIso(),
      },
    });
}

/** A required, trimmed text with an upper bound. */
export function IsText(max: number) {
  return applyDecorators(
    IsString({ message: '$property muss ein Text sein' }),
    IsNotEmpty({ message: '$property darf nicht leer sein' }),
    MaxLength(max, { message: `$property darf höchstens ${max} Zeichen lang sein` }),
  );
}

/** A UUID path parameter; a malformed one is a 400 naming the parameter. */
export const uuidParamFor = (field: string) =>
  new ParseUUIDPipe({
    exceptionFactory: () => DomainException.invalidField(field, `${field} muss eine UUID sein`),
  });

export const uuidParam = uuidParamFor('id');
