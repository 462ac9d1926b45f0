import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AuditAction, AuditService } from '@lotse/audit';
import { DomainException } from '@lotse/common';
import type { Principal } from '@lotse/identity';
import type { UserTask } from '@lotse/task';
import { Consent, personalDataDisclosure, Referral, YoungPerson } from '@lotse/referral';
import { AgendaState, ConferenceCase } from '../conference-case.entity';
import { Conference } from '../conference.entity';

/**
 * The cases of an agenda as form options (`caseOptions`): reference and referrer for everyone,
 * name and short description only where the user's institution may see them.
 */
@Injectable()
export class AgendaOptions {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async caseOptions(
    conferenceId: string,
    states: AgendaState[],
    user: Principal,
    opts: { disclose?: boolean } = {},
  ): Promise<Array<{ label: string; value: string }>> {
    const entries = await this.dataSource.getRepository(ConferenceCase).find({
      where: { conferenceId, state: In(states) },
      order: { position: 'ASC' },
    });
    if (entries.length === 0) return [];
    const ids = entries.map((e) => e.referralId);
    const referrals = await this.dataSource.getRepository(Referral).find({
      where: { id: In(ids) },
      relations: { referringInstitution: true, youngPerson: true },
    });
    const consents = await this.dataSource
      .getRepository(Consent)
      .find({ where: { referralId: In(ids) } });
    const byId = new Map(referrals.map((r) => [r.id, r]));
    const disclosed: Array<{ referralId: string; consentId: string | null; basis: string }> = [];
    const options = entries.map((e) => {
      const r = byId.get(e.referralId)!;
      const p = r.youngPerson as YoungPerson;
      const d = personalDataDisclosure(
        user.institutionId,
        r,
        consents.filter((c) => c.referralId === r.id),
        p.birthDate,
      );
      const head = `${r.reference} (${r.referringInstitution!.name})`;
      if (!d.allowed) return { label: `${head} – keine Angaben ohne Einwilligung`, value: r.id };
      disclosed.push({
        referralId: r.id,
        consentId: d.basis === 'consent' ? d.consentId : null,
        basis: d.basis,
      });
      return {
        label: `${head} – ${p.firstName} ${p.lastName}: ${r.shortDescription}`,
        value: r.id,
      };
    });
    // Shown to the user: every case with personal data (the referrer's own too). Only checking a
    // submission (`disclose: false`) shows nothing and is not audited.
    if (opts.disclose === false) return options;
    await this.audit.record(
      disclosed.map((x) => ({
        action: AuditAction.PERSONAL_DATA_READ,
        actorUserId: user.id,
        recipientInstitutionId: user.institutionId,
        referralId: x.referralId,
        consentId: x.consentId,
        detail: { where: 'conference-task', conferenceId, basis: x.basis },
      })),
    );
    return options;
  }

  /** The conference a conference task belongs to. */
  async conferenceOf(task: UserTask): Promise<Conference> {
    const c = task.conferenceId
      ? await this.dataSource.getRepository(Conference).findOneBy({ id: task.conferenceId })
      : null;
    if (!c) throw DomainException.conflict('Diese Aufgabe gehört zu keiner Fallkonferenz.');
    return c;
  }
}
