import { Injectable } from '@nestjs/common';
import { Job, JobIdentity, JobWorker, processDefinitionKeyOf } from '@lotse/zeebe';
import {
  CaseProgressService,
  ConsentCheckOutcome,
  EligibilityOutcome,
  JobRef,
} from '../case-progress.service';

interface CaseVariables {
  caseId: string;
}
type CaseJob<Out = Record<string, unknown>> = Job<CaseVariables, Out>;

const ref = (job: JobIdentity): JobRef => ({
  jobKey: job.key,
  processInstanceKey: job.processInstanceKey,
  processDefinitionKey: processDefinitionKeyOf(job),
  elementId: job.elementId,
});

/**
 * Job workers of `bpmn/case-referral.bpmn`. Business outcomes are result variables the model
 * branches on; anything thrown is a technical failure the registry turns into `job.fail`.
 */
@Injectable()
export class CaseReferralWorkers {
  constructor(private readonly cases: CaseProgressService) {}

  @JobWorker({ type: 'lotse.consent.check', fetchVariables: ['caseId'] })
  async checkConsent(job: CaseJob<ConsentCheckOutcome>) {
    const outcome = await this.cases.checkConsent(job.variables.caseId, ref(job));
    return job.complete(outcome);
  }

  @JobWorker({ type: 'lotse.eligibility.check', fetchVariables: ['caseId'] })
  async checkEligibility(job: CaseJob<EligibilityOutcome>) {
    const outcome = await this.cases.checkEligibility(job.variables.caseId, ref(job));
    return job.complete(outcome);
  }

  @JobWorker({ type: 'lotse.referral.notify-ineligible', fetchVariables: ['caseId'] })
  async notifyIneligible(job: CaseJob) {
    await this.cases.notifyIneligible(job.variables.caseId, ref(job));
    return job.complete();
  }

  @JobWorker({ type: 'lotse.consent.remind', fetchVariables: ['caseId'] })
  async remindConsent(job: CaseJob) {
    await this.cases.remindConsent(job.variables.caseId, ref(job));
    return job.complete();
  }

  /** Sets the status named by the task header `status` (scheduled, discussed, awaiting-conference). */
  @JobWorker({ type: 'lotse.referral.set-status', fetchVariables: ['caseId', 'conferenceId'] })
  async setStatus(job: Job<CaseVariables & { conferenceId?: string }>) {
    const status = (job.customHeaders as Record<string, string>).status;
    await this.cases.setStatusFromModel(job.variables.caseId, status, ref(job), {
      ...(job.variables.conferenceId ? { conferenceId: job.variables.conferenceId } : {}),
    });
    return job.complete();
  }

  @JobWorker({ type: 'lotse.referral.close-after-revocation', fetchVariables: ['caseId'] })
  async closeAfterRevocation(job: CaseJob) {
    await this.cases.closeAfterRevocation(job.variables.caseId, ref(job));
    return job.complete();
  }

  @JobWorker({ type: 'lotse.referral.close-without-consent', fetchVariables: ['caseId'] })
  async closeWithoutConsent(job: CaseJob) {
    await this.cases.closeWithoutConsent(job.variables.caseId, ref(job));
    return job.complete();
  }
}
