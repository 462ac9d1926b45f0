import { Module } from '@nestjs/common';
import { ReadinessChecks } from './readiness';

/** The probes of an app (API and worker) on its internal port; see ReadinessChecks. */
@Module({ providers: [ReadinessChecks], exports: [ReadinessChecks] })
export class HealthModule {}
