import { Injectable, OnModuleInit, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LotseMetrics } from '@lotse/metrics';

/**
 * The outbox backlog, read when Prometheus scrapes (one query on the pending rows' partial
 * index, shared by the three gauges): commands due now, all not yet sent, and the age of the
 * oldest. A backlog that grows while the engine is up means the relay does not keep up or the
 * engine refuses commands (see infra/observability/alerts.yml).
 */
@Injectable()
export class OutboxMetrics implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Optional() private readonly metrics?: LotseMetrics,
  ) {}

  onModuleInit() {
    const metrics = this.metrics;
    if (!metrics) return;
    const read = metrics.sharedCollect('outbox', async () => {
      const [row] = await this.dataSource.query(
        `select count(*) filter (where available_at <= now())::int as due,
                count(*)::int as pending,
                coalesce(extract(epoch from now() - min(created_at)), 0)::float8 as oldest
           from outbox_message where sent_at is null and expired_at is null`,
      );
      due.set(Number(row?.due ?? 0));
      pending.set(Number(row?.pending ?? 0));
      oldest.set(Number(row?.oldest ?? 0));
    });
    const due = metrics.gauge({
      name: 'lotse_outbox_due_messages',
      help: 'Outbox commands due to be sent to the engine now (not sent, not lapsed, not backing off).',
      collect: read,
    });
    const pending = metrics.gauge({
      name: 'lotse_outbox_pending_messages',
      help: 'Outbox commands not yet accepted by the engine, including those backing off.',
      collect: read,
    });
    const oldest = metrics.gauge({
      name: 'lotse_outbox_oldest_pending_age_seconds',
      help: 'Age of the oldest outbox command not yet accepted by the engine (0: none).',
      collect: read,
    });
  }
}
