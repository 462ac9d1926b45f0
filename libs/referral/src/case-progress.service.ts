import { DuplicateProcessInstance } from '@lotse/zeebe';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Institution, Jba } from '@lotse/institution';
import { NotificationService, RecipientKind } from '@lotse/notification';
import { TaskProjectionService } from '@lotse/task';
import { Consent } from './consent/consent.entity';
import { evaluateConsents } from './consent/consent.rules';
import { evaluateEligibility } from './eligibility/eligibility.rules';
import { REASON_MESSAGES, ReasonCode } from './reasons';
import { ReferralEvent, ReferralEventType } from './referral-event.entity';
import { ReferralStatus } from './referral-status';
import { Referral } from './referral.entity';
import { ReferralService } from './referral.service';
import { YoungPerson } from './young-person.entity';

/** The user task *obtain consent* in bpmn/case-referral.bpmn. */
export const OBTAIN_CONSENT_ELEMENT = 'Task_ObtainConsent';

export interface ConsentCheckOutcome {
  consentValid: boolean;
  consentReason: ReasonCode | null;
}

export interface EligibilityOutcome {
  eligible: boolean;
  ineligibleReasons: ReasonCode[];
}

/** Identifies one run of one job, so a redelivered job changes nothing twice. */
export interface JobRef {
  jobKey: string;
  processInstanceKey: string;
  processDefinitionKey: string;
  elementId: string;
}

/**
 * What the case-referral workers do to a case. Each step records its outcome as an event keyed
 * by the job key; a second delivery of the same job finds that event and returns the recorded
 * outcome without writing or sending anything again.
 */
@Injectable()
export class CaseProgressService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: NotificationService,
    private readonly referrals: ReferralService,
    private readonly tasks: TaskProjectionService,
  ) {}

  async checkConsent(caseId: string, job: JobRef): Promise<ConsentCheckOutcome> {
    return this.step(caseId, job, ReferralEventType.CONSENT_CHECKED, async (m, referral) => {
      // Back at the check, so *obtain consent* is over (completed, or left by consent-provided).
      await this.tasks.cancelOpen(job.processInstanceKey, [OBTAIN_CONSENT_ELEMENT], m);
      const person = await m.findOneByOrFail(YoungPerson, { id: referral.youngPersonId });
      const consents = await m.find(Consent, {
        where: { referralId: caseId },
        order: { recordedAt: 'DESC' },
      });
      const verdict = evaluateConsents(consents, {
        birthDate: person.birthDate,
        referredOn: referral.referredOn,
      });
      const outcome: ConsentCheckOutcome = {
        consentValid: verdict.valid,
        consentReason: verdict.valid ? null : verdict.reason,
      };
      if (!verdict.valid) {
        await this.setStatus(m, referral, ReferralStatus.AWAITING_CONSENT, verdict.reason, job);
      }
      return { outcome, reasonCode: outcome.consentReason, mails: [] };
    });
  }

  async checkEligibility(caseId: string, job: JobRef): Promise<EligibilityOutcome> {
    return this.step(caseId, job, ReferralEventType.ELIGIBILITY_CHECKED, async (m, referral) => {
      const person = await m.findOneByOrFail(YoungPerson, { id: referral.youngPersonId });
      const jba = await m.findOneByOrFail(Jba, { id: referral.jbaId });
      const verdict = evaluateEligibility(
        {
          birthDate: person.birthDate,
          municipality: person.municipality,
          referredOn: referral.referredOn,
        },
        { ageLimit: jba.ageLimit, municipality: jba.municipality },
      );
      const outcome: EligibilityOutcome = verdict.eligible
        ? { eligible: true, ineligibleReasons: [] }
        : { eligible: false, ineligibleReasons: verdict.reasons };
      if (verdict.eligible) {
        await this.setStatus(m, referral, ReferralStatus.AWAITING_CONFERENCE, null, job);
      } else {
        await this.setStatus(m, referral, ReferralStatus.INELIGIBLE, verdict.reasons[0], job);
      }
      return { outcome, reasonCode: outcome.ineligibleReasons[0] ?? null, mails: [] };
    });
  }

  /** Tells the referring institution why its referral was not taken (by reference, no names). */
  async notifyIneligible(caseId: string, job: JobRef): Promise<void> {
    await this.step(caseId, job, ReferralEventType.REFERRER_NOTIFIED, async (m, referral) => {
      const referrer = await m.findOneByOrFail(Institution, {
        id: referral.referringInstitutionId,
      });
      const reasons = await this.reasonsOfLast(m, caseId, ReferralEventType.ELIGIBILITY_CHECKED);
      const ids = await this.notifications.record(m, [
        {
          dedupKey: `referral-ineligible:${caseId}`,
          template: 'referral-ineligible',
          params: {
            reference: referral.reference,
            reasons: reasons.map((r) => REASON_MESSAGES[r]),
            link: this.referrals.caseLink(caseId),
          },
          to: referrer.contactEmail,
          recipientKind: RecipientKind.INSTITUTION,
          recipientInstitutionId: referrer.id,
          referralId: caseId,
        },
      ]);
      return { outcome: undefined, reasonCode: null, mails: ids };
    });
  }

  /** A reminder to the referrer while the consent is missing (one per timer firing). */
  async remindConsent(caseId: string, job: JobRef): Promise<void> {
    await this.step(caseId, job, ReferralEventType.CONSENT_REMINDER_SENT, async (m, referral) => {
      // A reminder that fires together with the deadline (or after a consent arrived) is moot.
      if (referral.status !== ReferralStatus.AWAITING_CONSENT) {
        return { outcome: undefined, reasonCode: null, mails: [] };
      }
      const referrer = await m.findOneByOrFail(Institution, {
        id: referral.referringInstitutionId,
      });
      const code = referral.statusReason ?? ReasonCode.CONSENT_MISSING;
      const ids = await this.notifications.record(m, [
        {
          dedupKey: `consent-reminder:${job.jobKey}`,
          template: 'consent-reminder',
          params: {
            reference: referral.reference,
            reason: REASON_MESSAGES[code],
            link: this.referrals.caseLink(caseId),
          },
          to: referrer.contactEmail,
          recipientKind: RecipientKind.INSTITUTION,
          recipientInstitutionId: referrer.id,
          referralId: caseId,
        },
      ]);
      return { outcome: undefined, reasonCode: null, mails: ids };
    });
  }

  /** The consent deadline passed: the case ends without a conference; the referrer is told. */
  async closeWithoutConsent(caseId: string, job: JobRef): Promise<void> {
    await this.step(caseId, job, ReferralEventType.REFERRER_NOTIFIED, async (m, referral) => {
      await this.setStatus(
        m,
        referral,
        ReferralStatus.NO_CONSENT,
        ReasonCode.CONSENT_DEADLINE_PASSED,
        job,
      );
      await this.tasks.cancelOpen(job.processInstanceKey, undefined, m);
      const referrer = await m.findOneByOrFail(Institution, {
        id: referral.referringInstitutionId,
      });
      const ids = await this.notifications.record(m, [
        {
          dedupKey: `consent-deadline-passed:${caseId}`,
          template: 'consent-deadline-passed',
          params: { reference: referral.reference, link: this.referrals.caseLink(caseId) },
          to: referrer.contactEmail,
          recipientKind: RecipientKind.INSTITUTION,
          recipientInstitutionId: referrer.id,
          referralId: caseId,
        },
      ]);
      return { outcome: undefined, reasonCode: ReasonCode.CONSENT_DEADLINE_PASSED, mails: ids };
    });
  }

  /**
   * After a revocation left the case without a valid consent (event sub-process
   * `consent-revoked`): the case is closed and its open tasks go with it.
   */
  async closeAfterRevocation(caseId: string, job: JobRef): Promise<void> {
    await this.step(caseId, job, ReferralEventType.CLOSED_AFTER_REVOCATION, async (m, referral) => {
      await this.setStatus(
        m,
        referral,
        ReferralStatus.CONSENT_REVOKED,
        ReasonCode.CONSENT_REVOKED,
        job,
      );
      await this.tasks.cancelOpen(job.processInstanceKey, undefined, m);
      return { outcome: undefined, reasonCode: ReasonCode.CONSENT_REVOKED, mails: [] };
    });
  }

  /**
   * A status the model sets at a point of the flow (task header `status` of
   * `lotse.referral.set-status`), e.g. scheduled for, or back from, a conference.
   */
  async setStatusFromModel(
    caseId: string,
    status: string,
    job: JobRef,
    detail: Record<string, unknown> = {},
  ): Promise<void> {
    if (!Object.values(ReferralStatus).includes(status as ReferralStatus)) {
      throw new Error(`unknown status "${status}" in the header of ${job.elementId}`);
    }
    await this.step(caseId, job, ReferralEventType.STATUS_CHANGED, async (m, referral) => {
      await this.setStatus(m, referral, status as ReferralStatus, null, job, detail);
      return { outcome: undefined, reasonCode: null, mails: [] };
    });
  }

  /**
   * Runs one step of a job in a transaction with the case row locked. The step's event is
   * keyed by the job key: when it exists, the step already ran and its outcome is returned.
   * Mails recorded by the step are dispatched after the commit.
   */
  private async step<T>(
    caseId: string,
    job: JobRef,
    type: ReferralEventType,
    run: (
      m: EntityManager,
      referral: Referral,
    ) => Promise<{ outcome: T; reasonCode: ReasonCode | null; mails: string[] }>,
  ): Promise<T> {
    const dedupKey = `job:${job.jobKey}:${type}`;
    const result = await this.dataSource.transaction(async (m) => {
      const referral = await m
        .getRepository(Referral)
        .createQueryBuilder('r')
        .setLock('pessimistic_write')
        .where('r.id = :id', { id: caseId })
        .getOne();
      if (!referral) throw new Error(`case ${caseId} not found`);
      const done = await m.findOneBy(ReferralEvent, { dedupKey });
      if (done) return { outcome: done.detail.outcome as T, mails: [] as string[] };
      if (referral.processInstanceKey && referral.processInstanceKey !== job.processInstanceKey) {
        throw new DuplicateProcessInstance(`case ${caseId}`, referral.processInstanceKey);
      }
      if (!referral.processInstanceKey) {
        await m.update(
          Referral,
          { id: caseId },
          {
            processInstanceKey: job.processInstanceKey,
            processDefinitionKey: job.processDefinitionKey,
          },
        );
        referral.processInstanceKey = job.processInstanceKey;
      }
      const r = await run(m, referral);
      await m.insert(ReferralEvent, {
        referralId: caseId,
        type,
        status: null,
        reasonCode: r.reasonCode,
        detail: {
          outcome: (r.outcome ?? null) as never,
          jobKey: job.jobKey,
          elementId: job.elementId,
        },
        dedupKey,
      });
      return r;
    });
    await this.notifications.dispatch(result.mails);
    return result.outcome;
  }

  private async setStatus(
    m: EntityManager,
    referral: Referral,
    status: ReferralStatus,
    reasonCode: ReasonCode | null,
    job: JobRef,
    detail: Record<string, unknown> = {},
  ) {
    if (referral.status === status && referral.statusReason === reasonCode) return;
    await m.update(Referral, { id: referral.id }, { status, statusReason: reasonCode });
    await m.insert(ReferralEvent, {
      referralId: referral.id,
      type: ReferralEventType.STATUS_CHANGED,
      status,
      reasonCode,
      detail: { jobKey: job.jobKey, elementId: job.elementId, ...detail } as never,
      dedupKey: `job:${job.jobKey}:status:${status}`,
    });
    referral.status = status;
    referral.statusReason = reasonCode;
  }

  private async reasonsOfLast(
    m: EntityManager,
    caseId: string,
    type: ReferralEventType,
  ): Promise<ReasonCode[]> {
    const e = await m.findOne(ReferralEvent, {
      where: { referralId: caseId, type },
      order: { occurredAt: 'DESC', id: 'DESC' },
    });
    const outcome = e?.detail.outcome as EligibilityOutcome | undefined;
    return outcome?.ineligibleReasons ?? (e?.reasonCode ? [e.reasonCode] : []);
  }
}
