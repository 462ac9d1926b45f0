import { Injectable, OnModuleInit, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Gauge, LotseMetrics } from '@lotse/metrics';
import { TaskState } from './user-task.entity';

/**
 * Open and overdue user tasks per institution (counts only), read from the task projection
 * when Prometheus scrapes. A task counts for each institution its candidate groups name
 * (`institution:<id>` or `institution:<id>:<role>`); labels are the institution's id and name,
 * nothing of the case.
 */
export const USER_TASKS_BY_INSTITUTION_SQL = `
  select g.institution_id, coalesce(i.name, '') as institution_name,
         count(*)::int as open,
         count(*) filter (where t.due_at < now())::int as overdue
    from user_task t
   cross join lateral (
         select distinct substring(cg from '^institution:([0-9a-fA-F-]{36})(?::|$)') as institution_id
           from unnest(t.candidate_groups) cg) g
    left join institution i on i.id::text = g.institution_id
   where t.state = '${TaskState.OPEN}' and g.institution_id is not null
   group by 1, 2`;

@Injectable()
export class TaskMetrics implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Optional() private readonly metrics?: LotseMetrics,
  ) {}

  onModuleInit() {
    const metrics = this.metrics;
    if (!metrics) return;
    type Labels = 'institution_id' | 'institution';
    const read = metrics.sharedCollect('user_tasks', async () => {
      const rows: Array<{
        institution_id: string;
        institution_name: string;
        open: number;
        overdue: number;
      }> = await this.dataSource.query(USER_TASKS_BY_INSTITUTION_SQL);
      // an institution with no open task any more drops out instead of keeping its last count
      open.reset();
      overdue.reset();
      for (const r of rows) {
        const labels = { institution_id: r.institution_id, institution: r.institution_name };
        open.set(labels, Number(r.open));
        overdue.set(labels, Number(r.overdue));
      }
    });
    const open: Gauge<Labels> = metrics.gauge<Labels>({
      name: 'lotse_user_tasks_open',
      help: 'Open user tasks an institution may take (by candidate group).',
      labelNames: ['institution_id', 'institution'],
      collect: read,
    });
    const overdue: Gauge<Labels> = metrics.gauge<Labels>({
      name: 'lotse_user_tasks_overdue',
      help: 'Open user tasks past their due date, by institution.',
      labelNames: ['institution_id', 'institution'],
      collect: read,
    });
  }
}
