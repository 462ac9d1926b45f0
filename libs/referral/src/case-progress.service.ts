import { DuplicateProcessInstance } from '@lotse/engine';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Institution, Jba } from '@lotse/institution';
import { NotificationService, RecipientKind } from '@lotse/notification';
import { CASE_OUTCOMES, CaseOutcome } from './case-outcome';
import { Consent } from './consent/consent.entity';
import { evaluateConsents } from './consent/consent.rules';
import { evaluateEligibility } from './eligibility/eligibility.rules';
import { REASON_MESSAGES, ReasonCode } from './reasons';
import { ReferralEvent, ReferralEventType } from './referral-event.entity';
import { ReferralStatus } from './referral-status';
import { Referral } from './referral.entity';
import { ReferralService } from './referral.service';
import { YoungPerson } from './young-person.entity';

export interface ConsentCheckOutcome {
  consentValid: boolean;
  consentReason: ReasonCode | null;
}

export interface EligibilityOutcome {
  eligible: boolean;
  ineligibleReasons: ReasonCode[];
}

/** Identifies one run of one external task, so a redelivered task changes nothing twice. */
export interface StepRef {
  /** The engine's external task id (the same for a retry, new for each run of the step). */
  taskId: string;
  processInstanceId: string;
  processDefinitionId: string;
  elementId: string;
}

/**
 * What the case-referral workers do to a case. Each step records its outcome as an event keyed
 * by the external task id; a second delivery of the same task finds that event and returns the
 * recorded outcome without writing or sending anything again.
 */
@Injectable()
export class CaseProgressService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: NotificationService,
    private readonly referrals: ReferralService,
  ) {}

  async checkConsent(caseId: string, step: StepRef): Promise<ConsentCheckOutcome> {
    return this.step(caseId, step, ReferralEventType.CONSENT_CHECKED, async (m, referral) => {
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
        await this.setStatus(m, referral, ReferralStatus.AWAITING_CONSENT, verdict.reason, step);
      }
      return { outcome, reasonCode: outcome.consentReason, mails: [] };
    });
  }

  async checkEligibility(caseId: string, step: StepRef): Promise<EligibilityOutcome> {
    return this.step(caseId, step, ReferralEventType.ELIGIBILITY_CHECKED, async (m, referral) => {
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
        await this.setStatus(m, referral, ReferralStatus.AWAITING_CONFERENCE, null, step);
      } else {
        await this.setStatus(m, referral, ReferralStatus.INELIGIBLE, verdict.reasons[0], step);
      }
      return { outcome, reasonCode: outcome.ineligibleReasons[0] ?? null, mails: [] };
    });
  }

  /** Tells the referring institution why its referral was not taken (by reference, no names). */
  async notifyIneligible(caseId: string, step: StepRef): Promise<void> {
    await this.step(caseId, step, ReferralEventType.REFERRER_NOTIFIED, async (m, referral) => {
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
  async remindConsent(caseId: string, step: StepRef): Promise<void> {
    await this.step(caseId, step, ReferralEventType.CONSENT_REMINDER_SENT, async (m, referral) => {
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
          dedupKey: `consent-reminder:${step.taskId}`,
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
  async closeWithoutConsent(caseId: string, step: StepRef): Promise<void> {
    await this.step(caseId, step, ReferralEventType.REFERRER_NOTIFIED, async (m, referral) => {
      await this.setStatus(
        m,
        referral,
        ReferralStatus.NO_CONSENT,
        ReasonCode.CONSENT_DEADLINE_PASSED,
        step,
      );
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
  async closeAfterRevocation(caseId: string, step: StepRef): Promise<void> {
    await this.step(
      caseId,
      step,
      ReferralEventType.CLOSED_AFTER_REVOCATION,
      async (m, referral) => {
        await this.setStatus(
          m,
          referral,
          ReferralStatus.CONSENT_REVOKED,
          ReasonCode.CONSENT_REVOKED,
          step,
        );
        return { outcome: undefined, reasonCode: ReasonCode.CONSENT_REVOKED, mails: [] };
      },
    );
  }

  /** The follow-up ended with the decision to close: the case is closed with its outcome. */
  async close(caseId: string, outcome: string, step: StepRef): Promise<void> {
    if (!CASE_OUTCOMES.includes(outcome as CaseOutcome)) {
      throw new Error(`unknown case outcome "${outcome}" in the variable caseOutcome`);
    }
    await this.step(caseId, step, ReferralEventType.CLOSED, async (m, referral) => {
      await m.update(Referral, { id: caseId }, { outcome: outcome as CaseOutcome });
      await this.setStatus(m, referral, ReferralStatus.CLOSED, null, step, { outcome });
      return { outcome: undefined, reasonCode: null, mails: [] };
    });
  }

  /**
   * A status the model sets at a point of the flow (element property `status` of
   * `lotse.referral.set-status`), e.g. scheduled for, or back from, a conference.
   */
  async setStatusFromModel(
    caseId: string,
    status: string,
    step: StepRef,
    detail: Record<string, unknown> = {},
  ): Promise<void> {
    if (!Object.values(ReferralStatus).includes(status as ReferralStatus)) {
      throw new Error(`unknown status "${status}" in the property status of ${step.elementId}`);
    }
    await this.step(caseId, step, ReferralEventType.STATUS_CHANGED, async (m, referral) => {
      await this.setStatus(m, referral, status as ReferralStatus, null, step, detail);
      return { outcome: undefined, reasonCode: null, mails: [] };
    });
  }

  /**
   * Runs one step of an external task in a transaction with the case row locked. The step's
   * event is keyed by the task id: when it exists, the step already ran and its outcome is
   * returned.
   * Mails recorded by the step are dispatched after the commit.
   */
  private async step<T>(
    caseId: string,
    step: StepRef,
    type: ReferralEventType,
    run: (
      m: EntityManager,
      referral: Referral,
    ) => Promise<{ outcome: T; reasonCode: ReasonCode | null; mails: string[] }>,
  ): Promise<T> {
    const dedupKey = `task:${step.taskId}:${type}`;
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
      if (referral.processInstanceId && referral.processInstanceId !== step.processInstanceId) {
        throw new DuplicateProcessInstance(`case ${caseId}`, referral.processInstanceId);
      }
      if (!referral.processInstanceId) {
        await m.update(
          Referral,
          { id: caseId },
          {
            processInstanceId: step.processInstanceId,
            processDefinitionId: step.processDefinitionId,
          },
        );
        referral.processInstanceId = step.processInstanceId;
      }
      const r = await run(m, referral);
      await m.insert(ReferralEvent, {
        referralId: caseId,
        type,
        status: null,
        reasonCode: r.reasonCode,
        detail: {
          outcome: (r.outcome ?? null) as never,
          taskId: step.taskId,
          elementId: step.elementId,
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
    step: StepRef,
    detail: Record<string, unknown> = {},
  ) {
    if (referral.status === status && referral.statusReason === reasonCode) return;
    await m.update(Referral, { id: referral.id }, { status, statusReason: reasonCode });
    await m.insert(ReferralEvent, {
      referralId: referral.id,
      type: ReferralEventType.STATUS_CHANGED,
      status,
      reasonCode,
      detail: { taskId: step.taskId, elementId: step.elementId, ...detail } as never,
      dedupKey: `task:${step.taskId}:status:${status}`,
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
