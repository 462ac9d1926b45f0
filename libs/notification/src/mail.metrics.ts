import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, OnModuleInit, Optional } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Gauge, LotseMetrics } from '@lotse/metrics';
import { MAIL_QUEUE } from './queues';

/** The job states of the mail queue reported as its depth. */
export const MAIL_QUEUE_STATES = [
  'waiting',
  'prioritized',
  'active',
  'delayed',
  'failed',
  'paused',
] as const;

/**
 * The mail queue's depth by job state, read from Redis (BullMQ's job counts) when Prometheus
 * scrapes. `delayed` holds the retries waiting for their back-off, `failed` the given-up jobs.
 */
@Injectable()
export class MailMetrics implements OnModuleInit {
  constructor(
    @InjectQueue(MAIL_QUEUE) private readonly queue: Queue,
    @Optional() private readonly metrics?: LotseMetrics,
  ) {}

  onModuleInit() {
    const metrics = this.metrics;
    if (!metrics) return;
    const jobs: Gauge<'state'> = metrics.gauge<'state'>({
      name: 'lotse_mail_queue_jobs',
      help: 'Jobs in the mail queue (BullMQ), by state.',
      labelNames: ['state'],
      collect: metrics.sharedCollect('mail_queue', async () => {
        const counts = await this.queue.getJobCounts(...MAIL_QUEUE_STATES);
        for (const state of MAIL_QUEUE_STATES) jobs.set({ state }, counts[state] ?? 0);
      }),
    });
  }
}
