import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AuditAction, AuditRecord, AuditService } from '@lotse/audit';
import { Principal } from '@lotse/identity';
import { Institution, InstitutionService } from '@lotse/institution';
import { Consent } from '../consent/consent.entity';
import { personalDataDisclosure } from '../referral-access';
import { FINAL_STATUSES, REFERRAL_STATUS_LABELS } from '../referral-status';
import { Referral } from '../referral.entity';
import { ExistingCaseView } from './existing-cases.dto';

/** The facts a young person is recognised by. */
export interface YoungPersonKey {
  firstName: string;
  lastName: string;
  birthDate: string;
}

/**
 * How names are compared: trimmed, Unicode NFC, lower case; the same expression on both sides,
 * so the database decides (and the index `ix_young_person_lookup` on the last name serves it).
 * Different spellings (ß/ss, ü/ue) are not taken as the same name.
 */
const nameKey = (sql: string) => `lower(normalize(btrim(${sql}), NFC))`;

/**
 * Doppelbetreuung: does the young person of a (new) referral already have an open case in the
 * JBA, and who coordinates it? Everyone referring learns that and since when; which case and its
 * status only an institution that may see the young person's data (its referrer, or one a valid
 * consent names: `personalDataDisclosure`). Every lookup is audited, with ids only.
 */
@Injectable()
export class ExistingCasesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly institutions: InstitutionService,
    private readonly audit: AuditService,
  ) {}

  /** The check before a referral (`POST /referrals/existing-cases`), in the caller's JBA. */
  check(person: YoungPersonKey, user: Principal): Promise<ExistingCaseView[]> {
    return this.lookup(user.jbaId, person, user, { where: 'existing-cases' });
  }

  /** The other open cases of the young person of a referral just accepted. */
  forReferral(
    referral: Pick<Referral, 'id' | 'jbaId'>,
    person: YoungPersonKey,
    user: Principal,
  ): Promise<ExistingCaseView[]> {
    return this.lookup(referral.jbaId, person, user, {
      where: 'referral-submitted',
      excludeReferralId: referral.id,
    });
  }

  private async lookup(
    jbaId: string,
    person: YoungPersonKey,
    user: Principal,
    opts: { where: string; excludeReferralId?: string },
  ): Promise<ExistingCaseView[]> {
    const qb = this.dataSource
      .getRepository(Referral)
      .createQueryBuilder('r')
      .innerJoinAndSelect('r.youngPerson', 'yp')
      .innerJoinAndSelect('r.referringInstitution', 'ri')
      .where(`${nameKey('yp.last_name')} = ${nameKey('CAST(:lastName AS text)')}`, {
        lastName: person.lastName.trim(),
      })
      .andWhere('yp.birth_date = :birthDate', { birthDate: person.birthDate })
      .andWhere(`${nameKey('yp.first_name')} = ${nameKey('CAST(:firstName AS text)')}`, {
        firstName: person.firstName.trim(),
      })
      .andWhere('r.jba_id = :jbaId', { jbaId })
      // Open = not final, whatever statuses are final today.
      .andWhere('r.status <> ALL(:finalStatuses)', { finalStatuses: [...FINAL_STATUSES] })
      .orderBy('r.referredOn', 'ASC')
      .addOrderBy('r.createdAt', 'ASC');
    if (opts.excludeReferralId)
      qb.andWhere('r.id <> :exclude', { exclude: opts.excludeReferralId });
    const cases = await qb.getMany();

    const consents = cases.length
      ? await this.dataSource.getRepository(Consent).find({
          where: { referralId: In(cases.map((r) => r.id)) },
          order: { recordedAt: 'DESC' },
        })
      : [];
    const coordinator = cases.length ? await this.coordinatorOf(jbaId) : null;
    const audit: AuditRecord[] = [];
    const base = {
      action: AuditAction.EXISTING_CASES_CHECKED,
      actorUserId: user.id,
      recipientInstitutionId: user.institutionId,
    };
    const views = cases.map((r): ExistingCaseView => {
      const d = personalDataDisclosure(
        user.institutionId,
        r,
        consents.filter((c) => c.referralId === r.id),
        r.youngPerson!.birthDate,
      );
      audit.push({
        ...base,
        referralId: r.id,
        consentId: d.allowed && d.basis === 'consent' ? d.consentId : null,
        detail: {
          where: opts.where,
          disclosed: d.allowed ? d.basis : 'coordination-only',
          ...(opts.excludeReferralId ? { submittedReferralId: opts.excludeReferralId } : {}),
        },
      });
      const coordinating = coordinator ?? r.referringInstitution!;
      return {
        coordinatingInstitution: {
          id: coordinating.id,
          name: coordinating.name,
          contactEmail: coordinating.contactEmail,
        },
        referringInstitution: d.allowed
          ? { id: r.referringInstitutionId, name: r.referringInstitution!.name }
          : null,
        since: r.referredOn,
        statusLabel: d.allowed ? (REFERRAL_STATUS_LABELS[r.status] ?? r.status) : '',
        caseId: d.allowed ? r.id : null,
        reference: d.allowed ? r.reference : null,
      };
    });
    // A check that found nothing is audited too (someone asked about a person); a referral
    // that found nothing is in its own history already.
    if (audit.length === 0 && !opts.excludeReferralId) {
      audit.push({ ...base, detail: { where: opts.where, matches: 0 } });
    }
    await this.audit.record(audit);
    return views;
  }

  /** The JBA's coordinating institution (usually the Jugendamt), if it has one. */
  private async coordinatorOf(jbaId: string): Promise<Institution | null> {
    const jba = await this.institutions.findJba(jbaId);
    if (!jba?.coordinatingInstitutionId) return null;
    const i = await this.institutions.findById(jba.coordinatingInstitutionId);
    return i && i.jbaId === jbaId ? i : null;
  }
}
