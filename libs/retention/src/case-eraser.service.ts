import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditAction, AuditService } from '@lotse/audit';
import { EngineClient, EngineError, qs } from '@lotse/engine';
import { monthOf } from './retention-rules';

export interface EraseOptions {
  /** The retention category, or `request` for an erasure request. */
  category: string;
  /** The sweep run to count it in. */
  runId?: string;
  /** The erasure request that asked for it. */
  requestId?: string;
  /** Who asked (erasure request); null for the scheduled sweep. */
  actorUserId?: string | null;
  /** Work to do in the same transaction (e.g. mark the erasure request carried out). */
  also?: (m: EntityManager) => Promise<void>;
}

interface HistoricInstance {
  id: string;
  state: string;
  endTime: string | null;
}

/**
 * Erases one case: everything Lotse and the engine hold about the young person of that case.
 * The engine's history of the case (form variables of its tasks may hold free texts) goes
 * first, a still running instance is ended; then one database transaction deletes the case's
 * rows, counts it anonymously and writes the audit entry `data-erased` (the case id only).
 * A second call for the same case finds nothing and does nothing.
 */
@Injectable()
export class CaseEraser {
  private readonly logger = new Logger('Retention');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly engine: EngineClient,
    private readonly audit: AuditService,
  ) {}

  /** True when this call erased the case, false when it was gone already. */
  async erase(referralId: string, o: EraseOptions): Promise<boolean> {
    await this.eraseEngineHistory(referralId);
    return this.dataSource.transaction(async (m) => {
      const [c] = await m.query(
        `select r.id, r.jba_id, r.status, r.outcome, r.young_person_id,
                to_char(r.referred_on, 'YYYY-MM-DD') as referred_on, i.kind as institution_kind
           from referral r join institution i on i.id = r.referring_institution_id
          where r.id = $1 for update of r`,
        [referralId],
      );
      if (!c) {
        await o.also?.(m);
        return false;
      }
      await deleteCaseRows(m, referralId, c.young_person_id);
      await m.query(
        `insert into retention_statistic (jba_id, month, category, status, outcome, institution_kind, count)
         values ($1, $2, $3, $4, $5, $6, 1)
         on conflict (jba_id, month, category, status, outcome, institution_kind)
         do update set count = retention_statistic.count + 1`,
        [
          c.jba_id,
          monthOf(c.referred_on),
          o.category,
          c.status,
          c.outcome ?? '',
          c.institution_kind,
        ],
      );
      if (o.runId) await addToRun(m, o.runId, o.category, 1);
      await this.audit.record(
        [
          {
            action: AuditAction.DATA_ERASED,
            actorUserId: o.actorUserId ?? null,
            referralId,
            detail: {
              category: o.category,
              ...(o.runId ? { retentionRunId: o.runId } : {}),
              ...(o.requestId ? { erasureRequestId: o.requestId } : {}),
            },
          },
        ],
        m,
      );
      await o.also?.(m);
      this.logger.log({ msg: 'case erased', referralId, category: o.category });
      return true;
    });
  }

  /**
   * Ends the case's running process instances and deletes their history (variables, task
   * forms, comments). Instances are found by business key (the case id), so a duplicate start
   * is found too. A history the engine no longer has (cleaned up, deleted before) is fine.
   */
  private async eraseEngineHistory(referralId: string): Promise<void> {
    const instances = await this.engine.get<HistoricInstance[]>(
      `/history/process-instance${qs({ processInstanceBusinessKey: referralId })}`,
    );
    for (const pi of instances) {
      if (!pi.endTime) {
        await ignoreNotFound(() =>
          this.engine.deleteProcessInstance(pi.id, 'Daten gelöscht (Löschfrist/Löschersuchen)'),
        );
      }
      await ignoreNotFound(() =>
        this.engine.delete(`/history/process-instance/${encodeURIComponent(pi.id)}`),
      );
    }
  }
}

async function ignoreNotFound(call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (e) {
    if (!(e instanceof EngineError && e.notFound)) throw e;
  }
}

/** Every row of the case, children first (the protocol's foreign keys do not cascade). */
async function deleteCaseRows(m: EntityManager, id: string, youngPersonId: string): Promise<void> {
  const versions = `select v.id from protocol_version v join protocol p on p.id = v.protocol_id where p.referral_id = $1`;
  await m.query(
    `delete from measure_review where measure_id in (select id from measure where referral_id = $1)`,
    [id],
  );
  await m.query(`delete from measure where referral_id = $1`, [id]);
  await m.query(`delete from protocol_delivery where protocol_version_id in (${versions})`, [id]);
  await m.query(`delete from protocol_download where protocol_version_id in (${versions})`, [id]);
  await m.query(
    `delete from protocol_version where protocol_id in (select id from protocol where referral_id = $1)`,
    [id],
  );
  await m.query(`delete from protocol where referral_id = $1`, [id]);
  await m.query(`delete from follow_up_decision where referral_id = $1`, [id]);
  await m.query(`delete from protocol_step where referral_id = $1`, [id]);
  await m.query(`delete from conference_case where referral_id = $1`, [id]);
  // attachments go with their mail (on delete cascade)
  await m.query(`delete from notification where referral_id = $1`, [id]);
  await m.query(`delete from user_task where case_id = $1`, [id]);
  // consents and the case's history go with it (on delete cascade)
  await m.query(`delete from referral where id = $1`, [id]);
  await m.query(
    `delete from young_person y where y.id = $1
       and not exists (select 1 from referral r where r.young_person_id = y.id)`,
    [youngPersonId],
  );
}

/** Adds to a run's count of one category (inside the transaction that erased the items). */
export async function addToRun(
  m: EntityManager,
  runId: string,
  category: string,
  n: number,
): Promise<void> {
  if (n === 0) return;
  await m.query(
    `update retention_run
        set counts = jsonb_set(counts, array[$2::text], to_jsonb(coalesce((counts->>$2)::int, 0) + $3::int))
      where id = $1`,
    [runId, category, n],
  );
}
