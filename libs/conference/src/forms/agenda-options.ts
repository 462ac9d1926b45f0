import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AuditAction, AuditService } from '@lotse/audit';
import { DomainException } from '@lotse/common';
import type { Principal } from '@lotse/identity';
import type { UserTask } from '@lotse/task';
import {
  Consent,
  personalDataDisclosure,
  Referral,
  ReferralStatus,
  YoungPerson,
} from '@lotse/referral';
import { AgendaState, ConferenceCase } from '../conference-case.entity';
import { Conference } from '../conference.entity';

/** One case of *Fälle auswählen*; `name`/`shortDescription` only where the consent allows. */
export interface CaseRow {
  id: string;
  /** Place in the order of receipt (oldest first). */
  position: number | null;
  referenceNumber: string;
  /** Date of the referral, YYYY-MM-DD. */
  referredOn: string;
  /** Name of the referring institution. */
  referrer: string;
  /** Since when the case waits for a conference, YYYY-MM-DD. */
  waitingSince: string;
  /** How often the case was already carried over to a next conference. */
  carriedOverCount: number;
  name: string | null;
  shortDescription: string | null;
}

/** A case as an option of a Camunda form checklist; personal data only where `r` has it. */
export function caseOption(r: CaseRow): { label: string; value: string } {
  const head = `${r.referenceNumber} (${r.referrer})`;
  return {
    label: r.name
      ? `${head} – ${r.name}: ${r.shortDescription}`
      : `${head} – keine Angaben ohne Einwilligung`,
    value: r.id,
  };
}

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
    const rows = await this.caseRows(conferenceId, states, user, opts);
    return rows.map(caseOption);
  }

  /**
   * The cases of an agenda as table rows (*Fälle auswählen*): reference, referral date,
   * referrer, since when the case waits, how often it was carried over; name and short
   * description only where the user's institution may see them. Showing them is audited.
   */
  async caseRows(
    conferenceId: string,
    states: AgendaState[],
    user: Principal,
    opts: { disclose?: boolean } = {},
  ): Promise<CaseRow[]> {
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
    const history: Array<{ referral_id: string; waiting_since: string | null; carried: number }> =
      await this.dataSource.query(
        `select r.id as referral_id,
                (select to_char(max(e.occurred_at) at time zone 'Europe/Berlin', 'YYYY-MM-DD')
                   from referral_event e
                  where e.referral_id = r.id and e.type = 'status-changed' and e.status = $2) as waiting_since,
                (select count(*)::int from conference_case cc
                  where cc.referral_id = r.id and cc.conference_id <> $3 and cc.state = $4) as carried
           from referral r where r.id = any($1::uuid[])`,
        [ids, ReferralStatus.AWAITING_CONFERENCE, conferenceId, AgendaState.CARRIED_OVER],
      );
    const historyOf = new Map(history.map((h) => [h.referral_id, h]));
    const byId = new Map(referrals.map((r) => [r.id, r]));
    const disclosed: Array<{ referralId: string; consentId: string | null; basis: string }> = [];
    const rows = entries.map((e): CaseRow => {
      const r = byId.get(e.referralId)!;
      const p = r.youngPerson as YoungPerson;
      const h = historyOf.get(r.id);
      const d = personalDataDisclosure(
        user.institutionId,
        r,
        consents.filter((c) => c.referralId === r.id),
        p.birthDate,
      );
      const row: CaseRow = {
        id: r.id,
        position: e.position,
        referenceNumber: r.reference,
        referredOn: r.referredOn,
        referrer: r.referringInstitution!.name,
        waitingSince: h?.waiting_since ?? r.referredOn,
        carriedOverCount: h?.carried ?? 0,
        name: null,
        shortDescription: null,
      };
      if (!d.allowed) return row;
      disclosed.push({
        referralId: r.id,
        consentId: d.basis === 'consent' ? d.consentId : null,
        basis: d.basis,
      });
      return { ...row, name: `${p.firstName} ${p.lastName}`, shortDescription: r.shortDescription };
    });
    // Shown to the user: every case with personal data (the referrer's own too). Only checking a
    // submission (`disclose: false`) shows nothing and is not audited.
    if (opts.disclose === false) return rows;
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
    return rows;
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
