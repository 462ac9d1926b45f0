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
import { ageOn, todayIso } from '../time/dates';

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

/**
 * A birth date that fits a young person of a JBA: today between `minAge` and `maxAge` years old
 * (a typo such as year 0207 is refused instead of silently making a case ineligible).
 */
export function IsPlausibleBirthDate(minAge = 10, maxAge = 40) {
  return (object: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isPlausibleBirthDate',
      target: object.constructor,
      propertyName: String(propertyName),
      options: {
        message: (args: ValidationArguments) => {
          const age = ageOn(String(args.value), todayIso());
          return `Geburtsdatum nicht plausibel: der junge Mensch wäre heute ${age} Jahre alt (erwartet ${minAge} bis ${maxAge}). Bitte prüfen Sie das Jahr.`;
        },
      },
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return true;
          if (value > todayIso()) return true; // IsNotFutureDate says so
          const age = ageOn(value, todayIso());
          return age >= minAge && age <= maxAge;
        },
      },
    });
}

/** A required, trimmed text with an upper bound. */
export function IsText(max: number, opts: { singleLine?: boolean } = {}) {
  return applyDecorators(
    IsString({ message: '$property muss ein Text sein' }),
    IsNotEmpty({ message: '$property darf nicht leer sein' }),
    MaxLength(max, { message: `$property darf höchstens ${max} Zeichen lang sein` }),
    NoControlCharacters(opts),
  );
}

/** A UUID path parameter; a malformed one is a 400 naming the parameter. */
export const uuidParamFor = (field: string) =>
  new ParseUUIDPipe({
    exceptionFactory: () => DomainException.invalidField(field, `${field} muss eine UUID sein`),
  });

export const uuidParam = uuidParamFor('id');

/** Control characters other than tab and (unless `singleLine`) line breaks. */
export function hasControlCharacters(text: string, singleLine = false): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const lineBreak = c === 0x0a || c === 0x0d;
    if ((c < 0x20 && c !== 0x09 && (singleLine || !lineBreak)) || c === 0x7f) return true;
  }
  return false;
}

/**
 * A text without control characters (PostgreSQL refuses NUL; calendars, mails and PDFs break
 * on the rest); `singleLine` refuses line breaks too (names, places). Other types are left to
 * the type's own check.
 */
export function NoControlCharacters(opts: { singleLine?: boolean } = {}) {
  return (object: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'noControlCharacters',
      target: object.constructor,
      propertyName: String(propertyName),
      options: {
        message: opts.singleLine
          ? '$property muss einzeilig sein und darf keine Steuerzeichen enthalten'
          : '$property darf keine Steuerzeichen enthalten',
      },
      validator: {
        validate: (value: unknown) =>
          typeof value !== 'string' || !hasControlCharacters(value, opts.singleLine),
      },
    });
}
