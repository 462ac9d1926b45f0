import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ExternalTaskRegistry } from './external-task-registry.service';

/** Import in the worker app only: it fetches and runs the external tasks. */
@Module({
  imports: [DiscoveryModule],
  providers: [ExternalTaskRegistry],
  exports: [ExternalTaskRegistry],
})
export class ExternalTaskWorkersModule {}
