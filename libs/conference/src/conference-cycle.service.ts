import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditAction, AuditRecord, AuditService } from '@lotse/audit';
import { berlinParts, httpConfig, HttpConfig } from '@lotse/common';
import { Institution, Jba } from '@lotse/institution';
import { MailRequest, NotificationService, RecipientKind } from '@lotse/notification';
import { OutboxService } from '@lotse/outbox';
import {
  Consent,
  evaluateConsents,
  personalDataDisclosure,
  Referral,
  ReferralEvent,
  ReferralEventType,
  ReferralStatus,
  YoungPerson,
} from '@lotse/referral';
import { DuplicateProcessInstance } from '@lotse/engine';
import { Inject } from '@nestjs/common';
import { AgendaState, ConferenceCase } from './conference-case.entity';
import { Conference, ConferenceKind, ConferenceStatus } from './conference.entity';
import { CONFERENCE_MESSAGE_TTL_MS, CONFERENCE_MESSAGES } from './conference.service';

/** One run of one external task of the date's process. */
export interface CycleTask {
  taskId: string;
  processInstanceId: string;
}

export interface AgendaOutcome {
  overCapacity: boolean;
  waitingCount: number;
  capacity: number;
}

interface CaseFacts {
  referral: Referral;
  person: YoungPerson;
  consents: Consent[];
}

/**
 * The work of the conference-cycle process. Each step is idempotent: mails are keyed by
 * conference and recipient, messages by conference and case, and status changes only move
 * forward, so a task the engine delivers twice changes and sends nothing twice.
 */
@Injectable()
export class ConferenceCycleService {
  private readonly logger = new Logger('ConferenceCycle');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: NotificationService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    @Inject(httpConfig.KEY) private readonly http: HttpConfig,
  ) {}

  /** Every partner institution of the JBA gets the call for referrals. */
  async callForReferrals(conferenceId: string, task: CycleTask): Promise<void> {
    await this.inConference(conferenceId, task, async (m, c, jba) => {
      const institutions = await m.find(Institution, {
        where: { jbaId: c.jbaId },
        order: { name: 'ASC' },
      });
      const when = berlinParts(c.startsAt);
      const deadline = berlinParts(c.referralDeadline);
      await this.advance(m, c, ConferenceStatus.CALL_SENT);
      return this.notifications.record(
        m,
        institutions.map((i) => ({
          dedupKey: `call-for-referrals:${c.id}:${i.id}`,
          template: 'call-for-referrals' as const,
          params: {
            jbaName: jba.name,
            conferenceDate: `${when.weekday}, ${when.date}`,
            conferenceTime: when.time,
            place: c.place,
            deadline: `${deadline.date}, ${deadline.time} Uhr`,
            extraordinary: c.kind === ConferenceKind.EXTRAORDINARY,
            link: `${this.http.publicUrl}/faelle`,
          },
          to: i.contactEmail,
          recipientKind: RecipientKind.INSTITUTION,
          recipientInstitutionId: i.id,
          conferenceId: c.id,
        })),
      );
    });
  }

  /**
   * The agenda: the JBA's eligible cases with valid consent that wait for a conference and are
   * not on another date's agenda, oldest first. When they fit, all are on it; otherwise the
   * coordinator selects.
   */
  async buildAgenda(conferenceId: string, task: CycleTask): Promise<AgendaOutcome> {
    let outcome: AgendaOutcome = { overCapacity: false, waitingCount: 0, capacity: 0 };
    await this.inConference(conferenceId, task, async (m, c) => {
      const existing = await m.find(ConferenceCase, { where: { conferenceId } });
      if (existing.length === 0 && c.status !== ConferenceStatus.AGENDA_SET) {
        const waiting: Array<{ id: string }> = await m.query(
          `select r.id from referral r
            where r.jba_id = $1 and r.status = $2
              and not exists (
                select 1 from conference_case cc join conference o on o.id = cc.conference_id
                 where cc.referral_id = r.id and o.id <> $3 and o.status <> 'cancelled'
                   and cc.state in ('proposed', 'selected'))
            order by r.referred_on, r.created_at, r.id
            for update of r`,
          [c.jbaId, ReferralStatus.AWAITING_CONFERENCE, conferenceId],
        );
        const facts = await this.caseFacts(
          m,
          waiting.map((w) => w.id),
        );
        const eligible = waiting.filter((w) => {
          const f = facts.get(w.id)!;
          return evaluateConsents([...f.consents].reverse(), {
            birthDate: f.person.birthDate,
            referredOn: f.referral.referredOn,
          }).valid;
        });
        const fits = eligible.length <= c.capacity;
        if (eligible.length) {
          await m.insert(
            ConferenceCase,
            eligible.map((w, i) => ({
              conferenceId,
              referralId: w.id,
              position: i + 1,
              state: fits ? AgendaState.SELECTED : AgendaState.PROPOSED,
            })),
          );
        }
      }
      const rows = existing.length
        ? existing
        : await m.find(ConferenceCase, { where: { conferenceId } });
      const considered = rows.filter(
        (r) => r.state !== AgendaState.RETURNED && r.state !== AgendaState.WITHDRAWN,
      );
      outcome = {
        overCapacity: considered.length > c.capacity,
        waitingCount: considered.length,
        capacity: c.capacity,
      };
      // Past the deadline the call is history: the status says the selection runs.
      if (outcome.overCapacity) await this.advance(m, c, ConferenceStatus.SELECTING);
      return [];
    });
    return outcome;
  }

  /**
   * A case whose consent was revoked leaves every agenda of a date not yet held (task of the
   * case's `consent-revoked` event sub-process); the case's history says so when it was on one.
   * A redelivered task changes nothing.
   */
  async withdrawCase(caseId: string, task: CycleTask & { elementId: string }): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const dedupKey = `task:${task.taskId}:${ReferralEventType.WITHDRAWN_FROM_CONFERENCES}`;
      if (await m.existsBy(ReferralEvent, { dedupKey })) return;
      const withdrawn: Array<{ conference_id: string }> = await m.query(
        `with withdrawn as (
           update conference_case cc set state = $2, updated_at = now()
             from conference c
            where c.id = cc.conference_id and cc.referral_id = $1
              and cc.state in ($3, $4) and c.status not in ($5, $6)
           returning cc.conference_id)
         select conference_id from withdrawn`,
        [
          caseId,
          AgendaState.WITHDRAWN,
          AgendaState.PROPOSED,
          AgendaState.SELECTED,
          ConferenceStatus.HELD,
          ConferenceStatus.CANCELLED,
        ],
      );
      if (withdrawn.length === 0) return;
      await m.insert(ReferralEvent, {
        referralId: caseId,
        type: ReferralEventType.WITHDRAWN_FROM_CONFERENCES,
        status: null,
        reasonCode: null,
        detail: {
          conferenceIds: withdrawn.map((w) => w.conference_id),
          taskId: task.taskId,
          elementId: task.elementId,
        },
        dedupKey,
      });
    });
  }

  /** The chosen cases' processes receive `case-scheduled`; the others carry over. */
  async scheduleCases(conferenceId: string, task: CycleTask): Promise<void> {
    await this.inConference(conferenceId, task, async (m, c) => {
      await m.update(
        ConferenceCase,
        { conferenceId, state: AgendaState.PROPOSED },
        { state: AgendaState.CARRIED_OVER },
      );
      const selected = await m.find(ConferenceCase, {
        where: { conferenceId, state: AgendaState.SELECTED },
      });
      for (const s of selected) {
        await this.outbox.correlate(
          m,
          `${CONFERENCE_MESSAGES.CASE_SCHEDULED}:${conferenceId}:${s.referralId}`,
          {
            messageName: CONFERENCE_MESSAGES.CASE_SCHEDULED,
            businessKey: s.referralId,
            timeToLiveMs: CONFERENCE_MESSAGE_TTL_MS,
            variables: { conferenceId },
          },
        );
      }
      await this.advance(m, c, ConferenceStatus.AGENDA_SET);
      return [];
    });
  }

  /**
   * Invitations: every partner concerned (the coordinator, the referrers and the institutions
   * the cases' consents name) gets the agenda, with name and short description only of the
   * cases whose consent names it; the young person and guardian who chose to attend get their
   * own invitation. Each disclosure is audited.
   */
  async sendInvitations(conferenceId: string, task: CycleTask): Promise<void> {
    await this.inConference(conferenceId, task, async (m, c, jba) => {
      const selected = await m.find(ConferenceCase, {
        where: { conferenceId, state: AgendaState.SELECTED },
        order: { position: 'ASC' },
      });
      const facts = await this.caseFacts(
        m,
        selected.map((s) => s.referralId),
      );
      const cases = selected.map((s) => facts.get(s.referralId)!);
      const concerned = new Set<string>(
        jba.coordinatingInstitutionId ? [jba.coordinatingInstitutionId] : [],
      );
      for (const f of cases) {
        concerned.add(f.referral.referringInstitutionId);
        const verdict = evaluateConsents([...f.consents].reverse(), {
          birthDate: f.person.birthDate,
          referredOn: f.referral.referredOn,
        });
        if (verdict.valid && verdict.consent)
          for (const r of verdict.consent.recipients) concerned.add(r);
      }
      const institutions = await m.find(Institution, {
        where: { id: In([...concerned]), jbaId: c.jbaId },
      });
      const when = berlinParts(c.startsAt);
      const mails: MailRequest[] = [];
      const audit: AuditRecord[] = [];
      for (const inst of institutions.sort((a, b) => a.name.localeCompare(b.name, 'de'))) {
        // The cases whose data this mail lists on a consent: re-checked when it is sent.
        const disclosedCaseIds: string[] = [];
        const lines = cases.map((f) => {
          const d = personalDataDisclosure(inst.id, f.referral, f.consents, f.person.birthDate);
          if (!d.allowed)
            return `${f.referral.reference} (Angaben nur für die in der Einwilligung genannten Stellen)`;
          if (d.basis === 'consent') disclosedCaseIds.push(f.referral.id);
          // Every mail with personal data, the referrer's own included (issue 12).
          audit.push({
            action: AuditAction.PERSONAL_DATA_MAILED,
            recipientInstitutionId: inst.id,
            referralId: f.referral.id,
            consentId: d.basis === 'consent' ? d.consentId : null,
            detail: { conferenceId, template: 'conference-invitation', basis: d.basis },
          });
          return `${f.referral.reference} – ${f.person.firstName} ${f.person.lastName}: ${f.referral.shortDescription}`;
        });
        mails.push({
          dedupKey: `invitation:${conferenceId}:${inst.id}`,
          template: 'conference-invitation',
          params: {
            jbaName: jba.name,
            conferenceDate: `${when.weekday}, ${when.date}`,
            conferenceTime: when.time,
            place: c.place,
            cases: lines,
            link: `${this.http.publicUrl}/konferenzen/${conferenceId}`,
            disclosedCaseIds,
          },
          to: inst.contactEmail,
          recipientKind: RecipientKind.INSTITUTION,
          recipientInstitutionId: inst.id,
          conferenceId,
        });
      }
      for (const f of cases) {
        const base = {
          jbaName: jba.name,
          conferenceDate: `${when.weekday}, ${when.date}`,
          conferenceTime: when.time,
          place: c.place,
        };
        if (f.referral.youngPersonAttends && f.person.email) {
          mails.push({
            dedupKey: `invitation:${conferenceId}:young-person:${f.referral.id}`,
            template: 'conference-invitation-young-person',
            params: { ...base, guardian: false },
            to: f.person.email,
            recipientKind: RecipientKind.YOUNG_PERSON,
            referralId: f.referral.id,
            conferenceId,
          });
          audit.push({
            action: AuditAction.PERSONAL_DATA_MAILED,
            referralId: f.referral.id,
            detail: {
              conferenceId,
              template: 'conference-invitation-young-person',
              recipientKind: RecipientKind.YOUNG_PERSON,
            },
          });
        }
        if (f.referral.guardianAttends && f.person.guardianEmail) {
          mails.push({
            dedupKey: `invitation:${conferenceId}:guardian:${f.referral.id}`,
            template: 'conference-invitation-young-person',
            params: { ...base, guardian: true },
            to: f.person.guardianEmail,
            recipientKind: RecipientKind.GUARDIAN,
            referralId: f.referral.id,
            conferenceId,
          });
          audit.push({
            action: AuditAction.PERSONAL_DATA_MAILED,
            referralId: f.referral.id,
            detail: {
              conferenceId,
              template: 'conference-invitation-young-person',
              recipientKind: RecipientKind.GUARDIAN,
            },
          });
        }
      }
      const already = await m.query(`select 1 from notification where dedup_key = $1`, [
        mails[0]?.dedupKey ?? '',
      ]);
      if (already.length === 0) await this.audit.record(audit, m);
      await this.advance(m, c, ConferenceStatus.INVITED);
      return this.notifications.record(m, mails);
    });
  }

  /** After a move: everyone invited hears the new time and place. */
  async notifyRescheduled(conferenceId: string, task: CycleTask): Promise<void> {
    await this.inConference(conferenceId, task, async (m, c, jba) => {
      const invited: Array<{
        recipient_email: string;
        recipient_kind: RecipientKind;
        recipient_institution_id: string | null;
        referral_id: string | null;
      }> = await m.query(
        `select distinct recipient_email, recipient_kind, recipient_institution_id, referral_id
             from notification where conference_id = $1 and template like 'conference-invitation%'`,
        [conferenceId],
      );
      const when = berlinParts(c.startsAt);
      return this.notifications.record(
        m,
        invited.map((r) => ({
          dedupKey: `rescheduled:${conferenceId}:${c.version}:${r.recipient_email}`,
          template: 'conference-rescheduled' as const,
          params: {
            jbaName: jba.name,
            conferenceDate: `${when.weekday}, ${when.date}`,
            conferenceTime: when.time,
            place: c.place,
          },
          to: r.recipient_email,
          recipientKind: r.recipient_kind,
          recipientInstitutionId: r.recipient_institution_id,
          referralId: r.referral_id,
          conferenceId,
        })),
      );
    });
  }

  /** Discussed cases receive `case-discussed`; the others `case-returned` and wait again. */
  async publishOutcomes(conferenceId: string, task: CycleTask): Promise<void> {
    await this.inConference(conferenceId, task, async (m, c) => {
      // Cases still only `selected` were not recorded as discussed: they were not.
      await m.update(
        ConferenceCase,
        { conferenceId, state: AgendaState.SELECTED },
        { state: AgendaState.NOT_DISCUSSED },
      );
      const rows = await m.find(ConferenceCase, {
        where: { conferenceId, state: In([AgendaState.DISCUSSED, AgendaState.NOT_DISCUSSED]) },
      });
      for (const r of rows) {
        const name =
          r.state === AgendaState.DISCUSSED
            ? CONFERENCE_MESSAGES.CASE_DISCUSSED
            : CONFERENCE_MESSAGES.CASE_RETURNED;
        // Only the case's instance that waits for this date's outcome takes it.
        await this.outbox.correlate(m, `${name}:${conferenceId}:${r.referralId}`, {
          messageName: name,
          businessKey: r.referralId,
          correlationKeys: { conferenceId },
          timeToLiveMs: CONFERENCE_MESSAGE_TTL_MS,
          variables: { conferenceId },
        });
      }
      await this.advance(m, c, ConferenceStatus.HELD);
      return [];
    });
  }

  /** The date was cancelled: partners already called or invited hear it (its open tasks ended with the engine's cancellation path). */
  async notifyCancelled(conferenceId: string, task: CycleTask): Promise<void> {
    await this.inConference(conferenceId, task, async (m, c, jba) => {
      const told: Array<{
        recipient_email: string;
        recipient_kind: RecipientKind;
        recipient_institution_id: string | null;
        referral_id: string | null;
      }> = await m.query(
        `select distinct recipient_email, recipient_kind, recipient_institution_id, referral_id
             from notification where conference_id = $1
              and template in ('call-for-referrals', 'conference-invitation', 'conference-invitation-young-person')`,
        [conferenceId],
      );
      const when = berlinParts(c.startsAt);
      return this.notifications.record(
        m,
        told.map((r) => ({
          dedupKey: `cancelled:${conferenceId}:${r.recipient_email}`,
          template: 'conference-cancelled' as const,
          params: {
            jbaName: jba.name,
            conferenceDate: `${when.weekday}, ${when.date}`,
            reason: c.cancelReason ?? '',
          },
          to: r.recipient_email,
          recipientKind: r.recipient_kind,
          recipientInstitutionId: r.recipient_institution_id,
          referralId: r.referral_id,
          conferenceId,
        })),
      );
    });
  }

  /**
   * One step in a transaction with the conference row locked; mails recorded by the step are
   * handed to the queue after the commit (their rows are de-duplicated by key).
   */
  private async inConference(
    conferenceId: string,
    task: CycleTask,
    run: (m: EntityManager, c: Conference, jba: Jba) => Promise<string[]>,
  ): Promise<void> {
    const mails = await this.dataSource.transaction(async (m) => {
      const c = await m
        .getRepository(Conference)
        .createQueryBuilder('c')
        .setLock('pessimistic_write')
        .where('c.id = :id', { id: conferenceId })
        .getOne();
      if (!c) throw new Error(`conference ${conferenceId} not found`);
      if (c.processInstanceId && c.processInstanceId !== task.processInstanceId) {
        throw new DuplicateProcessInstance(`conference ${conferenceId}`, c.processInstanceId);
      }
      if (!c.processInstanceId) {
        await m.update(Conference, { id: c.id }, { processInstanceId: task.processInstanceId });
      }
      const jba = await m.findOneByOrFail(Jba, { id: c.jbaId });
      return run(m, c, jba);
    });
    await this.notifications.dispatch(mails);
  }

  /** Statuses only move forward (a redelivered task finds them already there). */
  private async advance(m: EntityManager, c: Conference, to: ConferenceStatus) {
    const order = [
      ConferenceStatus.PLANNED,
      ConferenceStatus.CALL_SENT,
      ConferenceStatus.SELECTING,
      ConferenceStatus.AGENDA_SET,
      ConferenceStatus.INVITED,
      ConferenceStatus.HELD,
    ];
    if (c.status === ConferenceStatus.CANCELLED || order.indexOf(c.status) >= order.indexOf(to))
      return;
    await m.update(Conference, { id: c.id }, { status: to });
  }

  private async caseFacts(
    m: EntityManager,
    referralIds: string[],
  ): Promise<Map<string, CaseFacts>> {
    if (referralIds.length === 0) return new Map();
    const referrals = await m.find(Referral, { where: { id: In(referralIds) } });
    const persons = await m.find(YoungPerson, {
      where: { id: In(referrals.map((r) => r.youngPersonId)) },
    });
    const consents = await m.find(Consent, {
      where: { referralId: In(referralIds) },
      order: { recordedAt: 'ASC' },
    });
    const personById = new Map(persons.map((p) => [p.id, p]));
    return new Map(
      referrals.map((r) => [
        r.id,
        {
          referral: r,
          person: personById.get(r.youngPersonId)!,
          consents: consents.filter((c) => c.referralId === r.id),
        },
      ]),
    );
  }
}
