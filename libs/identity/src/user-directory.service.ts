import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import type { Principal } from './principal';
import { StaffUser } from './staff-user.entity';

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
    return this.users.findOneBy({ id });
  }

  displayNames(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return Promise.resolve(new Map());
    return this.users
      .find({ where: { id: In(ids) }, select: { id: true, displayName: true } })
      .then((rows) => new Map(rows.map((r) => [r.id, r.displayName])));
  }
}
