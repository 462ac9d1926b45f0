import { Injectable } from '@nestjs/common';
import { ExternalTask, ExternalTaskHandler } from '@lotse/engine';
import { AgendaOutcome, ConferenceCycleService, CycleTask } from '../conference-cycle.service';

interface ConferenceVariables {
  conferenceId: string;
}
type ConferenceTask<Out = Record<string, unknown>> = ExternalTask<ConferenceVariables, Out>;

const ref = (task: Pick<ExternalTask, 'id' | 'processInstanceId'>): CycleTask => ({
  taskId: task.id,
  processInstanceId: task.processInstanceId,
});

/** External-task handlers of `bpmn/conference-cycle.bpmn`. */
@Injectable()
export class ConferenceCycleWorkers {
  constructor(private readonly cycle: ConferenceCycleService) {}

  @ExternalTaskHandler({
    topic: 'lotse.conference.call-for-referrals',
    variables: ['conferenceId'],
  })
  async callForReferrals(task: ConferenceTask) {
    await this.cycle.callForReferrals(task.variables.conferenceId, ref(task));
    return task.complete();
  }

  @ExternalTaskHandler({ topic: 'lotse.conference.build-agenda', variables: ['conferenceId'] })
  async buildAgenda(task: ConferenceTask<AgendaOutcome>) {
    return task.complete(await this.cycle.buildAgenda(task.variables.conferenceId, ref(task)));
  }

  @ExternalTaskHandler({ topic: 'lotse.conference.schedule-cases', variables: ['conferenceId'] })
  async scheduleCases(task: ConferenceTask) {
    await this.cycle.scheduleCases(task.variables.conferenceId, ref(task));
    return task.complete();
  }

  @ExternalTaskHandler({ topic: 'lotse.conference.send-invitations', variables: ['conferenceId'] })
  async sendInvitations(task: ConferenceTask) {
    await this.cycle.sendInvitations(task.variables.conferenceId, ref(task));
    return task.complete();
  }

  @ExternalTaskHandler({
    topic: 'lotse.conference.notify-rescheduled',
    variables: ['conferenceId'],
  })
  async notifyRescheduled(task: ConferenceTask) {
    await this.cycle.notifyRescheduled(task.variables.conferenceId, ref(task));
    return task.complete();
  }

  @ExternalTaskHandler({ topic: 'lotse.conference.publish-outcomes', variables: ['conferenceId'] })
  async publishOutcomes(task: ConferenceTask) {
    await this.cycle.publishOutcomes(task.variables.conferenceId, ref(task));
    return task.complete();
  }

  /** Of `case-referral`: a case whose consent was revoked leaves the agendas. */
  @ExternalTaskHandler({ topic: 'lotse.conference.withdraw-case', variables: ['caseId'] })
  async withdrawCase(task: ExternalTask<{ caseId: string }>) {
    await this.cycle.withdrawCase(task.variables.caseId, {
      ...ref(task),
      elementId: task.activityId,
    });
    return task.complete();
  }

  @ExternalTaskHandler({ topic: 'lotse.conference.notify-cancelled', variables: ['conferenceId'] })
  async notifyCancelled(task: ConferenceTask) {
    await this.cycle.notifyCancelled(task.variables.conferenceId, ref(task));
    return task.complete();
  }
}
