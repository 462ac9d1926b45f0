import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** What the log lines of one unit of work (an HTTP request, an external task) share. */
export interface RequestContext {
  /** The request id: from `X-Request-Id`, generated, or carried on by the outbox and the engine. */
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/**
 * Runs `fn` with this request id: every log line written meanwhile carries it, and an outbox
 * command written meanwhile keeps it (column `request_id`, variable `lotseRequestId`).
 */
export function runWithRequestId<T>(requestId: string | null | undefined, fn: () => T): T {
  return requestId ? storage.run({ requestId }, fn) : fn();
}

/** The request id of the work in progress, if any. */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/** Request ids taken from a client: a bounded token (letters, digits, `.`, `_`, `:`, `-`). */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * The request id of an incoming request: the client's `X-Request-Id` when it is a sane token
 * (8 to 128 characters of `A-Z a-z 0-9 . _ : -`: nothing that could forge a log line or carry
 * personal data in prose), a new UUID otherwise.
 */
export function acceptRequestId(header: string | string[] | undefined): string {
  return saneRequestId(Array.isArray(header) ? header[0] : header) ?? randomUUID();
}

/** The value when it is a sane request id (see `acceptRequestId`), else undefined. */
export function saneRequestId(value: unknown): string | undefined {
  return typeof value === 'string' && SANE_REQUEST_ID.test(value) ? value : undefined;
}
