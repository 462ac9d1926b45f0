import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import type { Principal } from '@lotse/identity';
import { InstitutionService } from '@lotse/institution';
import type { TaskFormHandler, UserTask } from '@lotse/task';
import { AgendaState, ConferenceAttendance, ConferenceCase } from '../conference-case.entity';
import { AgendaOptions } from './agenda-options';

/** *Fallkonferenz durchführen*: attendance and which cases were discussed. */
@Injectable()
export class ConductConferenceFormHandler implements TaskFormHandler {
  readonly formId = 'conduct-conference';

  constructor(
    private readonly institutions: InstitutionService,
    private readonly options: AgendaOptions,
  ) {}

  async data(task: UserTask, user: Principal, opts?: { disclose?: boolean }) {
    const conference = await this.options.conferenceOf(task);
    const institutions = await this.institutions.listByJba(conference.jbaId);
    return {
      institutionOptions: institutions.map((i) => ({ label: i.name, value: i.id })),
      caseOptions: await this.options.caseOptions(
        conference.id,
        [AgendaState.SELECTED],
        user,
        opts,
      ),
    };
  }

  async complete(m: EntityManager, task: UserTask, variables: Record<string, unknown>) {
    const conference = await this.options.conferenceOf(task);
    const present = variables.presentInstitutions as string[];
    const discussed = (variables.discussedCases as string[] | undefined) ?? [];
    await m.delete(ConferenceAttendance, { conferenceId: conference.id });
    await m.insert(
      ConferenceAttendance,
      present.map((institutionId) => ({ conferenceId: conference.id, institutionId })),
    );
    if (discussed.length) {
      await m.update(
        ConferenceCase,
        { conferenceId: conference.id, referralId: In(discussed), state: AgendaState.SELECTED },
        { state: AgendaState.DISCUSSED },
      );
    }
    return { discussedCount: discussed.length };
  }
}
