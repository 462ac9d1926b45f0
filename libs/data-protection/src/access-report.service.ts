import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditAction, AuditService } from '@lotse/audit';
import { DomainException, FieldError, germanDate } from '@lotse/common';
import type { Principal } from '@lotse/identity';
import { MAIL_TEMPLATE_LABELS } from '@lotse/notification';
import {
  CASE_OUTCOME_LABELS,
  CONSENT_PURPOSE_LABELS,
  ConsentGrantor,
  ConsentPurpose,
  evaluateConsent,
  REASON_MESSAGES,
  REFERRAL_STATUS_LABELS,
  ReasonCode,
  ReferralStatus,
  CaseOutcome,
} from '@lotse/referral';
import type { AccessReport, AccessReportCase, StaffRef } from './access-report';
import { AuditExtractService } from './audit-extract.service';
import { parseCalendarDate } from './audit-filter';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface AccessReportInput {
  case?: string;
  firstName?: string;
  lastName?: string;
  birthDate?: string;
}

const GRANTOR_LABELS: Record<string, string> = {
  [ConsentGrantor.SELF]: 'der junge Mensch selbst',
  [ConsentGrantor.GUARDIAN]: 'Erziehungsberechtigte',
};
const RECIPIENT_KIND_LABELS: Record<string, string> = {
  institution: 'Institution',
  'young-person': 'junger Mensch',
  guardian: 'Erziehungsberechtigte',
};
const MAIL_STATUS_LABELS: Record<string, string> = {
  queued: 'wartet auf Versand',
  sent: 'versandt',
  failed: 'fehlgeschlagen',
  withheld: 'zurückgehalten (Einwilligung)',
};

interface PersonRow {
  id: string;
  first_name: string;
  last_name: string;
  birth_date: string;
  municipality: string;
  postal_code: string | null;
  email: string | null;
  phone: string | null;
  guardian_name: string | null;
  guardian_email: string | null;
  created_at: Date;
}

/** The access report (Art. 15 DSGVO / § 83 SGB X) for the data protection officer of a JBA. */
@Injectable()
export class AccessReportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly extract: AuditExtractService,
  ) {}

  async report(user: Principal, q: AccessReportInput, format: string): Promise<AccessReport> {
    const persons = await this.findPersons(user.jbaId, q);
    if (persons.length === 0) {
      throw DomainException.notFound(
        'Zu diesen Angaben speichert Lotse in Ihrer Jugendberufsagentur keine Daten.',
      );
    }
    const q1 = (sql: string, params: unknown[]) => this.dataSource.query(sql, params);
    const personIds = persons.map((p) => p.id);
    const cases: Array<Record<string, any>> = await q1(
      `select r.id, r.reference, r.status, r.status_reason, r.outcome,
              to_char(r.referred_on, 'YYYY-MM-DD') as referred_on, r.created_at, r.short_description,
              r.young_person_attends, r.guardian_attends, r.young_person_id,
              i.id as inst_id, i.name as inst_name
         from referral r join institution i on i.id = r.referring_institution_id
        where r.young_person_id = any($1::uuid[]) and r.jba_id = $2
        order by r.created_at asc`,
      [personIds, user.jbaId],
    );
    const caseIds = cases.map((c) => c.id as string);
    const [jba] = await q1(`select id, name from jba where id = $1`, [user.jbaId]);
    const institutions = new Map<string, string>(
      (await q1(`select id, name from institution where jba_id = $1`, [user.jbaId])).map(
        (i: { id: string; name: string }) => [i.id, i.name],
      ),
    );
    const staff = new Map<string, StaffRef>(
      (
        await q1(
          `select u.id, u.username, u.display_name from staff_user u
             join institution i on i.id = u.institution_id where i.jba_id = $1`,
          [user.jbaId],
        )
      ).map((u: { id: string; username: string; display_name: string }) => [
        u.id,
        { id: u.id, username: u.username, displayName: u.display_name },
      ]),
    );
    const staffRef = (id: unknown): StaffRef | null =>
      typeof id === 'string' ? (staff.get(id) ?? null) : null;

    const events: Array<{ referral_id: string; type: string; detail: Record<string, unknown> }> =
      await q1(
        `select referral_id, type, detail from referral_event
          where referral_id = any($1::uuid[]) and type in ('received', 'consent-recorded')`,
        [caseIds],
      );
    const consents: Array<Record<string, any>> = await q1(
      `select id, referral_id, granted_by, to_char(signed_on, 'YYYY-MM-DD') as signed_on,
              capacity_confirmed, guardian_names, minor_may_consent_alone, recipients, purposes,
              document_hash, paper_only_reason, revoked_at,
              to_char(revocation_declared_on, 'YYYY-MM-DD') as revocation_declared_on,
              revocation_reason, recorded_at
         from consent where referral_id = any($1::uuid[]) order by recorded_at asc`,
      [caseIds],
    );
    const protocols: Array<Record<string, any>> = await q1(
      `select p.id, p.referral_id, p.state, c.starts_at from protocol p
         left join conference c on c.id = p.conference_id
        where p.referral_id = any($1::uuid[]) order by c.starts_at asc nulls last`,
      [caseIds],
    );
    const protocolIds = protocols.map((p) => p.id as string);
    const versions: Array<Record<string, any>> = await q1(
      `select id, protocol_id, version, content, correction_reason, finalized_at, finalized_by_name,
              pdf_sha256 from protocol_version where protocol_id = any($1::uuid[]) order by version`,
      [protocolIds],
    );
    const versionIds = versions.map((v) => v.id as string);
    const deliveries: Array<Record<string, any>> = await q1(
      `select protocol_version_id, institution_id, status, detail, recorded_at
         from protocol_delivery where protocol_version_id = any($1::uuid[]) order by recorded_at`,
      [versionIds],
    );
    const downloads: Array<Record<string, any>> = await q1(
      `select protocol_version_id, institution_id, user_id, downloaded_at
         from protocol_download where protocol_version_id = any($1::uuid[]) order by downloaded_at`,
      [versionIds],
    );
    const mails: Array<Record<string, any>> = await q1(
      `select id, referral_id, params->'disclosedCaseIds' as listed, template, recipient_kind,
              recipient_email, recipient_institution_id, status, created_at, sent_at
         from notification
        where referral_id = any($1::uuid[]) or (params->'disclosedCaseIds') ?| $2::text[]
        order by created_at asc`,
      [caseIds, caseIds],
    );
    const entrusted: Array<Record<string, any>> = await q1(
      `select referral_id, institution_id, text, created_at from entrusted_note
        where referral_id = any($1::uuid[]) order by created_at asc`,
      [caseIds],
    );
    const disclosures = await this.extract.forCases(user, caseIds);

    const personById = new Map(persons.map((p) => [p.id, p]));
    const reportCases: AccessReportCase[] = cases.map((c) => {
      const person = personById.get(c.young_person_id)!;
      const received = events.find((e) => e.referral_id === c.id && e.type === 'received');
      return {
        id: c.id,
        reference: c.reference,
        status: c.status,
        statusLabel: REFERRAL_STATUS_LABELS[c.status as ReferralStatus] ?? c.status,
        statusReason: c.status_reason
          ? (REASON_MESSAGES[c.status_reason as ReasonCode] ?? c.status_reason)
          : null,
        outcome: c.outcome ? (CASE_OUTCOME_LABELS[c.outcome as CaseOutcome] ?? c.outcome) : null,
        referredOn: c.referred_on,
        receivedAt: iso(c.created_at),
        referringInstitution: { id: c.inst_id, name: c.inst_name },
        referredBy: staffRef(received?.detail.userId),
        shortDescription: c.short_description,
        youngPersonAttends: c.young_person_attends,
        guardianAttends: c.guardian_attends,
        consents: consents
          .filter((k) => k.referral_id === c.id)
          .map((k) => {
            const recorded = events.find(
              (e) =>
                e.referral_id === c.id &&
                e.type === 'consent-recorded' &&
                e.detail.consentId === k.id,
            );
            const verdict = evaluateConsent(
              {
                grantedBy: k.granted_by,
                signedOn: k.signed_on,
                capacityConfirmed: k.capacity_confirmed,
                recipients: k.recipients,
                purposes: k.purposes,
                revokedAt: k.revoked_at,
                minorMayConsentAlone: k.minor_may_consent_alone,
              },
              { birthDate: person.birth_date, referredOn: c.referred_on },
            );
            return {
              id: k.id,
              grantedBy: k.granted_by,
              grantedByLabel: GRANTOR_LABELS[k.granted_by] ?? k.granted_by,
              signedOn: k.signed_on,
              guardianNames: k.guardian_names ?? [],
              recipients: (k.recipients as string[]).map((id) => ({
                id,
                name: institutions.get(id) ?? id,
              })),
              purposes: k.purposes,
              purposeLabels: (k.purposes as string[]).map(
                (p) => CONSENT_PURPOSE_LABELS[p as ConsentPurpose] ?? p,
              ),
              recordedAt: iso(k.recorded_at),
              recordedBy: staffRef(recorded?.detail.userId),
              revokedAt: k.revoked_at ? iso(k.revoked_at) : null,
              revocationDeclaredOn: k.revocation_declared_on ?? null,
              revocationReason: k.revocation_reason ?? null,
              valid: verdict.valid,
              validity: verdict.valid
                ? 'gültig'
                : `nicht gültig: ${REASON_MESSAGES[verdict.reason] ?? verdict.reason}`,
              documentHash: k.document_hash ?? null,
              paperOnlyReason: k.paper_only_reason ?? null,
            };
          }),
        protocols: protocols
          .filter((p) => p.referral_id === c.id)
          .map((p) => ({
            id: p.id,
            conferenceStartsAt: p.starts_at ? iso(p.starts_at) : null,
            state: p.state,
            versions: versions
              .filter((v) => v.protocol_id === p.id)
              .map((v) => ({
                version: v.version,
                finalizedAt: iso(v.finalized_at),
                finalizedByName: v.finalized_by_name,
                correctionReason: v.correction_reason,
                pdfSha256: v.pdf_sha256,
                situation: v.content?.situation ?? '',
                goals: v.content?.goals ?? [],
                measures: ((v.content?.measures ?? []) as Array<Record<string, string>>).map(
                  (m) => ({
                    title: m.title,
                    institution: institutions.get(m.institutionId) ?? m.institutionId,
                    dueOn: m.dueOn,
                  }),
                ),
                deliveries: deliveries
                  .filter((d) => d.protocol_version_id === v.id)
                  .map((d) => ({
                    institution: institutions.get(d.institution_id) ?? d.institution_id,
                    status: d.status === 'sent' ? 'versandt' : 'verweigert (keine Einwilligung)',
                    detail:
                      d.detail === 'attachment'
                        ? 'als Anhang'
                        : d.detail === 'link'
                          ? 'als Link'
                          : d.detail,
                    at: iso(d.recorded_at),
                  })),
                downloads: downloads
                  .filter((d) => d.protocol_version_id === v.id)
                  .map((d) => ({
                    at: iso(d.downloaded_at),
                    institution: institutions.get(d.institution_id) ?? d.institution_id,
                    user: staff.get(d.user_id)?.displayName ?? d.user_id,
                  })),
              })),
          })),
        entrustedNotes: entrusted
          .filter((n) => n.referral_id === c.id)
          .map((n) => ({
            institution: institutions.get(n.institution_id) ?? n.institution_id,
            recordedAt: iso(n.created_at),
            text: n.text,
          })),
        mails: mails
          .filter(
            (m) => m.referral_id === c.id || (Array.isArray(m.listed) && m.listed.includes(c.id)),
          )
          .map((m) => ({
            id: m.id,
            createdAt: iso(m.created_at),
            sentAt: m.sent_at ? iso(m.sent_at) : null,
            template: m.template,
            templateLabel:
              (MAIL_TEMPLATE_LABELS as Record<string, string>)[m.template] ?? m.template,
            recipientKind: m.recipient_kind,
            recipient:
              m.recipient_kind === 'institution'
                ? (institutions.get(m.recipient_institution_id) ?? m.recipient_email)
                : `${RECIPIENT_KIND_LABELS[m.recipient_kind] ?? m.recipient_kind} (${m.recipient_email})`,
            status: m.status,
            statusLabel: MAIL_STATUS_LABELS[m.status] ?? m.status,
          })),
        disclosures: disclosures.filter((d) => d.case?.id === c.id),
      };
    });

    const latest = persons[persons.length - 1];
    const report: AccessReport = {
      generatedAt: new Date().toISOString(),
      generatedBy: { id: user.id, username: user.username, displayName: user.displayName },
      jba: { id: jba.id, name: jba.name },
      person: {
        firstName: latest.first_name,
        lastName: latest.last_name,
        birthDate: latest.birth_date,
      },
      personalData: persons.map((p) => ({
        id: p.id,
        recordedAt: iso(p.created_at),
        caseReferences: cases.filter((c) => c.young_person_id === p.id).map((c) => c.reference),
        fields: [
          ['Vorname', p.first_name],
          ['Nachname', p.last_name],
          ['Geburtsdatum', germanDate(p.birth_date)],
          ['Wohnort', p.municipality],
          ['Postleitzahl', p.postal_code],
          ['E-Mail', p.email],
          ['Telefon', p.phone],
          ['Erziehungsberechtigte', p.guardian_name],
          ['E-Mail der Erziehungsberechtigten', p.guardian_email],
        ]
          .filter((f): f is [string, string] => typeof f[1] === 'string' && f[1] !== '')
          .map(([label, value]) => ({ label, value })),
      })),
      cases: reportCases,
    };
    // The officer has read the person's data: one entry per case, ids only.
    await this.audit.record(
      caseIds.map((referralId) => ({
        action: AuditAction.ACCESS_REPORT_CREATED,
        actorUserId: user.id,
        recipientInstitutionId: user.institutionId,
        referralId,
        detail: { format: format || 'view' },
      })),
    );
    return report;
  }

  /**
   * The stored records of one person in the JBA: by a case reference (then every record with
   * the same name and date of birth), or by first name, last name and date of birth.
   */
  private async findPersons(jbaId: string, q: AccessReportInput): Promise<PersonRow[]> {
    const errors: FieldError[] = [];
    const caseKey = q.case?.trim();
    let first = q.firstName?.trim() ?? '';
    let last = q.lastName?.trim() ?? '';
    let birth: string | null = null;
    if (caseKey) {
      if (caseKey.length > 100) throw DomainException.invalidField('case', 'case ist zu lang');
      const [row] = await this.dataSource.query(
        `select p.first_name, p.last_name, to_char(p.birth_date, 'YYYY-MM-DD') as birth_date
           from referral r join young_person p on p.id = r.young_person_id
          where r.jba_id = $2 and ${UUID.test(caseKey) ? 'r.id = $1::uuid' : 'upper(r.reference) = upper($1)'}`,
        [caseKey, jbaId],
      );
      if (!row) {
        throw DomainException.invalidField(
          'case',
          'Kein Fall mit diesem Aktenzeichen in Ihrer Jugendberufsagentur',
        );
      }
      [first, last, birth] = [row.first_name, row.last_name, row.birth_date];
    } else {
      if (!first) errors.push({ field: 'firstName', messages: ['firstName darf nicht leer sein'] });
      if (!last) errors.push({ field: 'lastName', messages: ['lastName darf nicht leer sein'] });
      if (first.length > 200 || last.length > 200)
        errors.push({
          field: 'lastName',
          messages: ['Namen dürfen höchstens 200 Zeichen lang sein'],
        });
      birth = q.birthDate ? parseCalendarDate(q.birthDate) : null;
      if (!birth)
        errors.push({
          field: 'birthDate',
          messages: ['birthDate muss ein Datum sein (TT.MM.JJJJ oder JJJJ-MM-TT)'],
        });
      if (errors.length) {
        if (!first && !last && !q.birthDate)
          errors.unshift({
            field: 'case',
            messages: ['Aktenzeichen oder Vorname, Nachname und Geburtsdatum angeben'],
          });
        throw DomainException.validation(errors);
      }
    }
    return this.dataSource.query(
      `select p.id, p.first_name, p.last_name, to_char(p.birth_date, 'YYYY-MM-DD') as birth_date,
              p.municipality, p.postal_code, p.email, p.phone, p.guardian_name, p.guardian_email,
              p.created_at
         from young_person p
        where lower(trim(p.first_name)) = lower(trim($1)) and lower(trim(p.last_name)) = lower(trim($2))
          and p.birth_date = $3::date
          and exists (select 1 from referral r where r.young_person_id = p.id and r.jba_id = $4)
        order by p.created_at asc`,
      [first, last, birth, jbaId],
    );
  }
}

function iso(v: Date | string): string {
  return new Date(v).toISOString();
}
