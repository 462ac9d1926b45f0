import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditAction, AuditEntry } from './audit-entry.entity';

export interface AuditRecord {
  action: AuditAction;
  actorUserId?: string | null;
  recipientInstitutionId?: string | null;
  referralId?: string | null;
  consentId?: string | null;
  detail?: Record<string, unknown>;
}

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(entries: AuditRecord[], manager?: EntityManager): Promise<void> {
    if (entries.length === 0) return;
    await (manager ?? this.dataSource.manager).insert(
      AuditEntry,
      entries.map((e) => ({
        action: e.action,
        actorUserId: e.actorUserId ?? null,
        recipientInstitutionId: e.recipientInstitutionId ?? null,
        referralId: e.referralId ?? null,
        consentId: e.consentId ?? null,
        detail: (e.detail ?? {}) as never,
      })),
    );
  }

  forReferral(referralId: string): Promise<AuditEntry[]> {
    return this.dataSource
      .getRepository(AuditEntry)
      .find({ where: { referralId }, order: { at: 'ASC', id: 'ASC' } });
  }
}
