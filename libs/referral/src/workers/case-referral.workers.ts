import { Injectable } from '@nestjs/common';
import { ExternalTask, ExternalTaskHandler } from '@lotse/engine';
import { CaseProgressService, StepRef } from '../case-progress.service';
import { MajorityReviewService } from '../consent/majority-review.service';

/** An engine date variable ("2026-12-01T05:00:00.000+0000") as an ISO date in UTC. */
export function engineDate(value: unknown): string {
  const text = String(value).replace(/([+-]\d\d)(\d\d)$/, '$1:$2');
  const at = new Date(text);
  if (Number.isNaN(at.getTime())) throw new Error(`not a date from the engine: ${String(value)}`);
  return at.toISOString().slice(0, 10);
}

interface CaseVariables {
  caseId: string;
}
type CaseTask<Out = Record<string, unknown>> = ExternalTask<CaseVariables, Out>;

const ref = (
  task: Pick<ExternalTask, 'id' | 'processInstanceId' | 'processDefinitionId' | 'activityId'>,
): StepRef => ({
  taskId: task.id,
  processInstanceId: task.processInstanceId,
  processDefinitionId: task.processDefinitionId,
  elementId: task.activityId,
});

/**
 * External-task handlers of `bpmn/case-referral.bpmn`. Business outcomes are result variables
 * the model branches on (plain values; the details stay in Postgres); anything thrown is a
 * technical failure the registry reports with retries.
 */
@Injectable()
export class CaseReferralWorkers {
  constructor(
    private readonly cases: CaseProgressService,
    private readonly majority: MajorityReviewService,
  ) {}

  /** The daily review of `bpmn/guardian-consent-review.bpmn` (asOf = the engine's time). */
  @ExternalTaskHandler({ topic: 'lotse.consent.review-majority', variables: ['asOf'] })
  async reviewMajority(task: ExternalTask<{ asOf: string }>) {
    await this.majority.review(engineDate(task.variables.asOf));
    return task.complete();
  }

  @ExternalTaskHandler({ topic: 'lotse.consent.check', variables: ['caseId'] })
  async checkConsent(task: CaseTask<{ consentValid: boolean; consentReason: string | null }>) {
    const outcome = await this.cases.checkConsent(task.variables.caseId, ref(task));
    return task.complete(outcome);
  }

  @ExternalTaskHandler({ topic: 'lotse.eligibility.check', variables: ['caseId'] })
  async checkEligibility(task: CaseTask<{ eligible: boolean }>) {
    const outcome = await this.cases.checkEligibility(task.variables.caseId, ref(task));
    // The reasons are in the case's history; the model branches on the verdict alone.
    return task.complete({ eligible: outcome.eligible });
  }

  @ExternalTaskHandler({ topic: 'lotse.referral.notify-ineligible', variables: ['caseId'] })
  async notifyIneligible(task: CaseTask) {
    await this.cases.notifyIneligible(task.variables.caseId, ref(task));
    return task.complete();
  }

  @ExternalTaskHandler({ topic: 'lotse.consent.remind', variables: ['caseId'] })
  async remindConsent(task: CaseTask) {
    await this.cases.remindConsent(task.variables.caseId, ref(task));
    return task.complete();
  }

  /** Sets the status named by the element's property `status` (scheduled, discussed, awaiting-conference). */
  @ExternalTaskHandler({
    topic: 'lotse.referral.set-status',
    variables: ['caseId', 'conferenceId'],
  })
  async setStatus(task: ExternalTask<CaseVariables & { conferenceId?: string | null }>) {
    await this.cases.setStatusFromModel(
      task.variables.caseId,
      task.properties.status,
      ref(task),
      task.variables.conferenceId ? { conferenceId: task.variables.conferenceId } : {},
    );
    return task.complete();
  }

  @ExternalTaskHandler({ topic: 'lotse.referral.close-after-revocation', variables: ['caseId'] })
  async closeAfterRevocation(task: CaseTask) {
    await this.cases.closeAfterRevocation(task.variables.caseId, ref(task));
    return task.complete();
  }

  /** The follow-up decided to close the case; `caseOutcome` says where the young person is. */
  @ExternalTaskHandler({ topic: 'lotse.referral.close', variables: ['caseId', 'caseOutcome'] })
  async close(task: ExternalTask<CaseVariables & { caseOutcome: string }>) {
    await this.cases.close(task.variables.caseId, task.variables.caseOutcome, ref(task));
    return task.complete();
  }

  @ExternalTaskHandler({ topic: 'lotse.referral.close-without-consent', variables: ['caseId'] })
  async closeWithoutConsent(task: CaseTask) {
    await this.cases.closeWithoutConsent(task.variables.caseId, ref(task));
    return task.complete();
  }
}
