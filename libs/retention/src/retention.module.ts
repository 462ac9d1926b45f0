import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@lotse/audit';
import { CaseEraser } from './case-eraser.service';
import { ErasureRequestService } from './erasure-request.service';
import { RETENTION_ENTITIES } from './retention.entities';
import { RetentionSweep } from './retention-sweep.service';
import { RetentionWorkers } from './workers/retention.workers';

/** Retention and erasure: the case eraser, erasure requests, the sweep. */
@Module({
  imports: [TypeOrmModule.forFeature(RETENTION_ENTITIES), AuditModule],
  providers: [CaseEraser, ErasureRequestService, RetentionSweep],
  exports: [CaseEraser, ErasureRequestService, RetentionSweep],
})
export class RetentionModule {}

/** The sweep's external-task handler, for the worker app. */
@Module({
  imports: [RetentionModule],
  providers: [RetentionWorkers],
})
export class RetentionWorkersModule {}
