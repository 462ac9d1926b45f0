import { LoggerService } from '@nestjs/common';

type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level | 'silent', number> = {
  debug: 10,
  info: 20,
  warn: 30,
  error: 40,
  silent: 99,
};

/**
 * Structured JSON lines on stdout. Callers pass ids (caseId, processInstanceId, externalTaskId) as
 * fields, never names, birth dates or descriptions: personal data does not go into logs.
 */
export class JsonLogger implements LoggerService {
  constructor(
    private readonly app: string,
    private readonly level: Level | 'silent' = 'info',
  ) {}

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

  private write(level: Level, message: unknown, context?: string, stack?: string) {
    if (ORDER[level] < ORDER[this.level]) return;
    const fields =
      typeof message === 'object' && message !== null && !(message instanceof Error)
        ? (message as Record<string, unknown>)
        : { msg: message instanceof Error ? message.message : String(message) };
    const line = {
      time: new Date().toISOString(),
      level,
      app: this.app,
      ...(context ? { context } : {}),
      ...fields,
      ...(stack ? { stack } : {}),
    };
    process.stdout.write(JSON.stringify(line) + '\n');
  }
}
