import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

/**
 * A Jugendberufsagentur: its partners, its target group and the timings its processes use.
 * Durations are ISO-8601 (`P14D`) so they go into BPMN timers unchanged.
 */
@Entity({ name: 'jba' })
export class Jba {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_jba' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  /** Young people must live here to be referred. */
  @Column({ type: 'text' })
  municipality!: string;

  /**
   * The Bundesland (ISO 3166-2:DE code without the `DE-`, e.g. `NW`), for its public holidays
   * (conference dates on a holiday are warned of); null: only the nationwide holidays count.
   */
  @Column({ name: 'federal_state', type: 'varchar', length: 2, nullable: true })
  federalState!: string | null;

  /** A young person must be younger than this on the referral date. */
  @Column({ name: 'age_limit', type: 'int', default: 25 })
  ageLimit!: number;

  /** How often the referrer is reminded while a consent is missing. */
  @Column({ name: 'consent_reminder_interval', type: 'text', default: 'P14D' })
  consentReminderInterval!: string;

  /** After this, a referral without valid consent is given up. */
  @Column({ name: 'consent_deadline', type: 'text', default: 'P56D' })
  consentDeadline!: string;

  /** The partner that runs the case conferences (usually the Jugendamt). */
  @Column({ name: 'coordinating_institution_id', type: 'uuid', nullable: true })
  coordinatingInstitutionId!: string | null;

  /** A referral date (`referredOn`) may lie at most this many days back. */
  @Column({ name: 'max_referral_backdating_days', type: 'int', default: 90 })
  maxReferralBackdatingDays!: number;

  /**
   * Whether 15–17-year-olds with confirmed capacity (Einsichtsfähigkeit) may consent alone;
   * default no: the guardians sign for minors (Eschweiler concept).
   */
  @Column({ name: 'minors_may_consent_alone', type: 'boolean', default: false })
  minorsMayConsentAlone!: boolean;

  /** How long before a conference date the call for referrals goes out. */
  @Column({ name: 'call_for_referrals_lead_time', type: 'text', default: 'P28D' })
  callForReferralsLeadTime!: string;

  /** A review of a measure not done this long after it fell due goes to the coordinator. */
  @Column({ name: 'follow_up_escalation_delay', type: 'text', default: 'P14D' })
  followUpEscalationDelay!: string;

  /** Whether the protocol PDF may travel as a mail attachment (default: a link only). */
  @Column({ name: 'protocol_pdf_attachment', type: 'boolean', default: false })
  protocolPdfAttachment!: boolean;

  /**
   * Retention periods (Löschfristen), ISO-8601 periods of one unit (`P30D`, `P6M`, `P3Y`),
   * counted from the case's end (its last status) or the mail's dispatch; enforced by the
   * retention sweep (libs/retention).
   */
  @Column({ name: 'retention_ended_without_case', type: 'text', default: 'P6M' })
  retentionEndedWithoutCase!: string;

  @Column({ name: 'retention_closed', type: 'text', default: 'P3Y' })
  retentionClosed!: string;

  @Column({ name: 'retention_after_revocation', type: 'text', default: 'P30D' })
  retentionAfterRevocation!: string;

  @Column({ name: 'retention_mail_contents', type: 'text', default: 'P90D' })
  retentionMailContents!: string;

  @Column({ name: 'retention_audit', type: 'text', default: 'P2Y' })
  retentionAudit!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
