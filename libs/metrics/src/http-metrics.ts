import type { NextFunction, Request, Response } from 'express';
import { LotseMetrics } from './lotse-metrics';
import { routeLabel } from './route-label';

/**
 * Express middleware (first in the chain, so that requests refused early are counted too): on
 * the end of each answer, counts the request by method, route template and status and observes
 * its duration.
 */
export function httpMetrics(metrics: LotseMetrics) {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    let recorded = false;
    const record = () => {
      if (recorded) return;
      recorded = true;
      const labels = {
        method: req.method,
        route: routeLabel({
          baseUrl: req.baseUrl,
          routePath: (req.route as { path?: unknown } | undefined)?.path,
          path: req.path,
        }),
        // a client that went away before the answer was complete: 499, as nginx counts it
        status: String(res.writableFinished ? res.statusCode : 499),
      };
      metrics.httpRequests.inc(labels);
      metrics.httpDuration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    };
    res.once('finish', record);
    res.once('close', record);
    next();
  };
}
