import { Injectable } from '@nestjs/common';
import { Job, JobWorker } from '@lotse/zeebe';
import { AgendaOutcome, ConferenceCycleService, CycleJob } from '../conference-cycle.service';

interface ConferenceVariables {
  conferenceId: string;
}
type ConferenceJob<Out = Record<string, unknown>> = Job<ConferenceVariables, Out>;

const ref = (job: { key: string; processInstanceKey: string }): CycleJob => ({
  jobKey: job.key,
  processInstanceKey: job.processInstanceKey,
});

/** Job workers of `bpmn/conference-cycle.bpmn`. */
@Injectable()
export class ConferenceCycleWorkers {
  constructor(private readonly cycle: ConferenceCycleService) {}

  @JobWorker({ type: 'lotse.conference.call-for-referrals', fetchVariables: ['conferenceId'] })
  async callForReferrals(job: ConferenceJob) {
    await this.cycle.callForReferrals(job.variables.conferenceId, ref(job));
    return job.complete();
  }

  @JobWorker({ type: 'lotse.conference.build-agenda', fetchVariables: ['conferenceId'] })
  async buildAgenda(job: ConferenceJob<AgendaOutcome>) {
    return job.complete(await this.cycle.buildAgenda(job.variables.conferenceId, ref(job)));
  }

  @JobWorker({ type: 'lotse.conference.schedule-cases', fetchVariables: ['conferenceId'] })
  async scheduleCases(job: ConferenceJob) {
    await this.cycle.scheduleCases(job.variables.conferenceId, ref(job));
    return job.complete();
  }

  @JobWorker({ type: 'lotse.conference.send-invitations', fetchVariables: ['conferenceId'] })
  async sendInvitations(job: ConferenceJob) {
    await this.cycle.sendInvitations(job.variables.conferenceId, ref(job));
    return job.complete();
  }

  @JobWorker({ type: 'lotse.conference.notify-rescheduled', fetchVariables: ['conferenceId'] })
  async notifyRescheduled(job: ConferenceJob) {
    await this.cycle.notifyRescheduled(job.variables.conferenceId, ref(job));
    return job.complete();
  }

  @JobWorker({ type: 'lotse.conference.publish-outcomes', fetchVariables: ['conferenceId'] })
  async publishOutcomes(job: ConferenceJob) {
    await this.cycle.publishOutcomes(job.variables.conferenceId, ref(job));
    return job.complete();
  }

  /** Of `case-referral`: a case whose consent was revoked leaves the agendas. */
  @JobWorker({ type: 'lotse.conference.withdraw-case', fetchVariables: ['caseId'] })
  async withdrawCase(job: Job<{ caseId: string }>) {
    await this.cycle.withdrawCase(job.variables.caseId, { ...ref(job), elementId: job.elementId });
    return job.complete();
  }

  @JobWorker({ type: 'lotse.conference.notify-cancelled', fetchVariables: ['conferenceId'] })
  async notifyCancelled(job: ConferenceJob) {
    await this.cycle.notifyCancelled(job.variables.conferenceId, ref(job));
    return job.complete();
  }
}
