import {
  Controller,
  Get,
  HttpStatus,
  Inject,
  OnApplicationShutdown,
  Req,
  Res,
} from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { redisConfig, RedisConfig, redisOptionsFromUrl } from '@lotse/common';
import { Principal, Public, Role } from '@lotse/identity';
import { EngineClient } from '@lotse/engine';

interface Check {
  status: 'up' | 'down';
  latencyMs: number;
  error?: string;
  [detail: string]: unknown;
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
 * GET /health: the engine (version, credentials), Postgres and Redis. 200 when all are up, else
 * 503. Strangers (load balancers, probes) learn up/down only; signed-in admins also see each
 * part with its latency, error and the engine's version, which would tell an attacker the
 * topology and what to look up in vulnerability lists.
 */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController implements OnApplicationShutdown {
  private readonly redis: Redis;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly engine: EngineClient,
    @Inject(redisConfig.KEY) config: RedisConfig,
  ) {
    this.redis = new Redis({
      ...redisOptionsFromUrl(config.url),
      lazyConnect: true,
      maxRetriesPerRequest: 1,
    });
    this.redis.on('error', () => undefined);
  }

  @Get()
  @ApiOkResponse({ description: 'Alles erreichbar' })
  @ApiServiceUnavailableResponse({ description: 'Mindestens ein Teil ist nicht erreichbar' })
  async check(
    @Req() req: Request & { user?: Principal },
    @Res({ passthrough: true }) res: Response,
  ) {
    const [engine, postgres, redis] = await Promise.all([
      timed(async () => {
        // An authenticated call: it also proves Lotse's credentials at the engine.
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
    const up = engine.status === 'up' && postgres.status === 'up' && redis.status === 'up';
    res.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    const status = up ? 'up' : 'down';
    if (!req.user?.roles.includes(Role.ADMIN)) return { status };
    return { status, checks: { engine, postgres, redis } };
  }

  onApplicationShutdown() {
    this.redis.disconnect();
  }
}
