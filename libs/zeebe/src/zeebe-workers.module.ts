import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { WorkerRegistry } from './worker-registry.service';

/** Import in the worker app only: it opens the Zeebe job workers. */
@Module({
  imports: [DiscoveryModule],
  providers: [WorkerRegistry],
  exports: [WorkerRegistry],
})
export class ZeebeWorkersModule {}
