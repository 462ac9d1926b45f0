import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditAction, AuditService } from '@lotse/audit';
import { DomainException } from '@lotse/common';
import type { Principal } from '@lotse/identity';
import { AuditRow } from './audit-csv';
import { AuditFilter, AuditFilterInput, parseAuditFilter } from './audit-filter';
import { auditActionLabel, auditDetailText } from './audit-labels';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** More rows than this in one download: the officer narrows the filter (400 naming `from`). */
export const MAX_EXPORT_ROWS = 50_000;

interface RawRow {
  id: string;
  at: Date;
  action: string;
  detail: Record<string, unknown> | null;
  actor_id: string | null;
  actor_username: string | null;
  actor_name: string | null;
  institution_id: string | null;
  institution_name: string | null;
  case_id: string | null;
  case_reference: string | null;
  consent_id: string | null;
  consent_signed_on: string | null;
}

/**
 * The JBA an audit entry belongs to: its case's; without a case the acting user's institution's,
 * the receiving institution's, or the JBA the detail names (settings, conference dates).
 */
const JBA_OF_ENTRY = `coalesce(r.jba_id::text, ui.jba_id::text, ri.jba_id::text, a.detail->>'jbaId')`;

const FROM = `
  from audit_entry a
  left join referral r on r.id = a.referral_id
  left join staff_user u on u.id = a.actor_user_id
  left join institution ui on ui.id = u.institution_id
  left join institution ri on ri.id = a.recipient_institution_id
  left join consent c on c.id = a.consent_id`;

const COLUMNS = `a.id::text as id, a.at, a.action, a.detail,
  u.id as actor_id, u.username as actor_username, u.display_name as actor_name,
  ri.id as institution_id, ri.name as institution_name,
  a.referral_id as case_id, r.reference as case_reference,
  a.consent_id, to_char(c.signed_on, 'YYYY-MM-DD') as consent_signed_on`;

export interface ResolvedAuditFilter extends AuditFilter {
  caseId: string | null;
  caseReference: string | null;
  staffId: string | null;
  staffUsername: string | null;
}

/**
 * The audit of the data protection officer's JBA: of one case, one staff member, a period.
 * Reads only; ids resolve to references and staff names (no young person's name is in the audit).
 */
@Injectable()
export class AuditExtractService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Checks and resolves the filters within the officer's JBA; bad ones are a 400 naming the field. */
  async resolve(user: Principal, q: AuditFilterInput): Promise<ResolvedAuditFilter> {
    const { filter, errors } = parseAuditFilter(q);
    const resolved: ResolvedAuditFilter = {
      ...filter,
      caseId: null,
      caseReference: null,
      staffId: null,
      staffUsername: null,
    };
    if (filter.caseKey && !errors.some((e) => e.field === 'case')) {
      const found = await this.findCase(user.jbaId, filter.caseKey);
      if (found) [resolved.caseId, resolved.caseReference] = [found.id, found.reference];
      else
        errors.push({
          field: 'case',
          messages: ['Kein Fall mit diesem Aktenzeichen in Ihrer Jugendberufsagentur'],
        });
    }
    if (filter.staffKey && !errors.some((e) => e.field === 'staff')) {
      const found = await this.findStaff(user.jbaId, filter.staffKey);
      if (found) [resolved.staffId, resolved.staffUsername] = [found.id, found.username];
      else
        errors.push({
          field: 'staff',
          messages: ['Kein Konto mit diesem Benutzernamen in Ihrer Jugendberufsagentur'],
        });
    }
    if (errors.length) throw DomainException.validation(errors);
    return resolved;
  }

  async page(
    user: Principal,
    f: ResolvedAuditFilter,
    page: number,
    pageSize: number,
  ): Promise<{ items: AuditRow[]; total: number; page: number; pageSize: number }> {
    const { where, params } = this.where(user, f);
    const [{ n }] = await this.dataSource.query(
      `select count(*)::int as n ${FROM} where ${where}`,
      params,
    );
    const rows: RawRow[] = await this.dataSource.query(
      `select ${COLUMNS} ${FROM} where ${where}
        order by a.at desc, a.id desc limit $${params.length + 1} offset $${params.length + 2}`,
      [...params, pageSize, (page - 1) * pageSize],
    );
    return { items: rows.map(toRow), total: n, page, pageSize };
  }

  /** Every matching row, oldest first, for a download; the download itself is audited. */
  async export(user: Principal, f: ResolvedAuditFilter): Promise<AuditRow[]> {
    const { where, params } = this.where(user, f);
    const rows: RawRow[] = await this.dataSource.query(
      `select ${COLUMNS} ${FROM} where ${where} order by a.at asc, a.id asc limit $${params.length + 1}`,
      [...params, MAX_EXPORT_ROWS + 1],
    );
    if (rows.length > MAX_EXPORT_ROWS) {
      throw DomainException.invalidField(
        'from',
        `Mehr als ${MAX_EXPORT_ROWS} Einträge: bitte den Zeitraum eingrenzen`,
      );
    }
    await this.audit.record([
      {
        action: AuditAction.AUDIT_EXPORTED,
        actorUserId: user.id,
        recipientInstitutionId: user.institutionId,
        referralId: f.caseId,
        detail: {
          format: f.format,
          rows: rows.length,
          // ids and dates only; what was not filtered on is left out
          filter: Object.fromEntries(
            Object.entries({ caseId: f.caseId, staffId: f.staffId, from: f.from, to: f.to }).filter(
              ([, v]) => v !== null,
            ),
          ),
        },
      },
    ]);
    return rows.map(toRow);
  }

  /** The audit of some cases (the access report), oldest first. */
  async forCases(user: Principal, caseIds: string[]): Promise<AuditRow[]> {
    if (caseIds.length === 0) return [];
    const rows: RawRow[] = await this.dataSource.query(
      `select ${COLUMNS} ${FROM} where a.referral_id = any($1::uuid[]) and ${JBA_OF_ENTRY} = $2
        order by a.at asc, a.id asc`,
      [caseIds, user.jbaId],
    );
    return rows.map(toRow);
  }

  private where(user: Principal, f: ResolvedAuditFilter) {
    const params: unknown[] = [user.jbaId];
    const clauses = [`${JBA_OF_ENTRY} = $1`];
    if (f.caseId) {
      params.push(f.caseId);
      clauses.push(`a.referral_id = $${params.length}`);
    }
    if (f.staffId) {
      params.push(f.staffId);
      clauses.push(`a.actor_user_id = $${params.length}`);
    }
    // Calendar days in Germany, both inclusive.
    if (f.from) {
      params.push(f.from);
      clauses.push(`a.at >= ($${params.length}::date::timestamp at time zone 'Europe/Berlin')`);
    }
    if (f.to) {
      params.push(f.to);
      clauses.push(
        `a.at < (($${params.length}::date + 1)::timestamp at time zone 'Europe/Berlin')`,
      );
    }
    return { where: clauses.join(' and '), params };
  }

  private async findCase(jbaId: string, key: string) {
    const [row] = UUID.test(key)
      ? await this.dataSource.query(
          `select id, reference from referral where id = $1 and jba_id = $2`,
          [key, jbaId],
        )
      : await this.dataSource.query(
          `select id, reference from referral where upper(reference) = upper($1) and jba_id = $2`,
          [key, jbaId],
        );
    return (row as { id: string; reference: string } | undefined) ?? null;
  }

  private async findStaff(jbaId: string, key: string) {
    const [row] = await this.dataSource.query(
      `select u.id, u.username from staff_user u join institution i on i.id = u.institution_id
        where i.jba_id = $2 and ${UUID.test(key) ? 'u.id = $1::uuid' : 'lower(u.username) = lower($1)'}`,
      [key, jbaId],
    );
    return (row as { id: string; username: string } | undefined) ?? null;
  }
}

function toRow(r: RawRow): AuditRow {
  return {
    id: r.id,
    at: new Date(r.at).toISOString(),
    action: r.action,
    actionLabel: auditActionLabel(r.action),
    actor: r.actor_id
      ? { id: r.actor_id, username: r.actor_username ?? '', displayName: r.actor_name ?? '' }
      : null,
    institution: r.institution_id ? { id: r.institution_id, name: r.institution_name ?? '' } : null,
    case: r.case_id ? { id: r.case_id, reference: r.case_reference ?? '' } : null,
    consent: r.consent_id ? { id: r.consent_id, signedOn: r.consent_signed_on ?? '' } : null,
    details: auditDetailText(r.detail),
  };
}
