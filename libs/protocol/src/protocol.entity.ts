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
import { Conference } from '@lotse/conference';
import { Institution } from '@lotse/institution';
import { Offer } from '@lotse/offer';
import { Referral } from '@lotse/referral';

export enum ProtocolState {
  /** Being written; the draft can be saved any number of times. */
  DRAFT = 'draft',
  /** Finalized: version 1 exists; corrections add versions, nothing is changed in place. */
  FINAL = 'final',
}

/** What the protocol's author enters (draft and version content alike). */
export interface ProtocolContent {
  participants: Array<{ institutionId: string; person?: string | null }>;
  situation: string;
  goals: string[];
  measures: Array<{
    /** Stable id of the measure (given once the protocol is finalized). */
    id?: string | null;
    title: string;
    kind: string;
    offerId?: string | null;
    institutionId: string;
    contactName: string;
    startsOn: string;
    dueOn: string;
  }>;
  youngPersonView?: string | null;
  youngPersonAgreed?: boolean | null;
}

/**
 * The protocol of one case in one conference. The draft lives here until the protocol is
 * finalized; the finalized text lives in its versions.
 */
@Entity({ name: 'protocol' })
@Index('uq_protocol_referral_conference', ['referralId', 'conferenceId'], { unique: true })
export class Protocol {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_protocol' })
  id!: string;

  @Column({ name: 'referral_id', type: 'uuid' })
  referralId!: string;

  @Column({ name: 'conference_id', type: 'uuid' })
  conferenceId!: string;

  @ManyToOne(() => Referral)
  @JoinColumn({ name: 'referral_id', foreignKeyConstraintName: 'fk_protocol_referral' })
  referral?: Referral;

  @ManyToOne(() => Conference)
  @JoinColumn({ name: 'conference_id', foreignKeyConstraintName: 'fk_protocol_conference' })
  conference?: Conference;

  @Column({ type: 'text', default: ProtocolState.DRAFT })
  state!: ProtocolState;

  /** The latest finalized version (0 while a draft). */
  @Column({ name: 'current_version', type: 'int', default: 0 })
  currentVersion!: number;

  @Column({ type: 'jsonb', nullable: true })
  draft!: ProtocolContent | null;

  @Column({ name: 'draft_saved_at', type: 'timestamptz', nullable: true })
  draftSavedAt!: Date | null;

  @Column({ name: 'draft_saved_by', type: 'text', nullable: true })
  draftSavedBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @VersionColumn({ type: 'int' })
  version!: number;
}

/** One finalized version of a protocol: immutable, with its PDF and the PDF's SHA-256. */
@Entity({ name: 'protocol_version' })
@Index('uq_protocol_version', ['protocolId', 'version'], { unique: true })
export class ProtocolVersion {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_protocol_version' })
  id!: string;

  @Column({ name: 'protocol_id', type: 'uuid' })
  protocolId!: string;

  @Column({ type: 'int' })
  version!: number;

  @ManyToOne(() => Protocol)
  @JoinColumn({ name: 'protocol_id', foreignKeyConstraintName: 'fk_protocol_version_protocol' })
  protocol?: Protocol;

  @Column({ type: 'jsonb' })
  content!: ProtocolContent;

  /** Why version 2 and later were made. */
  @Column({ name: 'correction_reason', type: 'text', nullable: true })
  correctionReason!: string | null;

  @Column({ name: 'finalized_at', type: 'timestamptz' })
  finalizedAt!: Date;

  @Column({ name: 'finalized_by', type: 'text' })
  finalizedBy!: string;

  @Column({ name: 'finalized_by_name', type: 'text' })
  finalizedByName!: string;

  @Column({ name: 'file_name', type: 'text' })
  fileName!: string;

  @Column({ type: 'bytea', select: false })
  pdf!: Buffer;

  @Column({ name: 'pdf_sha256', type: 'text' })
  pdfSha256!: string;
}

export enum MeasureStatus {
  OPEN = 'open',
  DONE = 'done',
  /** Taken out by a correction of the protocol. */
  DROPPED = 'dropped',
}

/** A measure agreed in a protocol, followed up until it is done. */
@Entity({ name: 'measure' })
@Index('ix_measure_referral', ['referralId', 'status'])
@Index('ix_measure_kind_period', ['kind', 'startsOn', 'dueOn'])
export class Measure {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_measure' })
  id!: string;

  @Column({ name: 'referral_id', type: 'uuid' })
  referralId!: string;

  @Column({ name: 'protocol_id', type: 'uuid' })
  protocolId!: string;

  @Column({ type: 'int' })
  position!: number;

  @ManyToOne(() => Referral)
  @JoinColumn({ name: 'referral_id', foreignKeyConstraintName: 'fk_measure_referral' })
  referral?: Referral;

  @ManyToOne(() => Protocol)
  @JoinColumn({ name: 'protocol_id', foreignKeyConstraintName: 'fk_measure_protocol' })
  protocol?: Protocol;

  @Column({ type: 'text' })
  title!: string;

  /** An offer kind (`@lotse/offer`), copied from the offer when one is chosen. */
  @Column({ type: 'text' })
  kind!: string;

  @Column({ name: 'offer_id', type: 'uuid', nullable: true })
  offerId!: string | null;

  @ManyToOne(() => Offer)
  @JoinColumn({ name: 'offer_id', foreignKeyConstraintName: 'fk_measure_offer' })
  offer?: Offer;

  @Column({ name: 'institution_id', type: 'uuid' })
  institutionId!: string;
  @ManyToOne(() => Institution)
  @JoinColumn({ name: 'institution_id', foreignKeyConstraintName: 'fk_measure_institution' })
  institution?: Institution;

  @Column({ name: 'contact_name', type: 'text' })
  contactName!: string;

  @Column({ name: 'starts_on', type: 'date' })
  startsOn!: string;

  @Column({ name: 'due_on', type: 'date' })
  dueOn!: string;

  @Column({ type: 'text', default: MeasureStatus.OPEN })
  status!: MeasureStatus;

  /** The follow-up round that reviews it next, and its place in that round (loopCounter). */
  @Column({ name: 'review_round', type: 'int', nullable: true })
  reviewRound!: number | null;

  @Column({ name: 'round_position', type: 'int', nullable: true })
  roundPosition!: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

export enum ReviewResult {
  DONE = 'done',
  NOT_DONE = 'not-done',
  CHANGED = 'changed',
}

export const REVIEW_RESULT_LABELS: Record<ReviewResult, string> = {
  [ReviewResult.DONE]: 'erledigt',
  [ReviewResult.NOT_DONE]: 'nicht erledigt',
  [ReviewResult.CHANGED]: 'geändert',
};

/** One review of a measure (*Maßnahme überprüfen*), keyed by the user task. */
@Entity({ name: 'measure_review' })
@Index('uq_measure_review_task', ['taskId'], { unique: true })
@Index('ix_measure_review_measure', ['measureId'])
export class MeasureReview {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_measure_review' })
  id!: string;

  @Column({ name: 'measure_id', type: 'uuid' })
  measureId!: string;

  @ManyToOne(() => Measure)
  @JoinColumn({ name: 'measure_id', foreignKeyConstraintName: 'fk_measure_review_measure' })
  measure?: Measure;

  @Column({ name: 'task_id', type: 'text' })
  taskId!: string;

  @Column({ type: 'text' })
  result!: ReviewResult;

  @Column({ name: 'new_due_on', type: 'date', nullable: true })
  newDueOn!: string | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  /** Reviewed after the review was escalated to the coordinator. */
  @Column({ type: 'boolean', default: false })
  escalated!: boolean;

  @Column({ name: 'reviewed_by', type: 'text' })
  reviewedBy!: string;

  @Column({ name: 'reviewed_by_name', type: 'text' })
  reviewedByName!: string;

  @CreateDateColumn({ name: 'reviewed_at', type: 'timestamptz' })
  reviewedAt!: Date;
}

export enum DeliveryStatus {
  SENT = 'sent',
  /** The consent does not name the institution: it got nothing. */
  REFUSED = 'refused',
}

/** Who got (or was refused) which protocol version, and how. */
@Entity({ name: 'protocol_delivery' })
@Index('uq_protocol_delivery', ['protocolVersionId', 'institutionId'], { unique: true })
export class ProtocolDelivery {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_protocol_delivery' })
  id!: string;

  @Column({ name: 'protocol_version_id', type: 'uuid' })
  protocolVersionId!: string;

  @ManyToOne(() => ProtocolVersion)
  @JoinColumn({
    name: 'protocol_version_id',
    foreignKeyConstraintName: 'fk_protocol_delivery_version',
  })
  protocolVersion?: ProtocolVersion;

  @Column({ name: 'institution_id', type: 'uuid' })
  institutionId!: string;

  @ManyToOne(() => Institution)
  @JoinColumn({
    name: 'institution_id',
    foreignKeyConstraintName: 'fk_protocol_delivery_institution',
  })
  institution?: Institution;

  @Column({ type: 'text' })
  status!: DeliveryStatus;

  /** `link` or `attachment` for a sent protocol; the reason of a refusal. */
  @Column({ type: 'text' })
  detail!: string;

  @Column({ name: 'notification_id', type: 'uuid', nullable: true })
  notificationId!: string | null;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}

/** Each download of a protocol PDF. */
@Entity({ name: 'protocol_download' })
@Index('ix_protocol_download_version', ['protocolVersionId'])
export class ProtocolDownload {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_protocol_download' })
  id!: string;

  @Column({ name: 'protocol_version_id', type: 'uuid' })
  protocolVersionId!: string;

  @ManyToOne(() => ProtocolVersion)
  @JoinColumn({
    name: 'protocol_version_id',
    foreignKeyConstraintName: 'fk_protocol_download_version',
  })
  protocolVersion?: ProtocolVersion;

  @Column({ name: 'user_id', type: 'text' })
  userId!: string;

  @Column({ name: 'institution_id', type: 'uuid' })
  institutionId!: string;

  @CreateDateColumn({ name: 'downloaded_at', type: 'timestamptz' })
  downloadedAt!: Date;
}

export enum FollowUpDecision {
  CLOSE = 'close',
  REFER_AGAIN = 'refer-again',
  CONTINUE = 'continue',
}

export const FOLLOW_UP_DECISION_LABELS: Record<FollowUpDecision, string> = {
  [FollowUpDecision.CLOSE]: 'Fall abschließen',
  [FollowUpDecision.REFER_AGAIN]: 'Erneut zur Fallkonferenz',
  [FollowUpDecision.CONTINUE]: 'Weiter nachverfolgen',
};

/** The case manager's decision after a round of reviews, keyed by the user task. */
@Entity({ name: 'follow_up_decision' })
@Index('uq_follow_up_decision_task', ['taskId'], { unique: true })
@Index('ix_follow_up_decision_referral', ['referralId'])
export class FollowUpDecisionRecord {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_follow_up_decision' })
  id!: string;

  @Column({ name: 'referral_id', type: 'uuid' })
  referralId!: string;

  @ManyToOne(() => Referral)
  @JoinColumn({ name: 'referral_id', foreignKeyConstraintName: 'fk_follow_up_decision_referral' })
  referral?: Referral;

  @Column({ name: 'task_id', type: 'text' })
  taskId!: string;

  @Column({ type: 'text' })
  decision!: FollowUpDecision;

  @Column({ type: 'text', nullable: true })
  outcome!: string | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ name: 'decided_by', type: 'text' })
  decidedBy!: string;

  @Column({ name: 'decided_by_name', type: 'text' })
  decidedByName!: string;

  @CreateDateColumn({ name: 'decided_at', type: 'timestamptz' })
  decidedAt!: Date;
}

/** Bookkeeping of the protocol's external-task steps, so a redelivered task does nothing twice. */
@Entity({ name: 'protocol_step' })
export class ProtocolStep {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_protocol_step' })
  id!: string;

  @Index('uq_protocol_step_key', { unique: true })
  @Column({ name: 'dedup_key', type: 'text' })
  dedupKey!: string;

  @Column({ name: 'referral_id', type: 'uuid' })
  referralId!: string;

  @Column({ type: 'jsonb' })
  outcome!: Record<string, unknown>;

  @CreateDateColumn({ name: 'at', type: 'timestamptz' })
  at!: Date;
}

export const PROTOCOL_ENTITIES = [
  Protocol,
  ProtocolVersion,
  Measure,
  MeasureReview,
  ProtocolDelivery,
  ProtocolDownload,
  FollowUpDecisionRecord,
  ProtocolStep,
];
