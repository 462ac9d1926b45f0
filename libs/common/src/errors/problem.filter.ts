import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainException, ErrorCode, FieldError } from './domain.exception';

/** The body of every error answer. */
export interface ProblemBody {
  statusCode: number;
  code: string;
  message: string;
  errors?: FieldError[];
}

export function statusOf(code: ErrorCode): number {
  switch (code) {
    case ErrorCode.VALIDATION:
      return HttpStatus.BAD_REQUEST;
    case ErrorCode.NOT_FOUND:
      return HttpStatus.NOT_FOUND;
    case ErrorCode.CONFLICT:
      return HttpStatus.CONFLICT;
    case ErrorCode.IDEMPOTENCY_KEY_REUSED:
      return HttpStatus.UNPROCESSABLE_ENTITY;
    case ErrorCode.UNAUTHENTICATED:
      return HttpStatus.UNAUTHORIZED;
    case ErrorCode.FORBIDDEN:
    case ErrorCode.PASSWORD_CHANGE_REQUIRED:
      return HttpStatus.FORBIDDEN;
    case ErrorCode.PAYLOAD_TOO_LARGE:
      return HttpStatus.PAYLOAD_TOO_LARGE;
    case ErrorCode.TOO_MANY_REQUESTS:
      return HttpStatus.TOO_MANY_REQUESTS;
    case ErrorCode.UNAVAILABLE:
      return HttpStatus.SERVICE_UNAVAILABLE;
    default: {
      const unreachable: never = code;
      return unreachable;
    }
  }
}

/** Errors thrown by Express' body parser carry a `type` and a `status`. */
interface BodyParserError {
  type: string;
  status: number;
  message: string;
}

function isBodyParserError(e: unknown): e is BodyParserError {
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof (e as BodyParserError).type === 'string' &&
    typeof (e as BodyParserError).status === 'number'
  );
}

/** Turns any failure into a ProblemBody; unknown failures become a 500 without details. */
export function toProblem(exception: unknown): ProblemBody {
  if (exception instanceof DomainException) {
    return {
      statusCode: statusOf(exception.code),
      code: exception.code,
      message: exception.message,
      ...(exception.fields.length ? { errors: exception.fields } : {}),
    };
  }
  if (isBodyParserError(exception)) {
    if (exception.type === 'entity.parse.failed') {
      return {
        statusCode: 400,
        code: ErrorCode.VALIDATION,
        message: 'Der Inhalt der Anfrage ist kein gültiges JSON.',
        errors: [{ field: 'body', messages: ['Kein gültiges JSON.'] }],
      };
    }
    if (exception.type === 'entity.too.large') {
      return {
        statusCode: 413,
        code: ErrorCode.PAYLOAD_TOO_LARGE,
        message: 'Die Anfrage ist zu groß.',
        errors: [{ field: 'body', messages: ['Die Anfrage ist zu groß.'] }],
      };
    }
    if (exception.status >= 400 && exception.status < 500) {
      return {
        statusCode: exception.status,
        code: ErrorCode.VALIDATION,
        message: 'Die Anfrage kann nicht gelesen werden.',
        errors: [{ field: 'body', messages: [exception.type] }],
      };
    }
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const res = exception.getResponse();
    const message =
      typeof res === 'string'
        ? res
        : Array.isArray((res as { message?: unknown }).message)
          ? (res as { message: string[] }).message.join('; ')
          : String((res as { message?: unknown }).message ?? exception.message);
    const code =
      status === 404
        ? ErrorCode.NOT_FOUND
        : status === 401
          ? ErrorCode.UNAUTHENTICATED
          : status === 403
            ? ErrorCode.FORBIDDEN
            : status === 413
              ? ErrorCode.PAYLOAD_TOO_LARGE
              : status === 409
                ? ErrorCode.CONFLICT
                : status === 429
                  ? ErrorCode.TOO_MANY_REQUESTS
                  : status < 500
                    ? ErrorCode.VALIDATION
                    : ErrorCode.UNAVAILABLE;
    return { statusCode: status, code, message };
  }
  return { statusCode: 500, code: 'internal', message: 'Interner Fehler.' };
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request>();
    const problem = toProblem(exception);
    if (problem.statusCode >= 500) {
      // Log the failure without request bodies: they may hold personal data.
      this.logger.error({
        msg: 'request failed',
        method: req.method,
        route: req.route?.path ?? req.path,
        error: exception instanceof Error ? exception.message : String(exception),
        stack: exception instanceof Error ? exception.stack : undefined,
      });
    }
    if (res.headersSent) return;
    if (exception instanceof DomainException && exception.retryAfterSeconds !== undefined) {
      res.setHeader('Retry-After', String(Math.max(1, Math.ceil(exception.retryAfterSeconds))));
    }
    res.status(problem.statusCode).json(problem);
  }
}
