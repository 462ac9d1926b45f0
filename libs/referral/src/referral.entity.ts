import { CaseOutcome } from './case-outcome';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { Institution, Jba } from '@lotse/institution';
import { ReasonCode } from './reasons';
import { ReferralStatus } from './referral-status';
import { YoungPerson } from './young-person.entity';

/** A referral (Fallmeldung): one case of one young person, from one partner institution. */
@Entity({ name: 'referral' })
@Index('ix_referral_status', ['jbaId', 'status', 'createdAt'])
@Index('ix_referral_referrer', ['referringInstitutionId', 'createdAt'])
@Index('ix_referral_young_person', ['youngPersonId'])
@Index('uq_referral_reference', ['reference'], { unique: true })
@Index('uq_referral_idempotency_key', ['idempotencyKey'], { unique: true })
export class Referral {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_referral' })
  id!: string;

  /** Human reference, e.g. FM-2026-00042; used in mails instead of names. */
  @Column({ type: 'text' })
  reference!: string;

  @Column({ name: 'jba_id', type: 'uuid' })
  jbaId!: string;

  @ManyToOne(() => Jba)
  @JoinColumn({ name: 'jba_id', foreignKeyConstraintName: 'fk_referral_jba' })
  jba?: Jba;

  @Column({ name: 'young_person_id', type: 'uuid' })
  youngPersonId!: string;

  @ManyToOne(() => YoungPerson)
  @JoinColumn({ name: 'young_person_id', foreignKeyConstraintName: 'fk_referral_young_person' })
  youngPerson?: YoungPerson;

  @Column({ name: 'referring_institution_id', type: 'uuid' })
  referringInstitutionId!: string;

  @ManyToOne(() => Institution)
  @JoinColumn({
    name: 'referring_institution_id',
    foreignKeyConstraintName: 'fk_referral_institution',
  })
  referringInstitution?: Institution;

  /** Kurzbeschreibung, prepared for the conference. */
  @Column({ name: 'short_description', type: 'text' })
  shortDescription!: string;

  @Column({ name: 'referred_on', type: 'date' })
  referredOn!: string;

  /** The young person wants to take part in their conference. */
  @Column({ name: 'young_person_attends', type: 'boolean', default: false })
  youngPersonAttends!: boolean;

  /** The guardian wants to take part. */
  @Column({ name: 'guardian_attends', type: 'boolean', default: false })
  guardianAttends!: boolean;

  @Column({ type: 'text' })
  status!: ReferralStatus;

  @Column({ name: 'status_reason', type: 'text', nullable: true })
  statusReason!: ReasonCode | null;

  /** Where the young person is when the case closed (set with status `closed`). */
  @Column({ type: 'text', nullable: true })
  outcome!: CaseOutcome | null;

  /** The engine's process instance of the case (recorded by its first external task). */
  @Column({ name: 'process_instance_id', type: 'text', nullable: true })
  processInstanceId!: string | null;

  /** The deployed process version the case runs on (for its diagram). */
  @Column({ name: 'process_definition_id', type: 'text', nullable: true })
  processDefinitionId!: string | null;

  @Column({ name: 'idempotency_key', type: 'text', nullable: true })
  idempotencyKey!: string | null;

  /** sha256 of the request that created the referral, to recognise a reused key. */
  @Column({ name: 'request_hash', type: 'text', nullable: true })
  requestHash!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @VersionColumn({ type: 'int' })
  version!: number;
}
