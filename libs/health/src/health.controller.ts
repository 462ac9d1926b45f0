import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '@lotse/identity';
import { ReadinessChecks } from './readiness';

/**
 * GET /health: 200 `{ status: 'up' }` when the engine, Postgres and Redis answer, else 503
 * `{ status: 'down' }` — to everyone, admins included. Which part is down, with latencies and
 * the engine's version, is on the internal port only (`/health/ready`, see ReadinessChecks):
 * on the public port it would tell an attacker the topology and what to look up in
 * vulnerability lists.
 */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly readiness: ReadinessChecks) {}

  @Get()
  @ApiOkResponse({ description: 'Alles erreichbar' })
  @ApiServiceUnavailableResponse({ description: 'Mindestens ein Teil ist nicht erreichbar' })
  async check(@Res({ passthrough: true }) res: Response) {
    const { status } = await this.readiness.check();
    res.status(status === 'up' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status };
  }
}
