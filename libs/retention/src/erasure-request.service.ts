import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DomainException } from '@lotse/common';
import { hasRole, Principal, Role } from '@lotse/identity';
import { REFERRAL_STATUS_LABELS, ReferralStatus } from '@lotse/referral';
import { CaseEraser } from './case-eraser.service';
import { CreateErasureRequestDto, ErasureRequestView } from './erasure-request.dto';
import { ErasureRequestState } from './retention.entities';
import { erasureBlocker } from './retention-rules';

export const ERASURE_STATE_LABELS: Record<ErasureRequestState, string> = {
  [ErasureRequestState.CARRIED_OUT]: 'Gelöscht',
  [ErasureRequestState.DEFERRED]: 'Zurückgestellt',
};

const statusLabel = (s: string) => REFERRAL_STATUS_LABELS[s as ReferralStatus] ?? s;

/** The request category in the statistics and the audit. */
const REQUEST = 'request';

const carriedOutText = (reference: string) =>
  `Gelöscht: alle personenbezogenen Daten zum Fall ${reference} (junger Mensch, ` +
  'Erziehungsberechtigte, Kurzbeschreibung, Einwilligungen, Protokolle, E-Mails, Fallverlauf, ' +
  'Verlauf in der Prozess-Engine); laufende Prozesse beendet. Es bleibt eine anonyme Zählung ' +
  'für die Statistik und der Protokolleintrag der Löschung.';

/**
 * Löschersuchen (Art. 17 DSGVO): the JBA's data protection officer or its coordination asks to
 * erase a case. Carried out at once unless a retention duty applies (the case is still open);
 * then the request stays deferred with the duty named, and the retention sweep carries it out
 * once the case has ended.
 */
@Injectable()
export class ErasureRequestService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly eraser: CaseEraser,
  ) {}

  async create(dto: CreateErasureRequestDto, user: Principal): Promise<ErasureRequestView> {
    await this.assertMay(user);
    if (!dto.referralId === !dto.reference) {
      throw DomainException.validation([
        { field: 'referralId', messages: ['Bitte genau eines angeben: referralId oder reference'] },
        { field: 'reference', messages: ['Bitte genau eines angeben: referralId oder reference'] },
      ]);
    }
    const [c] = await this.dataSource.query(
      `select id, reference, status from referral
        where jba_id = $1 and (id = $2 or reference = $3)`,
      [user.jbaId, dto.referralId ?? null, dto.reference?.trim() ?? null],
    );
    if (!c)
      throw DomainException.notFound('Diesen Fall gibt es in Ihrer Jugendberufsagentur nicht.');
    const id = randomUUID();
    const row = {
      id,
      jbaId: user.jbaId,
      referralId: c.id as string,
      reference: c.reference as string,
      reason: dto.reason.trim(),
      requestedBy: user.id,
      caseStatus: c.status as string,
    };
    const blocker = erasureBlocker(c.status, statusLabel(c.status));
    if (blocker) {
      await this.insert({ ...row, state: ErasureRequestState.DEFERRED, result: blocker });
    } else {
      await this.eraser.erase(c.id, {
        category: REQUEST,
        requestId: id,
        actorUserId: user.id,
        also: (m) =>
          this.insert(
            {
              ...row,
              state: ErasureRequestState.CARRIED_OUT,
              result: carriedOutText(c.reference),
              carriedOut: true,
            },
            m,
          ),
      });
    }
    return (await this.views(user.jbaId, id))[0];
  }

  async list(user: Principal): Promise<ErasureRequestView[]> {
    await this.assertMay(user);
    return this.views(user.jbaId);
  }

  /** Deferred requests whose case has ended since (the sweep calls this); counted in `runId`. */
  async carryOutDeferred(runId: string): Promise<number> {
    const deferred: Array<{
      id: string;
      referral_id: string;
      reference: string;
      status: string | null;
    }> = await this.dataSource.query(
      `select q.id, q.referral_id, q.reference, r.status from erasure_request q
           left join referral r on r.id = q.referral_id
          where q.state = $1 order by q.requested_at`,
      [ErasureRequestState.DEFERRED],
    );
    let n = 0;
    for (const q of deferred) {
      if (q.status && erasureBlocker(q.status, statusLabel(q.status))) continue;
      const done = await this.eraser.erase(q.referral_id, {
        category: REQUEST,
        requestId: q.id,
        runId,
        also: (m) =>
          m.query(
            `update erasure_request set state = $2, result = $3, carried_out_at = now()
              where id = $1 and state = $4`,
            [
              q.id,
              ErasureRequestState.CARRIED_OUT,
              carriedOutText(q.reference),
              ErasureRequestState.DEFERRED,
            ],
          ),
      });
      if (done) n++;
    }
    return n;
  }

  private async insert(
    r: {
      id: string;
      jbaId: string;
      referralId: string;
      reference: string;
      reason: string;
      requestedBy: string;
      caseStatus: string;
      state: ErasureRequestState;
      result: string;
      carriedOut?: boolean;
    },
    m = this.dataSource.manager,
  ): Promise<void> {
    await m.query(
      `insert into erasure_request (id, jba_id, referral_id, reference, reason, requested_by, state, result, case_status, carried_out_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, case when $10 then now() end)`,
      [
        r.id,
        r.jbaId,
        r.referralId,
        r.reference,
        r.reason,
        r.requestedBy,
        r.state,
        r.result,
        r.caseStatus,
        r.carriedOut ?? false,
      ],
    );
  }

  /** The JBA's data protection officer, or the coordination of its coordinating institution. */
  private async assertMay(user: Principal): Promise<void> {
    if (hasRole(user, Role.DATA_PROTECTION_OFFICER)) return;
    if (hasRole(user, Role.COORDINATOR)) {
      const [jba] = await this.dataSource.query(
        `select coordinating_institution_id from jba where id = $1`,
        [user.jbaId],
      );
      if (
        !jba?.coordinating_institution_id ||
        jba.coordinating_institution_id === user.institutionId
      )
        return;
    }
    throw DomainException.forbidden(
      'Löschersuchen bearbeiten die Datenschutzbeauftragten und die Koordination der Jugendberufsagentur.',
    );
  }

  private async views(jbaId: string, id?: string): Promise<ErasureRequestView[]> {
    const rows: Array<Record<string, any>> = await this.dataSource.query(
      `select q.*, s.display_name from erasure_request q
         left join staff_user s on s.id = q.requested_by
        where q.jba_id = $1 and ($2::uuid is null or q.id = $2)
        order by q.requested_at desc limit 500`,
      [jbaId, id ?? null],
    );
    return rows.map((q) => ({
      id: q.id,
      referralId: q.referral_id,
      reference: q.reference,
      reason: q.reason,
      state: q.state,
      stateLabel: ERASURE_STATE_LABELS[q.state as ErasureRequestState] ?? q.state,
      result: q.result,
      caseStatus: q.case_status,
      caseStatusLabel: statusLabel(q.case_status),
      requestedAt: new Date(q.requested_at).toISOString(),
      requestedBy: q.display_name ?? '',
      carriedOutAt: q.carried_out_at ? new Date(q.carried_out_at).toISOString() : null,
    }));
  }
}
