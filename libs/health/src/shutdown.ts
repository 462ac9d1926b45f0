import { INestApplicationContext, Logger } from '@nestjs/common';
import type { Server } from 'node:http';
import { ReadinessChecks } from './readiness';

export interface ShutdownOptions {
  /** The whole stop may take this long (SHUTDOWN_TIMEOUT_MS); after it the process exits 1. */
  timeoutMs: number;
  /** The API's HTTP server: it stops accepting first and finishes its in-flight requests. */
  server?: Server;
  /** Called once, at the start of the shutdown (e.g. to answer with `Connection: close`). */
  onStart?: () => void;
}

/**
 * Graceful stop on SIGTERM or SIGINT (instead of Nest's own hooks, which end the process by the
 * signal, not with code 0): readiness turns 503; the HTTP server (API) stops accepting, closes
 * idle keep-alive connections and lets the requests in flight finish; then the app closes, which
 * stops the workers (no new fetches; running tasks and mails finish or are handed back; the
 * outbox relay after its batch) before the database and Redis connections. Exit code 0, or 1
 * when that took longer than `timeoutMs` or failed.
 */
export function stopGracefullyOnSignals(
  app: INestApplicationContext,
  name: string,
  options: ShutdownOptions,
): void {
  const logger = new Logger('Shutdown');
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    const started = Date.now();
    logger.log({ msg: `${name} shutting down`, signal, timeoutMs: options.timeoutMs });
    const deadline = setTimeout(() => {
      logger.error({ msg: `${name} did not stop within ${options.timeoutMs} ms; exiting` });
      process.exit(1);
    }, options.timeoutMs);
    deadline.unref();
    (async () => {
      options.onStart?.();
      try {
        app.get(ReadinessChecks, { strict: false }).markDraining();
      } catch {
        // an app without probes
      }
      if (options.server) await drainHttp(options.server, Math.floor(options.timeoutMs * 0.6));
      await app.close();
    })().then(
      () => {
        clearTimeout(deadline);
        logger.log({ msg: `${name} stopped`, ms: Date.now() - started });
        process.exit(0);
      },
      (e: unknown) => {
        logger.error({ msg: `${name} shutdown failed`, error: (e as Error)?.message });
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

/**
 * Stops accepting connections and waits for the requests in flight; keep-alive connections are
 * closed as soon as they are idle. What still runs after `graceMs` is cut off.
 */
export async function drainHttp(server: Server, graceMs: number): Promise<void> {
  if (!server.listening) return;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  const idle = setInterval(() => server.closeIdleConnections(), 100);
  let timer: NodeJS.Timeout | undefined;
  try {
    const finished = await Promise.race([
      closed.then(() => true),
      new Promise<false>((r) => (timer = setTimeout(() => r(false), graceMs))),
    ]);
    if (!finished) {
      server.closeAllConnections();
      await closed;
    }
  } finally {
    clearInterval(idle);
    clearTimeout(timer);
  }
}
