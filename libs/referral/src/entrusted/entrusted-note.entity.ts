import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Institution } from '@lotse/institution';
import { Referral } from '../referral.entity';

/**
 * Information entrusted to the Jugendamt for personal and educational help (§ 65 SGB VIII,
 * *anvertraute Daten*): kept apart from everything that is shared (case, protocol, PDF, mails),
 * readable by the Jugendamt that recorded it and by an institution only where a valid consent
 * names it with the purpose `entrusted-information`.
 */
@Entity({ name: 'entrusted_note' })
@Index('ix_entrusted_note_referral', ['referralId', 'createdAt'])
export class EntrustedNote {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_entrusted_note' })
  id!: string;

  @Column({ name: 'referral_id', type: 'uuid' })
  referralId!: string;

  @ManyToOne(() => Referral, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'referral_id', foreignKeyConstraintName: 'fk_entrusted_note_referral' })
  referral?: Referral;

  /** The Jugendamt the information was entrusted to. */
  @Column({ name: 'institution_id', type: 'uuid' })
  institutionId!: string;

  @ManyToOne(() => Institution)
  @JoinColumn({ name: 'institution_id', foreignKeyConstraintName: 'fk_entrusted_note_institution' })
  institution?: Institution;

  @Column({ type: 'text' })
  text!: string;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
