import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainException, isUniqueViolation } from '@lotse/common';
import type { Principal } from '@lotse/identity';
import { SavedTaskFilter } from './saved-task-filter.entity';
import {
  CreateSavedTaskFilterDto,
  SAVED_FILTERS_PER_USER,
  SavedTaskFilterView,
  TaskFilterQuery,
} from './task.dto';

/** The query keys a saved filter keeps (never a page). */
const KEYS = ['filter', 'due', 'process', 'type', 'sort', 'order', 'q'] as const;

/**
 * Saved filters of the task list ("Filter speichern"), per user and on the server: a user sees,
 * saves and deletes only their own (another user's filter is "not found").
 */
@Injectable()
export class SavedTaskFilterService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(user: Principal): Promise<SavedTaskFilterView[]> {
    const rows = await this.dataSource.getRepository(SavedTaskFilter).find({
      where: { userId: user.id },
      order: { name: 'ASC', createdAt: 'ASC' },
    });
    return rows.map(view);
  }

  async create(dto: CreateSavedTaskFilterDto, user: Principal): Promise<SavedTaskFilterView> {
    const name = dto.name.trim();
    const query = onlyQuery(dto.query);
    try {
      return await this.dataSource.transaction(async (m) => {
        // One user's saves one after the other, so the limit and the name check hold.
        await m.query(`select pg_advisory_xact_lock(hashtext('saved_task_filter:' || $1))`, [
          user.id,
        ]);
        const mine = await m.find(SavedTaskFilter, { where: { userId: user.id } });
        if (mine.some((f) => f.name.toLocaleLowerCase('de') === name.toLocaleLowerCase('de'))) {
          throw nameTaken();
        }
        if (mine.length >= SAVED_FILTERS_PER_USER) {
          throw DomainException.invalidField(
            'name',
            `Sie können höchstens ${SAVED_FILTERS_PER_USER} Filter speichern; bitte löschen Sie zuerst einen.`,
          );
        }
        const saved = await m.save(m.create(SavedTaskFilter, { userId: user.id, name, query }));
        return view(saved);
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw nameTaken();
      throw e;
    }
  }

  async remove(id: string, user: Principal): Promise<void> {
    const result = await this.dataSource
      .getRepository(SavedTaskFilter)
      .delete({ id, userId: user.id });
    if (!result.affected) throw DomainException.notFound('Diesen Filter gibt es nicht.');
  }
}

function nameTaken(): DomainException {
  return DomainException.invalidField('name', 'Einen Filter mit diesem Namen haben Sie schon.');
}

/** The query without empty values, in a fixed key order. */
function onlyQuery(q: TaskFilterQuery): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of KEYS) {
    const value = q[key];
    if (typeof value === 'string' && value.trim() !== '') out[key] = value.trim();
  }
  return out;
}

function view(f: SavedTaskFilter): SavedTaskFilterView {
  return {
    id: f.id,
    name: f.name,
    query: f.query as TaskFilterQuery,
    createdAt: f.createdAt.toISOString(),
  };
}
