import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Jba } from '@lotse/institution';

/**
 * Anonymous counts of erased cases, kept for the JBA's statistics (how many referred, with
 * which end, from which kind of institution): no id or attribute of a person.
 */
@Entity({ name: 'retention_statistic' })
@Index(
  'uq_retention_statistic',
  ['jbaId', 'month', 'category', 'status', 'outcome', 'institutionKind'],
  { unique: true },
)
export class RetentionStatistic {
  @PrimaryGeneratedColumn('identity', {
    type: 'bigint',
    primaryKeyConstraintName: 'pk_retention_statistic',
  })
  id!: string;

  @Column({ name: 'jba_id', type: 'uuid' })
  jbaId!: string;

  @ManyToOne(() => Jba)
  @JoinColumn({ name: 'jba_id', foreignKeyConstraintName: 'fk_retention_statistic_jba' })
  jba?: Jba;

  /** First day of the month the cases were referred in. */
  @Column({ type: 'date' })
  month!: string;

  /** The retention category the cases were erased under (`request` for an erasure request). */
  @Column({ type: 'text' })
  category!: string;

  /** The case's last status (closed, ineligible, no-consent, consent-revoked, …). */
  @Column({ type: 'text' })
  status!: string;

  /** The outcome of a closed case; empty otherwise. */
  @Column({ type: 'text', default: '' })
  outcome!: string;

  /** The kind of the referring institution (job-centre, school, …). */
  @Column({ name: 'institution_kind', type: 'text' })
  institutionKind!: string;

  @Column({ type: 'int', default: 0 })
  count!: number;
}

/** One run of the retention sweep: what it erased per category, and what became of the audit. */
@Entity({ name: 'retention_run' })
@Index('uq_retention_run_task', ['taskId'], { unique: true })
@Index('ix_retention_run_swept_at', ['sweptAt'])
export class RetentionRun {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_retention_run' })
  id!: string;

  /** The external task that ran the sweep (a redelivery adds to the same run). */
  @Column({ name: 'task_id', type: 'text' })
  taskId!: string;

  /** "Now" of the sweep: the engine's time when the timer fired. */
  @Column({ name: 'swept_at', type: 'timestamptz' })
  sweptAt!: Date;

  @CreateDateColumn({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  /** Erased items per category (cases per case category, mails, audit rows). */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  counts!: Record<string, number>;

  /** pruned, skipped (no audit_prune yet), refused (the database refused the cutoff), failed. */
  @Column({ name: 'audit_result', type: 'text', nullable: true })
  auditResult!: string | null;

  @Column({ name: 'audit_message', type: 'text', nullable: true })
  auditMessage!: string | null;
}

export enum ErasureRequestState {
  /** Erased. */
  CARRIED_OUT = 'carried-out',
  /** A retention duty applies (the case is open): erased when it ends. */
  DEFERRED = 'deferred',
}

/** An erasure request (Art. 17 DSGVO) for a case: who asked, why, and what became of it. */
@Entity({ name: 'erasure_request' })
@Index('ix_erasure_request_jba', ['jbaId', 'requestedAt'])
@Index('ix_erasure_request_state', ['state'])
export class ErasureRequest {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_erasure_request' })
  id!: string;

  @Column({ name: 'jba_id', type: 'uuid' })
  jbaId!: string;

  @ManyToOne(() => Jba)
  @JoinColumn({ name: 'jba_id', foreignKeyConstraintName: 'fk_erasure_request_jba' })
  jba?: Jba;

  /** The case (no foreign key: the case is gone once the request is carried out). */
  @Column({ name: 'referral_id', type: 'uuid' })
  referralId!: string;

  /** The case's reference (Aktenzeichen), kept to show the request after the erasure. */
  @Column({ type: 'text' })
  reference!: string;

  /** Why (e.g. the applicant's letter and its date); no names. */
  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'requested_by', type: 'uuid' })
  requestedBy!: string;

  @CreateDateColumn({ name: 'requested_at', type: 'timestamptz' })
  requestedAt!: Date;

  @Column({ type: 'text' })
  state!: ErasureRequestState;

  /** What the requester was told: done, or the duty that stands against it. */
  @Column({ type: 'text' })
  result!: string;

  /** The case's status when the request was made. */
  @Column({ name: 'case_status', type: 'text' })
  caseStatus!: string;

  @Column({ name: 'carried_out_at', type: 'timestamptz', nullable: true })
  carriedOutAt!: Date | null;
}

export const RETENTION_ENTITIES = [RetentionStatistic, RetentionRun, ErasureRequest];
