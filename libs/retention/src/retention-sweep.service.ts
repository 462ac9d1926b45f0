import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditAction, AuditService } from '@lotse/audit';
import { addToRun, CaseEraser } from './case-eraser.service';
import { ErasureRequestService } from './erasure-request.service';
import {
  CaseCategory,
  isDue,
  periodDays,
  RETENTION_DEFAULTS,
  RetentionCategory,
} from './retention-rules';

/** The statuses of each case category. */
const CASE_STATUSES: Record<CaseCategory, string[]> = {
  [RetentionCategory.ENDED_WITHOUT_CASE]: ['ineligible', 'no-consent'],
  [RetentionCategory.CLOSED]: ['closed'],
  [RetentionCategory.AFTER_REVOCATION]: ['consent-revoked'],
};

interface JbaPeriods {
  id: string;
  retention_ended_without_case: string;
  retention_closed: string;
  retention_after_revocation: string;
  retention_mail_contents: string;
  retention_audit: string;
}

const PERIOD_COLUMN: Record<CaseCategory, keyof JbaPeriods> = {
  [RetentionCategory.ENDED_WITHOUT_CASE]: 'retention_ended_without_case',
  [RetentionCategory.CLOSED]: 'retention_closed',
  [RetentionCategory.AFTER_REVOCATION]: 'retention_after_revocation',
};

export interface SweepSummary {
  runId: string;
  counts: Record<string, number>;
  auditResult: string;
}

/**
 * The retention sweep (Löschlauf), run by the timer process `data-retention` with the engine's
 * time as "now": per JBA and category it erases what is due, carries out deferred erasure
 * requests whose case has ended, clears the contents of old mails and prunes the audit. Each
 * case is erased in its own transaction; running it twice erases nothing more.
 */
@Injectable()
export class RetentionSweep {
  private readonly logger = new Logger('Retention');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly eraser: CaseEraser,
    private readonly requests: ErasureRequestService,
    private readonly audit: AuditService,
  ) {}

  async run(taskId: string, now: Date): Promise<SweepSummary> {
    const [run] = await this.dataSource.query(
      `insert into retention_run (task_id, swept_at) values ($1, $2)
       on conflict (task_id) do update set swept_at = excluded.swept_at returning id`,
      [taskId, now],
    );
    const runId: string = run.id;
    const jbas: JbaPeriods[] = await this.dataSource.query(
      `select id, retention_ended_without_case, retention_closed, retention_after_revocation,
              retention_mail_contents, retention_audit from jba order by id`,
    );
    for (const jba of jbas) {
      for (const category of Object.keys(CASE_STATUSES) as CaseCategory[]) {
        const period = jba[PERIOD_COLUMN[category]];
        for (const c of await this.dueCases(jba.id, CASE_STATUSES[category], period, now)) {
          // the database's interval arithmetic and the rules agree; the rules have the last word
          if (!isDue(new Date(c.ended_at), period, now)) continue;
          await this.eraser.erase(c.id, { category, runId });
        }
      }
    }
    await this.requests.carryOutDeferred(runId);
    await this.clearMailContents(runId, jbas, now);
    const audit = await this.pruneAudit(runId, jbas, now);
    const [done] = returned<{ counts: Record<string, number> }>(
      await this.dataSource.query(
        `update retention_run set finished_at = now() where id = $1 returning counts`,
        [runId],
      ),
    );
    const counts = (done?.counts ?? {}) as Record<string, number>;
    this.logger.log({
      msg: 'retention sweep done',
      runId,
      sweptAt: now.toISOString(),
      counts,
      audit,
    });
    return { runId, counts, auditResult: audit };
  }

  /** Ended cases of a JBA whose period has passed; the end is when the case got its last status. */
  private dueCases(
    jbaId: string,
    statuses: string[],
    period: string,
    now: Date,
  ): Promise<Array<{ id: string; ended_at: string }>> {
    return this.dataSource.query(
      `select id, ended_at from (
         select r.id, coalesce(
                  (select max(e.occurred_at) from referral_event e
                    where e.referral_id = r.id and e.status = r.status),
                  r.updated_at) as ended_at
           from referral r where r.jba_id = $1 and r.status = any($2)) c
        where c.ended_at + $3::interval <= $4
        order by c.ended_at limit 10000`,
      [jbaId, statuses, period, now],
    );
  }

  /**
   * Clears address, parameters, error text and attachments of mails that went out (or were
   * withheld, or failed) longer ago than the JBA's period; the row stays (status, template,
   * dates) so delivery statistics remain. Mails of no JBA use the longest period of all.
   */
  private async clearMailContents(runId: string, jbas: JbaPeriods[], now: Date): Promise<void> {
    const longest = longestPeriod(
      jbas.map((j) => j.retention_mail_contents),
      RETENTION_DEFAULTS.retentionMailContents,
    );
    await this.dataSource.transaction(async (m) => {
      const cleared = returned<{ id: string }>(
        await m.query(
          `update notification n set recipient_email = '', params = '{}'::jsonb, last_error = null
           from (select n2.id from notification n2
                   left join referral r on r.id = n2.referral_id
                   left join conference c on c.id = n2.conference_id
                   left join institution i on i.id = n2.recipient_institution_id
                   left join jba j on j.id = coalesce(c.jba_id, r.jba_id, i.jba_id)
                  where n2.status <> 'queued' and n2.recipient_email <> ''
                    and coalesce(n2.sent_at, n2.created_at)
                        + coalesce(j.retention_mail_contents, $1)::interval <= $2
                  for update of n2 skip locked) d
          where n.id = d.id returning n.id`,
          [longest, now],
        ),
      );
      const ids = cleared.map((r) => r.id);
      if (ids.length === 0) return;
      await m.query(`delete from notification_attachment where notification_id = any($1)`, [ids]);
      await addToRun(m, runId, RetentionCategory.MAIL_CONTENTS, ids.length);
      await this.audit.record(
        [
          {
            action: AuditAction.DATA_ERASED,
            detail: {
              category: RetentionCategory.MAIL_CONTENTS,
              mails: ids.length,
              retentionRunId: runId,
            },
          },
        ],
        m,
      );
    });
  }

  /**
   * Prunes the audit older than the longest audit period of all JBAs (the audit is one log)
   * through `audit_prune`, the database's only way to delete audit rows. A refusal (cutoff too
   * young) or a database without the function is recorded in the run, not a failure.
   */
  private async pruneAudit(runId: string, jbas: JbaPeriods[], now: Date): Promise<string> {
    const period = longestPeriod(
      jbas.map((j) => j.retention_audit),
      RETENTION_DEFAULTS.retentionAudit,
    );
    let result: string;
    let message: string | null = null;
    let pruned = 0;
    try {
      const [row] = await this.dataSource.query(
        `select audit_prune(($1::timestamptz - $2::interval)) as pruned`,
        [now, period],
      );
      pruned = Number(row?.pruned ?? 0);
      result = 'pruned';
    } catch (e) {
      const err = e as { code?: string; message?: string };
      if (err.code === '42883') {
        result = 'skipped';
        message = 'audit_prune ist in dieser Datenbank nicht vorhanden';
      } else {
        result = 'refused';
        message = String(err.message ?? e).slice(0, 500);
      }
      this.logger.warn({ msg: 'audit not pruned', runId, result, reason: message });
    }
    await this.dataSource.transaction(async (m) => {
      await m.query(
        `update retention_run set audit_result = $2, audit_message = $3 where id = $1`,
        [runId, result, message],
      );
      await addToRun(m, runId, RetentionCategory.AUDIT, pruned);
    });
    return result;
  }
}

/** The rows of an UPDATE … RETURNING: TypeORM's postgres driver answers `[rows, rowCount]`. */
function returned<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0])) {
    return result[0] as T[];
  }
  return result as T[];
}

function longestPeriod(periods: string[], fallback: string): string {
  return periods.reduce((a, b) => (periodDays(b) > periodDays(a) ? b : a), periods[0] ?? fallback);
}
