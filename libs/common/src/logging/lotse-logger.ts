import { LoggerService } from '@nestjs/common';
import pino, { DestinationStream, Logger } from 'pino';
import { currentRequestId } from './request-context';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/** Replaces a redacted value. */
export const REDACTED = '[redacted]';

/** Field names that hold personal data or secrets. */
const PERSONAL_FIELDS = [
  'firstName',
  'lastName',
  'fullName',
  'displayName',
  'birthDate',
  'email',
  'phone',
  'guardian',
  'guardianName',
  'shortDescription',
  'text',
  'password',
  'token',
  'accessToken',
  'refreshToken',
  'authorization',
  'cookie',
];

/**
 * Where pino blanks values (a second line of defence: callers log ids, never personal data):
 * the personal fields at the top of a log line and up to two levels below (e.g. `youngPerson.*`,
 * `body.youngPerson.*`), and the credentials in request and response headers.
 */
export const REDACT_PATHS = [
  ...PERSONAL_FIELDS,
  ...PERSONAL_FIELDS.map((f) => `*.${f}`),
  ...PERSONAL_FIELDS.map((f) => `*.*.${f}`),
  'headers["set-cookie"]',
  '*.headers.authorization',
  '*.headers.cookie',
  '*.headers["set-cookie"]',
];

/**
 * The JSON-lines logger of the apps (pino): one line per event with `time`, `level` (as a
 * word), `app`, the request id of the work in progress (see `runWithRequestId`) and the fields
 * given; personal fields are blanked. Writes to `destination`, by default to `process.stdout`
 * (through its `write`, so that tests can capture it).
 */
export function createPino(
  app: string,
  level: LogLevel = 'info',
  destination: DestinationStream = process.stdout,
): Logger {
  return pino(
    {
      level,
      base: { app },
      messageKey: 'msg',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      mixin: (fields) => {
        const requestId = currentRequestId();
        return requestId && !('requestId' in fields) ? { requestId } : {};
      },
    },
    destination,
  );
}

/**
 * Nest's LoggerService on pino: `log(fields | message, context)`, as Nest and Lotse's services
 * call it. Callers pass ids (caseId, processInstanceId, externalTaskId) as fields, never names,
 * birth dates or descriptions: personal data does not go into logs.
 */
export class LotseLogger implements LoggerService {
  readonly pino: Logger;

  constructor(app: string, level: LogLevel = 'info', destination?: DestinationStream) {
    this.pino = createPino(app, level, destination);
  }

  log(message: unknown, context?: string) {
    this.write('info', message, context);
  }
  error(message: unknown, stackOrContext?: string, context?: string) {
    // Nest calls error(message, stack, context) or error(message, context)
    const ctx =
      context ?? (stackOrContext && !stackOrContext.includes('\n') ? stackOrContext : undefined);
    const stack = stackOrContext?.includes('\n') ? stackOrContext : undefined;
    this.write('error', message, ctx, stack);
  }
  warn(message: unknown, context?: string) {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: string) {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string) {
    this.write('debug', message, context);
  }
  fatal(message: unknown, context?: string) {
    this.write('error', message, context);
  }

  private write(
    level: 'debug' | 'info' | 'warn' | 'error',
    message: unknown,
    context?: string,
    stack?: string,
  ) {
    if (!this.pino.isLevelEnabled(level)) return;
    const fields =
      typeof message === 'object' && message !== null && !(message instanceof Error)
        ? (message as Record<string, unknown>)
        : {
            msg: message instanceof Error ? message.message : String(message),
            ...(message instanceof Error && !stack ? { stack: message.stack } : {}),
          };
    this.pino[level]({
      ...(context ? { context } : {}),
      ...fields,
      ...(stack ? { stack } : {}),
    });
  }
}
