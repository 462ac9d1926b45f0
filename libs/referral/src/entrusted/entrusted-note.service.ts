import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditAction, AuditService } from '@lotse/audit';
import { DomainException } from '@lotse/common';
import type { Principal } from '@lotse/identity';
import { Institution, InstitutionKind } from '@lotse/institution';
import { ConsentPurpose } from '../consent/consent-purpose';
import { Consent } from '../consent/consent.entity';
import { evaluateConsent } from '../consent/consent.rules';
import { canSeeCase, personalDataDisclosure } from '../referral-access';
import { Referral } from '../referral.entity';
import { YoungPerson } from '../young-person.entity';
import { EntrustedNote } from './entrusted-note.entity';
import { EntrustedNoteView, EntrustedNotesView } from './entrusted-note.dto';

/**
 * The consent that lets `institutionId` read what was entrusted to the Jugendamt: valid now and
 * naming the institution with the purpose `entrusted-information` explicitly.
 */
export function entrustedDisclosureConsent(
  institutionId: string,
  referral: Pick<Referral, 'referredOn'>,
  consents: readonly Consent[],
  birthDate: string,
): Consent | null {
  return (
    consents.find(
      (c) =>
        c.recipients.includes(institutionId) &&
        c.purposes.includes(ConsentPurpose.ENTRUSTED_INFORMATION) &&
        evaluateConsent(c, { birthDate, referredOn: referral.referredOn }).valid,
    ) ?? null
  );
}

/** § 65 SGB VIII: information entrusted to the Jugendamt, kept out of everything shared. */
@Injectable()
export class EntrustedNoteService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(referralId: string, user: Principal): Promise<EntrustedNotesView> {
    const ctx = await this.context(referralId, user);
    const notes = await this.dataSource.getRepository(EntrustedNote).find({
      where: { referralId },
      relations: { institution: true },
      order: { createdAt: 'ASC' },
    });
    const consent = entrustedDisclosureConsent(
      user.institutionId,
      ctx.referral,
      ctx.consents,
      ctx.person.birthDate,
    );
    const visible = notes.filter((n) => n.institutionId === user.institutionId || consent);
    const shared = visible.filter((n) => n.institutionId !== user.institutionId);
    if (shared.length && consent) {
      await this.audit.record([
        {
          action: AuditAction.PERSONAL_DATA_READ,
          actorUserId: user.id,
          recipientInstitutionId: user.institutionId,
          referralId,
          consentId: consent.id,
          detail: { where: 'entrusted-notes', notes: shared.map((n) => n.id) },
        },
      ]);
    }
    return { mayRecord: ctx.mayRecord, items: visible.map(view) };
  }

  async record(referralId: string, text: string, user: Principal): Promise<EntrustedNoteView> {
    const ctx = await this.context(referralId, user);
    if (!ctx.mayRecord) {
      throw DomainException.forbidden(
        'Anvertraute Informationen (§ 65 SGB VIII) erfasst das Jugendamt, das den Fall sehen darf.',
      );
    }
    const note = await this.dataSource.getRepository(EntrustedNote).save({
      referralId,
      institutionId: user.institutionId,
      text,
      createdBy: user.id,
    });
    note.institution = ctx.institution;
    return view(note as EntrustedNote);
  }

  private async context(referralId: string, user: Principal) {
    const referral = await this.dataSource.getRepository(Referral).findOneBy({ id: referralId });
    const consents = referral
      ? await this.dataSource
          .getRepository(Consent)
          .find({ where: { referralId }, order: { recordedAt: 'DESC' } })
      : [];
    if (!referral || !canSeeCase(user, referral, consents)) {
      throw DomainException.notFound('Diese Fallmeldung gibt es nicht.');
    }
    const [person, institution] = await Promise.all([
      this.dataSource.getRepository(YoungPerson).findOneByOrFail({ id: referral.youngPersonId }),
      this.dataSource.getRepository(Institution).findOneByOrFail({ id: user.institutionId }),
    ]);
    const mayRecord =
      institution.kind === InstitutionKind.YOUTH_WELFARE_OFFICE &&
      personalDataDisclosure(user.institutionId, referral, consents, person.birthDate).allowed;
    return { referral, consents, person, institution, mayRecord };
  }
}

function view(n: EntrustedNote): EntrustedNoteView {
  return {
    id: n.id,
    text: n.text,
    institutionName: n.institution?.name ?? '',
    createdAt: n.createdAt.toISOString(),
  };
}
