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
import { Role } from './role';

/** A staff account of a partner institution. */
@Entity({ name: 'staff_user' })
@Index('uq_staff_user_username', ['username'], { unique: true })
@Index('uq_staff_user_oidc_subject', ['oidcSubject'], {
  unique: true,
  where: 'oidc_subject IS NOT NULL',
})
@Index('ix_staff_user_institution', ['institutionId'])
export class StaffUser {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_staff_user' })
  id!: string;

  @Column({ type: 'text' })
  username!: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName!: string;

  @Column({ type: 'text', nullable: true })
  email!: string | null;

  /** argon2id; null for accounts that sign in through OIDC only. */
  @Column({ name: 'password_hash', type: 'text', nullable: true })
  passwordHash!: string | null;

  @Column({ name: 'institution_id', type: 'uuid' })
  institutionId!: string;

  @ManyToOne(() => Institution)
  @JoinColumn({ name: 'institution_id', foreignKeyConstraintName: 'fk_staff_user_institution' })
  institution?: Institution;

  @Column({ type: 'text', array: true })
  roles!: Role[];

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /** `sub` of the OIDC provider, linked on first sign-in by e-mail. */
  @Column({ name: 'oidc_subject', type: 'text', nullable: true })
  oidcSubject!: string | null;

  /** Sessions issued before this moment end (account locked, password set, roles changed). */
  @Column({ name: 'sessions_valid_after', type: 'timestamptz', nullable: true })
  sessionsValidAfter!: Date | null;

  /** Set for the initial admin: every request but the password change is refused until then. */
  @Column({ name: 'must_change_password', type: 'boolean', default: false })
  mustChangePassword!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
