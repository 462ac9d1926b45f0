import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { DomainException } from '@lotse/common';
import type { Principal } from '@lotse/identity';
import type { TaskFormHandler, UserTask } from '@lotse/task';
import { AgendaState, ConferenceCase } from '../conference-case.entity';
import { AgendaOptions, caseOption } from './agenda-options';

/**
 * *Fälle auswählen*: the waiting cases (oldest first) as options; personal data only where the
 * coordinator's institution is named in the consent. The choice is stored on the agenda.
 */
@Injectable()
export class SelectCasesFormHandler implements TaskFormHandler {
  readonly formId = 'select-cases';

  constructor(private readonly options: AgendaOptions) {}

  async data(task: UserTask, user: Principal, opts?: { disclose?: boolean }) {
    const conference = await this.options.conferenceOf(task);
    const candidates = await this.options.caseRows(
      conference.id,
      [AgendaState.PROPOSED, AgendaState.SELECTED],
      user,
      opts,
    );
    // The options of the Camunda form (kept for the Modeler and any other client); the web app
    // shows `candidates` as a searchable table.
    const caseOptions = candidates.map(caseOption);
    const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
    return {
      caseOptions,
      candidates,
      capacity: conference.capacity,
      waitingCount: candidates.length,
      capacityText: count(conference.capacity, 'Platz', 'Plätze'),
      waitingText: count(candidates.length, 'Fall', 'Fälle'),
      conference: {
        id: conference.id,
        startsAt: conference.startsAt.toISOString(),
        place: conference.place,
      },
    };
  }

  async complete(m: EntityManager, task: UserTask, variables: Record<string, unknown>) {
    const conference = await this.options.conferenceOf(task);
    const chosen = (variables.selectedCases as string[] | undefined) ?? [];
    if (chosen.length > conference.capacity) {
      throw DomainException.invalidField(
        'selectedCases',
        `Höchstens ${conference.capacity} Fälle passen in diese Fallkonferenz.`,
      );
    }
    await m.update(
      ConferenceCase,
      { conferenceId: conference.id, state: AgendaState.SELECTED },
      { state: AgendaState.PROPOSED },
    );
    await m.update(
      ConferenceCase,
      { conferenceId: conference.id, referralId: In(chosen), state: AgendaState.PROPOSED },
      { state: AgendaState.SELECTED },
    );
    return { selectedCount: chosen.length };
  }
}
