import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export enum AuditAction {
  /** Personal data of a young person shown to a user. */
  PERSONAL_DATA_READ = 'personal-data-read',
  /** Personal data put into a mail to a recipient. */
  PERSONAL_DATA_MAILED = 'personal-data-mailed',
  CONSENT_RECORDED = 'consent-recorded',
  /** A consent revoked (Widerruf): who recorded it, which consent. */
  CONSENT_REVOKED = 'consent-revoked',
  /** A referral filed (Fallmeldung): who, for which institution; the young person's id. */
  REFERRAL_FILED = 'referral-filed',
  TASK_COMPLETED = 'task-completed',
  /** A task claimed, given back or assigned (who, which task, to whom). */
  TASK_CLAIMED = 'task-claimed',
  TASK_UNCLAIMED = 'task-unclaimed',
  TASK_ASSIGNED = 'task-assigned',
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
  /** The data protection officer produced an access report (Art. 15 DSGVO) on a young person: ids only. */
  ACCESS_REPORT_CREATED = 'access-report-created',
  /** The data protection officer downloaded an audit extract (CSV/JSON): the filters, no data. */
  AUDIT_EXPORTED = 'audit-exported',
  /** Personal data erased by the retention sweep or an erasure request: the case id (or mail count) only. */
  DATA_ERASED = 'data-erased',
}

/**
 * Who saw or received what about which case, and on which consent. Append-only; ids only.
 */
@Entity({ name: 'audit_entry' })
@Index('ix_audit_entry_referral', ['referralId', 'at'])
@Index('ux_audit_entry_seq', ['seq'], { unique: true })
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

  /**
   * The row's place in the hash chain (1, 2, 3, … without gaps), the previous row's hash and its
   * own: set by the database's trigger `audit_entry_chain`, never by the apps (see audit-chain.ts).
   */
  @Column({ type: 'bigint', insert: false, update: false })
  seq!: string;

  @Column({ name: 'prev_hash', type: 'text', insert: false, update: false })
  prevHash!: string;

  @Column({ type: 'text', insert: false, update: false })
  hash!: string;
}

/** Where the chain starts after `audit_prune` removed its oldest part (retention). */
@Entity({ name: 'audit_chain_anchor' })
@Index('ux_audit_chain_anchor_seq', ['seq'], { unique: true })
export class AuditChainAnchor {
  @PrimaryGeneratedColumn('identity', {
    type: 'bigint',
    primaryKeyConstraintName: 'pk_audit_chain_anchor',
  })
  id!: string;

  /** The last pruned row; the chain goes on with seq + 1, whose prev_hash is `hash`. */
  @Column({ type: 'bigint' })
  seq!: string;

  @Column({ type: 'text' })
  hash!: string;

  @Column({ type: 'timestamptz' })
  cutoff!: Date;

  @Column({ name: 'deleted_count', type: 'bigint' })
  deletedCount!: string;

  @CreateDateColumn({ name: 'pruned_at', type: 'timestamptz' })
  prunedAt!: Date;
}
