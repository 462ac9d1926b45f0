import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { InstitutionKind } from './institution-kind';
import { Jba } from './jba.entity';

/** A partner institution of a JBA (Agentur für Arbeit, Jobcenter, Jugendamt, Schule, JMD ...). */
@Entity({ name: 'institution' })
@Index('ix_institution_jba', ['jbaId'])
export class Institution {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_institution' })
  id!: string;

  @Column({ name: 'jba_id', type: 'uuid' })
  jbaId!: string;

  @ManyToOne(() => Jba, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'jba_id', foreignKeyConstraintName: 'fk_institution_jba' })
  jba?: Jba;

  @Column({ type: 'text' })
  kind!: InstitutionKind;

  @Column({ type: 'text' })
  name!: string;

  /** Functional mailbox for calls for referrals, invitations and notices. */
  @Column({ name: 'contact_email', type: 'text' })
  contactEmail!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
