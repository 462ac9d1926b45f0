import { Injectable } from '@nestjs/common';
import { ExternalTask, ExternalTaskHandler } from '@lotse/engine';
import { FollowUpService } from '../follow-up.service';

interface CaseVariables {
  caseId: string;
}

/**
 * External-task handlers of the protocol and follow-up part of `bpmn/case-referral.bpmn`.
 * Their outcomes are plain variables (ids, dates, counts); the facts stay in Postgres.
 */
@Injectable()
export class ProtocolWorkers {
  constructor(private readonly followUp: FollowUpService) {}

  @ExternalTaskHandler({ topic: 'lotse.protocol.open', variables: ['caseId', 'conferenceId'] })
  async open(task: ExternalTask<CaseVariables & { conferenceId: string }>) {
    const { caseId, conferenceId } = task.variables;
    if (!conferenceId)
      throw new Error(`case ${caseId} has no conferenceId to write a protocol for`);
    return task.complete(await this.followUp.open(caseId, conferenceId, { taskId: task.id }));
  }

  @ExternalTaskHandler({ topic: 'lotse.protocol.distribute', variables: ['caseId'] })
  async distribute(task: ExternalTask<CaseVariables>) {
    await this.followUp.distribute(task.variables.caseId, { taskId: task.id });
    return task.complete();
  }

  @ExternalTaskHandler({ topic: 'lotse.follow-up.start-round', variables: ['caseId'] })
  async startRound(task: ExternalTask<CaseVariables>) {
    return task.complete(
      await this.followUp.startRound(task.variables.caseId, { taskId: task.id }),
    );
  }

  @ExternalTaskHandler({
    topic: 'lotse.follow-up.prepare-review',
    variables: ['caseId', 'followUpRound', 'loopCounter'],
  })
  async prepareReview(
    task: ExternalTask<CaseVariables & { followUpRound: number; loopCounter: number }>,
  ) {
    const { caseId, followUpRound, loopCounter } = task.variables;
    return task.complete(
      await this.followUp.prepareReview(caseId, followUpRound, loopCounter, { taskId: task.id }),
    );
  }

  @ExternalTaskHandler({
    topic: 'lotse.follow-up.escalate-review',
    variables: ['caseId', 'measureId'],
  })
  async escalateReview(task: ExternalTask<CaseVariables & { measureId: string }>) {
    await this.followUp.escalateReview(task.variables.caseId, task.variables.measureId, {
      taskId: task.id,
    });
    return task.complete();
  }
}
