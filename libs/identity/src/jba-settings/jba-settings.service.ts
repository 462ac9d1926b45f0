import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditAction, AuditService } from '@lotse/audit';
import { DomainException, durationMs, FieldError } from '@lotse/common';
import { FEDERAL_STATES, FederalState, Jba } from '@lotse/institution';
import { hasRole, Principal } from '../principal';
import { Role } from '../role';
import { JbaSettingsView, UpdateJbaSettingsDto } from './jba-settings.dto';

/**
 * The settings of a JBA: its target group (age limit, municipality) and the timings its
 * processes use. Changed by the admins of the coordinating institution; a new value counts for
 * referrals and conference dates from then on (running processes keep the timings they started
 * with; the eligibility check reads the target group when it runs).
 */
@Injectable()
export class JbaSettingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async get(user: Principal): Promise<JbaSettingsView> {
    const jba = await this.dataSource.getRepository(Jba).findOneBy({ id: user.jbaId });
    if (!jba) throw DomainException.notFound('Diese Jugendberufsagentur gibt es nicht.');
    return view(jba, user);
  }

  async update(dto: UpdateJbaSettingsDto, user: Principal): Promise<JbaSettingsView> {
    return this.dataSource.transaction(async (m) => {
      const jba = await m
        .getRepository(Jba)
        .createQueryBuilder('j')
        .setLock('pessimistic_write')
        .where('j.id = :id', { id: user.jbaId })
        .getOne();
      if (!jba) throw DomainException.notFound('Diese Jugendberufsagentur gibt es nicht.');
      if (!mayEdit(jba, user)) {
        throw DomainException.forbidden(
          'Die Einstellungen ändert die Administration der koordinierenden Stelle.',
        );
      }
      const next = { ...jba, ...definedOf(dto) };
      const problems: FieldError[] = [];
      if (durationMs(next.consentReminderInterval) >= durationMs(next.consentDeadline)) {
        problems.push({
          field: 'consentReminderInterval',
          messages: ['Die Erinnerung muss vor Ablauf der Frist kommen.'],
        });
      }
      if (durationMs(next.callForReferralsLeadTime) > durationMs('P365D')) {
        problems.push({
          field: 'callForReferralsLeadTime',
          messages: ['Der Aufruf kann höchstens ein Jahr vor dem Termin kommen.'],
        });
      }
      problems.push(...retentionProblems(next));
      if (problems.length) throw DomainException.validation(problems);
      const changes = definedOf(dto);
      if (Object.keys(changes).length > 0) {
        await m.update(Jba, { id: jba.id }, changes);
        await this.audit.record(
          [
            {
              action: AuditAction.SETTINGS_CHANGED,
              actorUserId: user.id,
              recipientInstitutionId: user.institutionId,
              detail: { jbaId: jba.id, changes },
            },
          ],
          m,
        );
      }
      return view(next as Jba, user);
    });
  }
}

function mayEdit(jba: Jba, user: Principal): boolean {
  return (
    hasRole(user, Role.ADMIN) &&
    (!jba.coordinatingInstitutionId || jba.coordinatingInstitutionId === user.institutionId)
  );
}

function definedOf(dto: UpdateJbaSettingsDto): Partial<Jba> {
  return Object.fromEntries(
    Object.entries(dto)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, typeof v === 'string' ? v.trim() : v]),
  ) as Partial<Jba>;
}

function view(jba: Jba, user: Principal): JbaSettingsView {
  return {
    id: jba.id,
    name: jba.name,
    municipality: jba.municipality,
    federalState: (jba.federalState as FederalState | null) ?? null,
    federalStateOptions: (Object.keys(FEDERAL_STATES) as FederalState[]).map((value) => ({
      value,
      label: FEDERAL_STATES[value],
    })),
    ageLimit: jba.ageLimit,
    consentReminderInterval: jba.consentReminderInterval,
    consentDeadline: jba.consentDeadline,
    callForReferralsLeadTime: jba.callForReferralsLeadTime,
    followUpEscalationDelay: jba.followUpEscalationDelay,
    protocolPdfAttachment: jba.protocolPdfAttachment,
    maxReferralBackdatingDays: jba.maxReferralBackdatingDays,
    minorsMayConsentAlone: jba.minorsMayConsentAlone,
    retentionEndedWithoutCase: jba.retentionEndedWithoutCase,
    retentionClosed: jba.retentionClosed,
    retentionAfterRevocation: jba.retentionAfterRevocation,
    retentionMailContents: jba.retentionMailContents,
    retentionAudit: jba.retentionAudit,
    coordinatingInstitutionId: jba.coordinatingInstitutionId,
    editable: mayEdit(jba, user),
  };
}

/** Days a retention period spans at least (twelve months and a year are 365 days). */
function minDays(period: string): number {
  const m = /^P(\d+)([DMY])$/.exec(period);
  if (!m) return 0;
  const n = Number(m[1]);
  return m[2] === 'D' ? n : m[2] === 'M' ? Math.floor((n * 365) / 12) : n * 365;
}

/** The audit is kept at least a year (the database refuses to prune it sooner); nothing longer than ten years. */
function retentionProblems(jba: Jba): FieldError[] {
  const problems: FieldError[] = [];
  if (minDays(jba.retentionAudit) < 365) {
    problems.push({
      field: 'retentionAudit',
      messages: ['Das Audit wird mindestens 365 Tage (P12M, P1Y) aufbewahrt.'],
    });
  }
  for (const field of [
    'retentionEndedWithoutCase',
    'retentionClosed',
    'retentionAfterRevocation',
    'retentionMailContents',
    'retentionAudit',
  ] as const) {
    if (minDays(jba[field]) > 3653) {
      problems.push({ field, messages: ['Die Frist darf höchstens zehn Jahre betragen.'] });
    }
  }
  return problems;
}
