import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  VersionColumn,
} from 'typeorm';

export enum TaskState {
  OPEN = 'open',
  COMPLETED = 'completed',
  CANCELED = 'canceled',
}

/**
 * A job-worker user task of Zeebe, projected into Postgres: the task list reads this table.
 * One row per job key; the engine's int64 keys are kept as text.
 */
@Entity({ name: 'user_task' })
@Index('uq_user_task_job_key', ['jobKey'], { unique: true })
@Index('ix_user_task_case', ['caseId'])
@Index('ix_user_task_process_instance', ['processInstanceKey'])
@Index('ix_user_task_open_due', ['state', 'dueAt'])
@Index('ix_user_task_open_assignee', ['assignee', 'dueAt'], { where: "state = 'open'" })
/** GIN indexes on the candidate lists of open tasks, made by a migration (TypeORM cannot declare GIN). */
@Index('ix_user_task_open_groups', { synchronize: false })
@Index('ix_user_task_open_users', { synchronize: false })
export class UserTask {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_user_task' })
  id!: string;

  @Column({ name: 'job_key', type: 'text' })
  jobKey!: string;

  @Column({ name: 'process_instance_key', type: 'text' })
  processInstanceKey!: string;

  @Column({ name: 'process_definition_key', type: 'text' })
  processDefinitionKey!: string;

  @Column({ name: 'bpmn_process_id', type: 'text' })
  bpmnProcessId!: string;

  @Column({ name: 'element_id', type: 'text' })
  elementId!: string;

  @Column({ name: 'element_instance_key', type: 'text' })
  elementInstanceKey!: string;

  /** The task's name in the model (German, as the designers wrote it). */
  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'case_id', type: 'uuid', nullable: true })
  caseId!: string | null;

  @Column({ name: 'conference_id', type: 'uuid', nullable: true })
  conferenceId!: string | null;

  @Column({ type: 'text', nullable: true })
  assignee!: string | null;

  @Column({ name: 'candidate_groups', type: 'text', array: true, default: () => "'{}'" })
  candidateGroups!: string[];

  @Column({ name: 'candidate_users', type: 'text', array: true, default: () => "'{}'" })
  candidateUsers!: string[];

  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt!: Date | null;

  @Column({ name: 'follow_up_at', type: 'timestamptz', nullable: true })
  followUpAt!: Date | null;

  /** 0–100, higher is more urgent (Zeebe's scale). */
  @Column({ type: 'int', default: 50 })
  priority!: number;

  /** The engine's form key (the deployed form's key for linked forms). */
  @Column({ name: 'form_key', type: 'text', nullable: true })
  formKey!: string | null;

  /** Variables the task was created with (ids and settings, no personal data). */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  input!: Record<string, unknown>;

  @Column({ type: 'text', default: TaskState.OPEN })
  state!: TaskState;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'claimed_at', type: 'timestamptz', nullable: true })
  claimedAt!: Date | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @Column({ name: 'completed_by', type: 'text', nullable: true })
  completedBy!: string | null;

  @VersionColumn({ type: 'int' })
  version!: number;
}
