import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import type { Principal } from './principal';
import { StaffUser } from './staff-user.entity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class UserDirectory {
  constructor(@InjectRepository(StaffUser) private readonly users: Repository<StaffUser>) {}

  colleaguesOf(p: Principal): Promise<StaffUser[]> {
    return this.users.find({
      where: { institutionId: p.institutionId, active: true },
      order: { displayName: 'ASC' },
    });
  }

  findById(id: string): Promise<StaffUser | null> {
    return UUID.test(id) ? this.users.findOneBy({ id }) : Promise.resolve(null);
  }

  /**
   * Names of staff accounts. Ids that are no account's (e.g. an operator who took a task in the
   * engine's own Tasklist) have no name here.
   */
  displayNames(ids: string[]): Promise<Map<string, string>> {
    const accounts = ids.filter((id) => UUID.test(id));
    if (accounts.length === 0) return Promise.resolve(new Map());
    return this.users
      .find({ where: { id: In(accounts) }, select: { id: true, displayName: true } })
      .then((rows) => new Map(rows.map((r) => [r.id, r.displayName])));
  }
}
