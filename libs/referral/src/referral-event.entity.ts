import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Referral } from './referral.entity';
import { ReasonCode } from './reasons';
import { ReferralStatus } from './referral-status';

export enum ReferralEventType {
  RECEIVED = 'received',
  CONSENT_RECORDED = 'consent-recorded',
  CONSENT_CHECKED = 'consent-checked',
  ELIGIBILITY_CHECKED = 'eligibility-checked',
  STATUS_CHANGED = 'status-changed',
  REFERRER_NOTIFIED = 'referrer-notified',
  CONSENT_REMINDER_SENT = 'consent-reminder-sent',
  REFERRAL_REDATED = 'referral-redated',
  CONSENT_REVOKED = 'consent-revoked',
  WITHDRAWN_FROM_CONFERENCES = 'withdrawn-from-conferences',
  CLOSED_AFTER_REVOCATION = 'closed-after-revocation',
  CLOSED = 'closed',
  /** The young person turned 18; the guardian's consent the case rested on ended. */
  GUARDIAN_CONSENT_ENDED = 'guardian-consent-ended',
}

export const REFERRAL_EVENT_LABELS: Record<ReferralEventType, string> = {
  [ReferralEventType.RECEIVED]: 'Fallmeldung eingegangen',
  [ReferralEventType.CONSENT_RECORDED]: 'Einwilligung erfasst',
  [ReferralEventType.CONSENT_CHECKED]: 'Einwilligung geprüft',
  [ReferralEventType.ELIGIBILITY_CHECKED]: 'Zielgruppe geprüft',
  [ReferralEventType.STATUS_CHANGED]: 'Status geändert',
  [ReferralEventType.REFERRER_NOTIFIED]: 'Meldende Stelle benachrichtigt',
  [ReferralEventType.CONSENT_REMINDER_SENT]: 'An Einwilligung erinnert',
  [ReferralEventType.REFERRAL_REDATED]: 'Fallmeldung gilt ab dem Tag der Einwilligung',
  [ReferralEventType.CONSENT_REVOKED]: 'Einwilligung widerrufen',
  [ReferralEventType.WITHDRAWN_FROM_CONFERENCES]: 'Von Tagesordnungen genommen',
  [ReferralEventType.CLOSED_AFTER_REVOCATION]: 'Fall nach Widerruf beendet',
  [ReferralEventType.CLOSED]: 'Fall abgeschlossen',
  [ReferralEventType.GUARDIAN_CONSENT_ENDED]:
    'Volljährig: Einwilligung der Erziehungsberechtigten beendet, eigene Einwilligung nötig',
};

/** The history of a case. A dedup key (external task id, request) keeps a redelivered task from writing twice. */
@Entity({ name: 'referral_event' })
@Index('ix_referral_event_referral', ['referralId', 'occurredAt'])
@Index('uq_referral_event_dedup_key', ['dedupKey'], { unique: true })
export class ReferralEvent {
  @PrimaryGeneratedColumn('identity', {
    type: 'bigint',
    primaryKeyConstraintName: 'pk_referral_event',
  })
  id!: string;

  @Column({ name: 'referral_id', type: 'uuid' })
  referralId!: string;

  @ManyToOne(() => Referral, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'referral_id', foreignKeyConstraintName: 'fk_referral_event_referral' })
  referral?: Referral;

  @Column({ type: 'text' })
  type!: ReferralEventType;

  /** The status after the event, when it changed it. */
  @Column({ type: 'text', nullable: true })
  status!: ReferralStatus | null;

  @Column({ name: 'reason_code', type: 'text', nullable: true })
  reasonCode!: ReasonCode | null;

  /** Ids and outcomes only; no personal data. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  detail!: Record<string, unknown>;

  @Column({ name: 'occurred_at', type: 'timestamptz', default: () => 'now()' })
  occurredAt!: Date;

  @Column({ name: 'dedup_key', type: 'text', nullable: true })
  dedupKey!: string | null;
}
