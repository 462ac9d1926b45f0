import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { StaffUser } from '@lotse/identity';

/**
 * A view of the task list a user saved under a name ("Filter speichern"): kept on the server, so
 * it follows the user to another browser; only its owner sees and deletes it.
 */
@Entity({ name: 'saved_task_filter' })
@Index('uq_saved_task_filter_user_name', ['userId', 'name'], { unique: true })
export class SavedTaskFilter {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_saved_task_filter' })
  id!: string;

  /** The owner (staff_user.id). */
  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => StaffUser, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_saved_task_filter_user' })
  user?: StaffUser;

  @Column({ type: 'text' })
  name!: string;

  /** The task list's query parameters (filter, due, process, type, sort, order, q). */
  @Column({ type: 'jsonb' })
  query!: Record<string, string>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

export const TASKLIST_ENTITIES = [SavedTaskFilter];
