import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Referral } from '@lotse/referral';
import { Conference } from './conference.entity';

export enum AgendaState {
  /** On the list of waiting cases when the agenda was built (more than fit). */
  PROPOSED = 'proposed',
  /** On the agenda. */
  SELECTED = 'selected',
  /** Not chosen; waits for the next date. */
  CARRIED_OVER = 'carried-over',
  DISCUSSED = 'discussed',
  NOT_DISCUSSED = 'not-discussed',
  /** The date was cancelled; the case waits again. */
  RETURNED = 'returned',
  /** The consent was revoked: the case is off the agenda for good. */
  WITHDRAWN = 'withdrawn',
}

export const AGENDA_STATE_LABELS: Record<AgendaState, string> = {
  [AgendaState.PROPOSED]: 'Zur Auswahl',
  [AgendaState.SELECTED]: 'Auf der Tagesordnung',
  [AgendaState.CARRIED_OVER]: 'Auf den nächsten Termin verschoben',
  [AgendaState.DISCUSSED]: 'Besprochen',
  [AgendaState.NOT_DISCUSSED]: 'Nicht besprochen',
  [AgendaState.RETURNED]: 'Termin abgesagt',
  [AgendaState.WITHDRAWN]: 'Nach Widerruf zurückgezogen',
};

/** A case on (or considered for) a conference's agenda. */
@Entity({ name: 'conference_case' })
@Index('ix_conference_case_referral', ['referralId'])
export class ConferenceCase {
  @PrimaryColumn({
    name: 'conference_id',
    type: 'uuid',
    primaryKeyConstraintName: 'pk_conference_case',
  })
  conferenceId!: string;

  @PrimaryColumn({
    name: 'referral_id',
    type: 'uuid',
    primaryKeyConstraintName: 'pk_conference_case',
  })
  referralId!: string;

  @ManyToOne(() => Conference, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'conference_id', foreignKeyConstraintName: 'fk_conference_case_conference' })
  conference?: Conference;

  @ManyToOne(() => Referral)
  @JoinColumn({ name: 'referral_id', foreignKeyConstraintName: 'fk_conference_case_referral' })
  referral?: Referral;

  @Column({ type: 'text' })
  state!: AgendaState;

  /** Order on the agenda (oldest referral first). */
  @Column({ type: 'int', nullable: true })
  position!: number | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** Who took part in a conference. */
@Entity({ name: 'conference_attendance' })
export class ConferenceAttendance {
  @PrimaryColumn({
    name: 'conference_id',
    type: 'uuid',
    primaryKeyConstraintName: 'pk_conference_attendance',
  })
  conferenceId!: string;

  @PrimaryColumn({
    name: 'institution_id',
    type: 'uuid',
    primaryKeyConstraintName: 'pk_conference_attendance',
  })
  institutionId!: string;

  @ManyToOne(() => Conference, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'conference_id',
    foreignKeyConstraintName: 'fk_conference_attendance_conference',
  })
  conference?: Conference;
}
