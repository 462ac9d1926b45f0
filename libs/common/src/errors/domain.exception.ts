import { labelledMessage } from '../validation/field-labels';

/** One problem with one field of a request; `field` is a dotted path such as `youngPerson.birthDate`. */
export interface FieldError {
  field: string;
  messages: string[];
}

/** Every failure a service may report to a caller. Mapped to HTTP in one place (`ProblemFilter`). */
export enum ErrorCode {
  VALIDATION = 'validation',
  NOT_FOUND = 'not_found',
  CONFLICT = 'conflict',
  IDEMPOTENCY_KEY_REUSED = 'idempotency_key_reused',
  UNAUTHENTICATED = 'unauthenticated',
  FORBIDDEN = 'forbidden',
  /** The account must set a new password before anything else (403). */
  PASSWORD_CHANGE_REQUIRED = 'password_change_required',
  PAYLOAD_TOO_LARGE = 'payload_too_large',
  TOO_MANY_REQUESTS = 'too_many_requests',
  UNAVAILABLE = 'unavailable',
}

/**
 * A failure with a code and a human-readable (German) message. Services throw these, never
 * HTTP exceptions.
 */
export class DomainException extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields: FieldError[] = [],
    /** For TOO_MANY_REQUESTS and UNAVAILABLE: when to try again (`Retry-After`). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'DomainException';
  }

  /** 400 naming the fields; each message names its field by its German label (issue 13). */
  static validation(fields: FieldError[], message = 'Die Anfrage enthält ungültige Angaben.') {
    return new DomainException(
      ErrorCode.VALIDATION,
      message,
      fields.map((f) => ({ ...f, messages: f.messages.map((m) => labelledMessage(f.field, m)) })),
    );
  }

  static invalidField(field: string, message: string) {
    return DomainException.validation([{ field, messages: [message] }]);
  }

  static notFound(message: string) {
    return new DomainException(ErrorCode.NOT_FOUND, message);
  }

  static conflict(message: string) {
    return new DomainException(ErrorCode.CONFLICT, message);
  }

  static forbidden(message = 'Dafür fehlt Ihnen die Berechtigung.') {
    return new DomainException(ErrorCode.FORBIDDEN, message);
  }
}

/** PostgreSQL refused a row because a unique index already holds its key (SQLSTATE 23505). */
export function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === '23505';
}
