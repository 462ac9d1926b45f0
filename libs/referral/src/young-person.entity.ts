import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** The young person a referral is about. Personal data: never logged, disclosed only by consent. */
@Entity({ name: 'young_person' })
/**
 * Open cases of the same young person (ExistingCasesService): an expression index on the
 * normalised last name and the birth date, made by a migration (TypeORM cannot declare it).
 */
@Index('ix_young_person_lookup', { synchronize: false })
export class YoungPerson {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_young_person' })
  id!: string;

  @Column({ name: 'first_name', type: 'text' })
  firstName!: string;

  @Column({ name: 'last_name', type: 'text' })
  lastName!: string;

  @Column({ name: 'birth_date', type: 'date' })
  birthDate!: string;

  /** Place of residence (Wohnort); must be the JBA's town. */
  @Column({ type: 'text' })
  municipality!: string;

  @Column({ name: 'postal_code', type: 'text', nullable: true })
  postalCode!: string | null;

  @Column({ type: 'text', nullable: true })
  email!: string | null;

  @Column({ type: 'text', nullable: true })
  phone!: string | null;

  @Column({ name: 'guardian_name', type: 'text', nullable: true })
  guardianName!: string | null;

  @Column({ name: 'guardian_email', type: 'text', nullable: true })
  guardianEmail!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
