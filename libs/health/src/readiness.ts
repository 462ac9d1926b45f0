import {
  Inject,
  Injectable,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  Optional,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { redisConfig, RedisConfig, redisOptionsFromUrl } from '@lotse/common';
import { EngineClient } from '@lotse/engine';
import { MetricsServer } from '@lotse/metrics';

export interface Check {
  status: 'up' | 'down';
  latencyMs: number;
  error?: string;
  [detail: string]: unknown;
}

export interface Readiness {
  status: 'up' | 'down';
  /** Set once the app got SIGTERM: it finishes what it has and takes nothing new. */
  draining?: true;
  checks: { engine: Check; postgres: Check; redis: Check };
}

async function timed(
  probe: () => Promise<Record<string, unknown> | void>,
  timeoutMs = 3000,
): Promise<Check> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const detail = await Promise.race([
      probe(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { status: 'up', latencyMs: Date.now() - started, ...(detail ?? {}) };
  } catch (e) {
    return { status: 'down', latencyMs: Date.now() - started, error: (e as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * What an app needs to work: the engine (an authenticated call, so Lotse's credentials are
 * proven too), PostgreSQL and Redis. Served on the internal port (the one of the metrics) of the
 * API and of the worker as the probes
 *   GET /health/live   200 while the process runs (no dependency is asked: a restart would not
 *                      bring back a database that is down)
 *   GET /health/ready  200 when all parts are up, else 503; each part with its latency, error
 *                      and the engine's version. 503 too once the app is shutting down.
 * The public `GET /health` of the API says up or down only.
 */
@Injectable()
export class ReadinessChecks implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly redis: Redis;
  private draining = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly engine: EngineClient,
    @Inject(redisConfig.KEY) config: RedisConfig,
    @Optional() private readonly internal?: MetricsServer,
  ) {
    this.redis = new Redis({
      ...redisOptionsFromUrl(config.url),
      lazyConnect: true,
      maxRetriesPerRequest: 1,
    });
    this.redis.on('error', () => undefined);
  }

  onApplicationBootstrap() {
    if (!this.internal) return;
    this.internal.route('/health/live', async () => ({
      status: 200,
      body: { status: 'up', uptimeSeconds: Math.round(process.uptime()) },
    }));
    this.internal.route('/health/ready', async () => {
      const readiness = await this.check();
      return { status: readiness.status === 'up' ? 200 : 503, body: readiness };
    });
  }

  /** From now on readiness answers 503 (the app got SIGTERM and drains). */
  markDraining() {
    this.draining = true;
  }

  async check(): Promise<Readiness> {
    const [engine, postgres, redis] = await Promise.all([
      timed(async () => {
        const { version } = await this.engine.version({ timeoutMs: 3000 });
        return { name: 'Operaton', version };
      }),
      timed(async () => {
        await this.dataSource.query('select 1');
      }),
      timed(async () => {
        if (this.redis.status === 'wait' || this.redis.status === 'end')
          await this.redis.connect().catch(() => undefined);
        const pong = await this.redis.ping();
        if (pong !== 'PONG') throw new Error(`unexpected answer ${pong}`);
      }),
    ]);
    const up =
      !this.draining && engine.status === 'up' && postgres.status === 'up' && redis.status === 'up';
    return {
      status: up ? 'up' : 'down',
      ...(this.draining ? { draining: true as const } : {}),
      checks: { engine, postgres, redis },
    };
  }

  onApplicationShutdown() {
    this.redis.disconnect();
  }
}
