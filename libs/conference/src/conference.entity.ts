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
import { Jba } from '@lotse/institution';

export enum ConferenceKind {
  REGULAR = 'regular',
  EXTRAORDINARY = 'extraordinary',
}

export enum ConferenceStatus {
  PLANNED = 'planned',
  CALL_SENT = 'call-sent',
  /** Referral deadline passed with more cases than places: the coordinator selects. */
  SELECTING = 'selecting',
  AGENDA_SET = 'agenda-set',
  INVITED = 'invited',
  HELD = 'held',
  CANCELLED = 'cancelled',
}

export const CONFERENCE_KIND_LABELS: Record<ConferenceKind, string> = {
  [ConferenceKind.REGULAR]: 'regulär',
  [ConferenceKind.EXTRAORDINARY]: 'außerordentlich',
};

export const CONFERENCE_STATUS_LABELS: Record<ConferenceStatus, string> = {
  [ConferenceStatus.PLANNED]: 'Geplant',
  [ConferenceStatus.CALL_SENT]: 'Aufruf zur Fallmeldung versandt',
  [ConferenceStatus.SELECTING]: 'Meldeschluss erreicht – Auswahl läuft',
  [ConferenceStatus.AGENDA_SET]: 'Tagesordnung steht',
  [ConferenceStatus.INVITED]: 'Eingeladen',
  [ConferenceStatus.HELD]: 'Durchgeführt',
  [ConferenceStatus.CANCELLED]: 'Abgesagt',
};

/** One case conference date (Fallkonferenz) of a JBA; one conference-cycle process each. */
@Entity({ name: 'conference' })
@Index('ix_conference_jba_starts', ['jbaId', 'startsAt'])
export class Conference {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_conference' })
  id!: string;

  @Column({ name: 'jba_id', type: 'uuid' })
  jbaId!: string;

  @ManyToOne(() => Jba)
  @JoinColumn({ name: 'jba_id', foreignKeyConstraintName: 'fk_conference_jba' })
  jba?: Jba;

  @Column({ type: 'text' })
  kind!: ConferenceKind;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt!: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt!: Date;

  @Column({ type: 'text' })
  place!: string;

  /** How many cases the conference can discuss. */
  @Column({ type: 'int' })
  capacity!: number;

  /** Meldeschluss: the agenda is built from the cases waiting at this moment. */
  @Column({ name: 'referral_deadline', type: 'timestamptz' })
  referralDeadline!: Date;

  /** When the call for referrals goes out (the JBA's lead time before the date). */
  @Column({ name: 'call_for_referrals_at', type: 'timestamptz' })
  callForReferralsAt!: Date;

  @Column({ type: 'text', default: ConferenceStatus.PLANNED })
  status!: ConferenceStatus;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt!: Date | null;

  @Column({ name: 'cancel_reason', type: 'text', nullable: true })
  cancelReason!: string | null;

  /** The engine's process instance of the date (recorded by its first external task). */
  @Column({ name: 'process_instance_id', type: 'text', nullable: true })
  processInstanceId!: string | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  /** Bumped on every change; also the iCalendar SEQUENCE. */
  @VersionColumn({ type: 'int' })
  version!: number;
}
