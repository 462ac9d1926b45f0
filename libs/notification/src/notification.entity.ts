import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import type { MailTemplateName } from './mail-templates';

export enum NotificationStatus {
  QUEUED = 'queued',
  SENT = 'sent',
  FAILED = 'failed',
  /** Not sent: the consent that allowed it was revoked (or no longer names the recipient). */
  WITHHELD = 'withheld',
}

export enum RecipientKind {
  INSTITUTION = 'institution',
  YOUNG_PERSON = 'young-person',
  GUARDIAN = 'guardian',
}

/**
 * One mail to one recipient. The row is the fact (written with the business change); the
 * BullMQ job that delivers it carries only the row id, with the row id as job id.
 */
@Entity({ name: 'notification' })
@Index('ix_notification_referral', ['referralId'])
@Index('uq_notification_dedup_key', ['dedupKey'], { unique: true })
@Index('ix_notification_status', ['status', 'createdAt'])
export class Notification {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_notification' })
  id!: string;

  /** Business key of the mail (e.g. `invitation:<conference>:<institution>`); one mail per key. */
  @Column({ name: 'dedup_key', type: 'text' })
  dedupKey!: string;

  @Column({ type: 'text' })
  template!: MailTemplateName;

  @Column({ type: 'jsonb' })
  params!: Record<string, unknown>;

  @Column({ name: 'recipient_kind', type: 'text' })
  recipientKind!: RecipientKind;

  @Column({ name: 'recipient_email', type: 'text' })
  recipientEmail!: string;

  @Column({ name: 'recipient_institution_id', type: 'uuid', nullable: true })
  recipientInstitutionId!: string | null;

  @Column({ name: 'referral_id', type: 'uuid', nullable: true })
  referralId!: string | null;

  @Column({ name: 'conference_id', type: 'uuid', nullable: true })
  conferenceId!: string | null;

  @Column({ type: 'text', default: NotificationStatus.QUEUED })
  status!: NotificationStatus;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;
}

/** A file sent with a mail (e.g. the protocol PDF, where the JBA allows attachments). */
@Entity({ name: 'notification_attachment' })
@Index('uq_notification_attachment', ['notificationId', 'fileName'], { unique: true })
export class NotificationAttachment {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_notification_attachment' })
  id!: string;

  @Column({ name: 'notification_id', type: 'uuid' })
  notificationId!: string;

  @ManyToOne(() => Notification, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'notification_id',
    foreignKeyConstraintName: 'fk_notification_attachment_notification',
  })
  notification?: Notification;

  @Column({ name: 'file_name', type: 'text' })
  fileName!: string;

  @Column({ name: 'media_type', type: 'text' })
  mediaType!: string;

  @Column({ type: 'bytea' })
  content!: Buffer;
}
