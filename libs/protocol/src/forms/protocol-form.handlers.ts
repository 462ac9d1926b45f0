import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { EntityManager } from 'typeorm';
import { DomainException, germanDate, flattenValidationErrors } from '@lotse/common';
import type { Principal } from '@lotse/identity';
import { personalDataDisclosure } from '@lotse/referral';
import type { TaskFormHandler, UserTask } from '@lotse/task';
import { FollowUpService } from '../follow-up.service';
import { mayWriteProtocol } from '../protocol-access';
import { DecideFollowUpDto, ReviewMeasureDto } from '../protocol.dto';
import {
  FollowUpDecision,
  FollowUpDecisionRecord,
  Measure,
  MeasureReview,
  MeasureStatus,
  ReviewResult,
} from '../protocol.entity';
import { ProtocolService } from '../protocol.service';

function inputId(task: UserTask, name: string): string {
  const id = task.input[name];
  if (typeof id !== 'string' || !id) {
    throw DomainException.conflict(`Dieser Aufgabe fehlt die Angabe ${name}.`);
  }
  return id;
}

async function check<T extends object>(cls: new () => T, variables: Record<string, unknown>) {
  const dto = plainToInstance(cls, variables);
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) throw DomainException.validation(flattenValidationErrors(errors));
  return dto;
}

/**
 * *Protokoll erfassen*: the protocol is written in Lotse's editor (drafts saved there);
 * completing the task finalizes the saved draft as version 1.
 */
@Injectable()
export class RecordProtocolFormHandler implements TaskFormHandler {
  readonly formId = 'record-protocol';

  constructor(private readonly protocols: ProtocolService) {}

  async data(task: UserTask) {
    return { protocolId: inputId(task, 'protocolId') };
  }

  async complete(
    m: EntityManager,
    task: UserTask,
    _variables: Record<string, unknown>,
    user: Principal,
  ) {
    const version = await this.protocols.finalize(m, inputId(task, 'protocolId'), user);
    return { protocolVersion: version };
  }
}

/** *Maßnahme überprüfen*: done / not done / changed, a new due date, a note. */
@Injectable()
export class ReviewMeasureFormHandler implements TaskFormHandler {
  readonly formId = 'review-measure';

  constructor(
    private readonly protocols: ProtocolService,
    private readonly followUp: FollowUpService,
  ) {}

  async data(task: UserTask, user: Principal) {
    const { measure, institutionName } = await this.measureFor(task, user);
    return {
      measureTitle: measure.title,
      measureInstitution: institutionName,
      measureDueOn: germanDate(measure.dueOn),
    };
  }

  async complete(
    m: EntityManager,
    task: UserTask,
    variables: Record<string, unknown>,
    user: Principal,
  ) {
    const dto = await check(ReviewMeasureDto, variables);
    const { measure } = await this.measureFor(task, user);
    if (dto.result !== ReviewResult.DONE && !dto.newDueOn) {
      throw DomainException.invalidField(
        'newDueOn',
        'Bitte geben Sie an, wann die Maßnahme erneut überprüft wird.',
      );
    }
    if (dto.newDueOn && dto.newDueOn < measure.startsOn) {
      throw DomainException.invalidField('newDueOn', 'Die neue Fälligkeit liegt vor dem Beginn.');
    }
    await m
      .createQueryBuilder()
      .insert()
      .into(MeasureReview)
      .values({
        measureId: measure.id,
        taskId: task.taskId,
        result: dto.result,
        newDueOn: dto.result === ReviewResult.DONE ? null : (dto.newDueOn ?? null),
        note: dto.note?.trim() || null,
        escalated: task.elementId === 'Task_ReviewMeasureEscalated',
        reviewedBy: user.id,
        reviewedByName: user.displayName,
      })
      .orIgnore()
      .execute();
    await this.followUp.applyReview(m, measure.id, dto.result, dto.newDueOn ?? null);
    return { reviewResult: dto.result };
  }

  /** The measure of the task; only for users who may see the case's data. */
  private async measureFor(task: UserTask, user: Principal) {
    const found = await this.protocols.measure(inputId(task, 'measureId'));
    if (!found) throw DomainException.notFound('Diese Maßnahme gibt es nicht.');
    const { ctx } = found;
    const d = personalDataDisclosure(
      user.institutionId,
      ctx.referral,
      ctx.consents,
      ctx.person.birthDate,
    );
    if (!d.allowed) {
      throw DomainException.forbidden(
        'Die Einwilligung nennt Ihre Stelle nicht; die Maßnahme kann sie nicht einsehen.',
      );
    }
    return found;
  }
}

/** *Über den weiteren Verlauf entscheiden*: close with an outcome, refer again, or continue. */
@Injectable()
export class DecideFollowUpFormHandler implements TaskFormHandler {
  readonly formId = 'decide-follow-up';

  constructor(private readonly protocols: ProtocolService) {}

  async complete(
    m: EntityManager,
    task: UserTask,
    variables: Record<string, unknown>,
    user: Principal,
  ) {
    const dto = await check(DecideFollowUpDto, variables);
    if (!task.caseId) throw DomainException.conflict('Diese Aufgabe gehört zu keinem Fall.');
    const ctx = await this.protocols.caseContext(m, task.caseId);
    if (!mayWriteProtocol(user, ctx.referral, ctx.recipients)) {
      throw DomainException.forbidden(
        'Über den Verlauf entscheidet die meldende Stelle oder die Koordination.',
      );
    }
    if (dto.decision === FollowUpDecision.CLOSE && !dto.outcome) {
      throw DomainException.invalidField('outcome', 'Bitte geben Sie den Verbleib an.');
    }
    if (dto.decision === FollowUpDecision.CONTINUE) {
      const open = await m.count(Measure, {
        where: { referralId: task.caseId, status: MeasureStatus.OPEN },
      });
      if (open === 0) {
        throw DomainException.invalidField(
          'decision',
          'Es ist keine Maßnahme mehr offen: Schließen Sie den Fall ab oder melden Sie ihn erneut an.',
        );
      }
    }
    await m
      .createQueryBuilder()
      .insert()
      .into(FollowUpDecisionRecord)
      .values({
        referralId: task.caseId,
        taskId: task.taskId,
        decision: dto.decision,
        outcome: dto.decision === FollowUpDecision.CLOSE ? dto.outcome! : null,
        note: dto.note?.trim() || null,
        decidedBy: user.id,
        decidedByName: user.displayName,
      })
      .orIgnore()
      .execute();
    return {
      followUpDecision: dto.decision,
      caseOutcome: dto.decision === FollowUpDecision.CLOSE ? dto.outcome! : null,
    };
  }
}

export const PROTOCOL_FORM_HANDLERS = [
  RecordProtocolFormHandler,
  ReviewMeasureFormHandler,
  DecideFollowUpFormHandler,
];
