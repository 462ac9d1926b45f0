import {
  Check,
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
import { Institution, Jba } from '@lotse/institution';
import { OfferKind } from './offer-kind';

/**
 * One support offer of a partner institution (Angebot) in the JBA's offers overview
 * (Angebotsübersicht). Never deleted: an offer ends with `activeTo`, and measures of a
 * conference protocol keep referring to it.
 */
@Entity({ name: 'offer' })
@Index('ix_offer_jba_kind', ['jbaId', 'kind'])
@Index('ix_offer_institution', ['institutionId'])
@Check('ck_offer_active_range', `"active_to" IS NULL OR "active_to" >= "active_from"`)
export class Offer {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_offer' })
  id!: string;

  @Column({ name: 'jba_id', type: 'uuid' })
  jbaId!: string;

  @ManyToOne(() => Jba)
  @JoinColumn({ name: 'jba_id', foreignKeyConstraintName: 'fk_offer_jba' })
  jba?: Jba;

  /** The partner that runs the offer. */
  @Column({ name: 'institution_id', type: 'uuid' })
  institutionId!: string;

  @ManyToOne(() => Institution)
  @JoinColumn({ name: 'institution_id', foreignKeyConstraintName: 'fk_offer_institution' })
  institution?: Institution;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  kind!: OfferKind;

  /** Whom the offer is for, in the partner's words ("unter 25, ohne Ausbildungsplatz"). */
  @Column({ name: 'target_group', type: 'text' })
  targetGroup!: string;

  /** E.g. "§ 16h SGB II". */
  @Column({ name: 'legal_basis', type: 'text' })
  legalBasis!: string;

  @Column({ name: 'contact_name', type: 'text' })
  contactName!: string;

  @Column({ name: 'contact_email', type: 'text', nullable: true })
  contactEmail!: string | null;

  @Column({ name: 'contact_phone', type: 'text', nullable: true })
  contactPhone!: string | null;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  /** First day of the offer (`YYYY-MM-DD`). */
  @Column({ name: 'active_from', type: 'date' })
  activeFrom!: string;

  /** Last day of the offer (`YYYY-MM-DD`); null while it runs on. */
  @Column({ name: 'active_to', type: 'date', nullable: true })
  activeTo!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  /** Bumped on every change; a change must name the version it was made on. */
  @VersionColumn({ type: 'int' })
  version!: number;
}
