import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { Institution } from './institution.entity';
import { Jba } from './jba.entity';

@Injectable()
export class InstitutionService {
  constructor(
    @InjectRepository(Institution) private readonly institutions: Repository<Institution>,
    @InjectRepository(Jba) private readonly jbas: Repository<Jba>,
  ) {}

  findById(id: string): Promise<Institution | null> {
    return this.institutions.findOne({ where: { id }, relations: { jba: true } });
  }

  findByIds(ids: string[]): Promise<Institution[]> {
    return ids.length ? this.institutions.findBy({ id: In(ids) }) : Promise.resolve([]);
  }

  listByJba(jbaId: string): Promise<Institution[]> {
    return this.institutions.find({ where: { jbaId }, order: { name: 'ASC' } });
  }

  listAll(): Promise<Institution[]> {
    return this.institutions.find({ order: { name: 'ASC' } });
  }

  findJba(id: string): Promise<Jba | null> {
    return this.jbas.findOneBy({ id });
  }
}
