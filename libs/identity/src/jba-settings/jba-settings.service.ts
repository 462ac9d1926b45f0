import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditAction, AuditService } from '@lotse/audit';
import { DomainException, durationMs, FieldError } from '@lotse/common';
import { Jba } from '@lotse/institution';
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
    ageLimit: jba.ageLimit,
    consentReminderInterval: jba.consentReminderInterval,
    consentDeadline: jba.consentDeadline,
    callForReferralsLeadTime: jba.callForReferralsLeadTime,
    followUpEscalationDelay: jba.followUpEscalationDelay,
    protocolPdfAttachment: jba.protocolPdfAttachment,
    maxReferralBackdatingDays: jba.maxReferralBackdatingDays,
    minorsMayConsentAlone: jba.minorsMayConsentAlone,
    coordinatingInstitutionId: jba.coordinatingInstitutionId,
    editable: mayEdit(jba, user),
  };
}
