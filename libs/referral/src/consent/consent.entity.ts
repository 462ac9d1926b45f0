import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Referral } from '../referral.entity';
import { ConsentGrantor, ConsentPurpose } from './consent-purpose';

/**
 * A signed release from confidentiality (Schweigepflichtsentbindung) as structured data.
 * The signed document itself stays with the referrer; Lotse keeps its hash.
 */
@Entity({ name: 'consent' })
@Index('ix_consent_referral', ['referralId', 'recordedAt'])
@Index('uq_consent_dedup_key', ['dedupKey'], { unique: true })
@Check('ck_consent_document', `"document_hash" IS NOT NULL OR "paper_only_reason" IS NOT NULL`)
export class Consent {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_consent' })
  id!: string;

  @Column({ name: 'referral_id', type: 'uuid' })
  referralId!: string;

  @ManyToOne(() => Referral, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'referral_id', foreignKeyConstraintName: 'fk_consent_referral' })
  referral?: Referral;

  @Column({ name: 'granted_by', type: 'text' })
  grantedBy!: ConsentGrantor;

  @Column({ name: 'signed_on', type: 'date' })
  signedOn!: string;

  /** For 15–17-year-olds consenting alone: capacity of understanding confirmed. */
  @Column({ name: 'capacity_confirmed', type: 'boolean', default: false })
  capacityConfirmed!: boolean;

  /** For minors consenting alone: the guardians were informed. Kept, not a condition. */
  @Column({ name: 'guardian_informed', type: 'boolean', default: false })
  guardianInformed!: boolean;

  /** A guardian's consent: who signed (both under joint custody). */
  @Column({ name: 'guardian_names', type: 'text', array: true, default: () => "'{}'" })
  guardianNames!: string[];

  /** A guardian's consent under joint custody: both guardians signed. */
  @Column({ name: 'joint_custody', type: 'boolean', default: false })
  jointCustody!: boolean;

  /**
   * The JBA's rule when the consent was recorded (`minorsMayConsentAlone`): a consent is judged
   * by the rule it was taken under; a later change of the setting does not undo or validate it.
   */
  @Column({ name: 'minor_may_consent_alone', type: 'boolean', default: false })
  minorMayConsentAlone!: boolean;

  /** Institutions the consent names as recipients of information. */
  @Column({ type: 'uuid', array: true })
  recipients!: string[];

  @Column({ type: 'text', array: true })
  purposes!: ConsentPurpose[];

  /** sha256 of the signed document (hex); null for a paper-only consent (`paperOnlyReason`). */
  @Column({ name: 'document_hash', type: 'text', nullable: true })
  documentHash!: string | null;

  /** Why there is no scan (e.g. "Original liegt in der Akte"); set when `documentHash` is not. */
  @Column({ name: 'paper_only_reason', type: 'text', nullable: true })
  paperOnlyReason!: string | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  /** The day the young person (or the guardians) declared the revocation. */
  @Column({ name: 'revocation_declared_on', type: 'date', nullable: true })
  revocationDeclaredOn!: string | null;

  /** Free text given with the revocation (may name personal matters: never logged). */
  @Column({ name: 'revocation_reason', type: 'text', nullable: true })
  revocationReason!: string | null;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;

  /** Request that recorded it (Idempotency-Key or task), to record it once. */
  @Column({ name: 'dedup_key', type: 'text', nullable: true })
  dedupKey!: string | null;
}
