import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { LotseMetrics } from './lotse-metrics';

/** An answer of an extra path on the internal port (e.g. the probes), as JSON. */
export type InternalRoute = () => Promise<{ status: number; body: unknown }>;

export interface MetricsServerOptions {
  host: string;
  /** 0: any free port (tests read the bound one from `port`). */
  port: number;
}

/**
 * Serves `GET /metrics` (Prometheus' text format) on an internal port of its own, never on the
 * public API port: bound to METRICS_HOST (127.0.0.1 unless set), for the Prometheus of the
 * operator. A port already taken stops the start, naming the setting. Other paths can be added
 * with `route` (the probes `/health/live` and `/health/ready` of @lotse/health).
 */
export class MetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Metrics');
  private server?: Server;
  private readonly routes = new Map<string, InternalRoute>();

  constructor(
    private readonly metrics: LotseMetrics,
    private readonly options: MetricsServerOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.server) return;
    const server = createServer((req, res) => void this.answer(req, res));
    server.keepAliveTimeout = 65_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (e: NodeJS.ErrnoException) =>
        reject(
          new Error(
            `metrics: cannot listen on ${this.options.host}:${this.options.port} (${e.code ?? e.message}); ` +
              `set METRICS_PORT to a free port (0: any free port) or METRICS_HOST`,
          ),
        ),
      );
      server.listen(this.options.port, this.options.host, () => resolve());
    });
    server.unref();
    this.server = server;
    this.logger.log({ msg: 'metrics served', url: `${this.url}/metrics` });
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Serves `GET path` on the internal port too (the probes `/health/live`, `/health/ready`). */
  route(path: string, answer: InternalRoute): void {
    this.routes.set(path, answer);
  }

  /** The port bound (known once the app has started). */
  get port(): number {
    const address = this.server?.address() as AddressInfo | null | undefined;
    if (!address) throw new Error('the metrics server is not listening');
    return address.port;
  }

  get url(): string {
    const host = this.options.host.includes(':') ? `[${this.options.host}]` : this.options.host;
    return `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${this.port}`;
  }

  private async answer(req: IncomingMessage, res: ServerResponse) {
    const path = (req.url ?? '/').split('?')[0];
    const route = this.routes.get(path);
    if (route && (req.method === 'GET' || req.method === 'HEAD')) {
      try {
        const { status, body } = await route();
        res.writeHead(status, {
          'content-type': 'application/json; charset=utf-8',
          'cache-control': 'no-store',
        });
        res.end(req.method === 'HEAD' ? undefined : JSON.stringify(body));
      } catch (e) {
        res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ status: 'down', error: (e as Error).message }));
      }
      return;
    }
    if (path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    try {
      const body = await this.metrics.scrape();
      res.writeHead(200, { 'content-type': this.metrics.contentType, 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (e) {
      this.logger.warn({ msg: 'metrics scrape failed', error: (e as Error).message });
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('scrape failed\n');
    }
  }
}
