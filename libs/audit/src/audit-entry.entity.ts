import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export enum AuditAction {
  /** Personal data of a young person shown to a user. */
  PERSONAL_DATA_READ = 'personal-data-read',
  /** Personal data put into a mail to a recipient. */
  PERSONAL_DATA_MAILED = 'personal-data-mailed',
  CONSENT_RECORDED = 'consent-recorded',
  TASK_COMPLETED = 'task-completed',
  /** A staff account created or changed by an admin (never the password). */
  ACCOUNT_CHANGED = 'account-changed',
  /** The settings of a JBA changed (target group, process timings). */
  SETTINGS_CHANGED = 'settings-changed',
  /** A conference date planned, moved or cancelled (who, which date, what changed). */
  CONFERENCE_CHANGED = 'conference-changed',
  /** A protocol PDF downloaded (who, which version). */
  PROTOCOL_DOWNLOADED = 'protocol-downloaded',
  /** A protocol (with case data) sent to an institution the consent names. */
  PROTOCOL_SENT = 'protocol-sent',
  /**
   * A referrer looked for open cases of a young person (Doppelbetreuung): one entry per case
   * found (its consent when one allowed more than the coordination), or one without a case.
   */
  EXISTING_CASES_CHECKED = 'existing-cases-checked',
  /** A queued mail with case data not sent: its consent was revoked or no longer names the recipient. */
  MAIL_WITHHELD = 'mail-withheld',
}

/**
 * Who saw or received what about which case, and on which consent. Append-only; ids only.
 */
@Entity({ name: 'audit_entry' })
@Index('ix_audit_entry_referral', ['referralId', 'at'])
export class AuditEntry {
  @PrimaryGeneratedColumn('identity', {
    type: 'bigint',
    primaryKeyConstraintName: 'pk_audit_entry',
  })
  id!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  at!: Date;

  @Column({ type: 'text' })
  action!: AuditAction;

  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true })
  actorUserId!: string | null;

  /** The institution that received the data (the user's, or the mail's recipient). */
  @Column({ name: 'recipient_institution_id', type: 'uuid', nullable: true })
  recipientInstitutionId!: string | null;

  @Column({ name: 'referral_id', type: 'uuid', nullable: true })
  referralId!: string | null;

  /** The consent that allowed the disclosure (null when the referrer itself reads). */
  @Column({ name: 'consent_id', type: 'uuid', nullable: true })
  consentId!: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  detail!: Record<string, unknown>;
}
