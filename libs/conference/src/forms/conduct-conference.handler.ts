import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { DomainException } from '@lotse/common';
import type { Principal } from '@lotse/identity';
import { InstitutionService } from '@lotse/institution';
import type { TaskFormHandler, UserTask } from '@lotse/task';
import { AgendaState, ConferenceAttendance, ConferenceCase } from '../conference-case.entity';
import { Conference } from '../conference.entity';
import { AgendaOptions } from './agenda-options';

/** *Fallkonferenz durchführen*: attendance and which cases were discussed. */
@Injectable()
export class ConductConferenceFormHandler implements TaskFormHandler {
  readonly formId = 'conduct-conference';

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly institutions: InstitutionService,
    private readonly options: AgendaOptions,
  ) {}

  async data(task: UserTask, user: Principal) {
    const conference = await this.conferenceOf(task);
    const institutions = await this.institutions.listByJba(conference.jbaId);
    return {
      institutionOptions: institutions.map((i) => ({ label: i.name, value: i.id })),
      caseOptions: await this.options.caseOptions(conference.id, [AgendaState.SELECTED], user),
    };
  }

  async complete(m: EntityManager, task: UserTask, variables: Record<string, unknown>) {
    const conference = await this.conferenceOf(task);
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

  private async conferenceOf(task: UserTask): Promise<Conference> {
    const c = task.conferenceId
      ? await this.dataSource.getRepository(Conference).findOneBy({ id: task.conferenceId })
      : null;
    if (!c) throw DomainException.conflict('Diese Aufgabe gehört zu keiner Fallkonferenz.');
    return c;
  }
}
