import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { acceptRequestId, createPino, loadEnvironment, runWithRequestId } from '@lotse/common';
import { routeLabel } from '@lotse/metrics';

export const REQUEST_ID_HEADER = 'X-Request-Id';

type WithRequestId = Request & { requestId?: string; user?: { id?: unknown } };

/**
 * First in the chain: gives each request its id (the client's `X-Request-Id` when sane, else a
 * new UUID), returns it in the answer's `X-Request-Id`, runs the rest of the chain with it (log
 * lines, outbox rows) and writes one line when the answer is done: method, route template (never
 * the raw URL with its ids and query), status, duration and the signed-in user's id. Never a
 * body, a header, a name.
 */
export function requestLog(logger: Logger = createPino('api', loadEnvironment().LOG_LEVEL)) {
  return (req: WithRequestId, res: Response, next: NextFunction) => {
    const requestId = acceptRequestId(req.headers['x-request-id']);
    req.requestId = requestId;
    res.setHeader(REQUEST_ID_HEADER, requestId);
    const started = process.hrtime.bigint();
    let written = false;
    const write = () => {
      if (written) return;
      written = true;
      // a client that went away before the answer was complete: 499, as nginx counts it
      const status = res.writableFinished ? res.statusCode : 499;
      const userId = typeof req.user?.id === 'string' ? req.user.id : undefined;
      logger[status >= 500 ? 'error' : 'info']({
        msg: 'request',
        requestId,
        method: req.method,
        route: routeLabel({
          baseUrl: req.baseUrl,
          routePath: (req.route as { path?: unknown } | undefined)?.path,
          path: req.path,
        }),
        status,
        durationMs: Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100,
        ...(userId ? { userId } : {}),
      });
    };
    res.once('finish', write);
    res.once('close', write);
    runWithRequestId(requestId, next);
  };
}

/**
 * Enters the request's id again after the body was read: the body parser's callbacks run
 * outside the context the first middleware opened.
 */
export function keepRequestId(req: WithRequestId, _res: Response, next: NextFunction) {
  runWithRequestId(req.requestId, next);
}
