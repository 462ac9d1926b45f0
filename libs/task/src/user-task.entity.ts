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
 * A user task of the engine, projected into Postgres from the engine's task events (TaskFeed):
 * the task list reads this table. One row per engine task id; the engine stays the source of
 * truth for whether a task is open, who holds it and its dates.
 */
@Entity({ name: 'user_task' })
@Index('uq_user_task_task_id', ['taskId'], { unique: true })
@Index('ix_user_task_case', ['caseId'])
@Index('ix_user_task_process_instance', ['processInstanceId'])
@Index('ix_user_task_open_due', ['state', 'dueAt'])
@Index('ix_user_task_open_assignee', ['assignee', 'dueAt'], { where: "state = 'open'" })
/** New unassigned tasks, which the task notifications announce (libs/task-notification). */
@Index('ix_user_task_unassigned_created', ['createdAt'], {
  where: "state = 'open' AND assignee IS NULL",
})
/** GIN indexes on the candidate lists of open tasks, made by a migration (TypeORM cannot declare GIN). */
@Index('ix_user_task_open_groups', { synchronize: false })
@Index('ix_user_task_open_users', { synchronize: false })
export class UserTask {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_user_task' })
  id!: string;

  /** The engine's task id. */
  @Column({ name: 'task_id', type: 'text' })
  taskId!: string;

  /** The newest engine task event applied to this row (older ones arriving later are ignored). */
  @Column({ name: 'last_event_id', type: 'bigint', default: 0 })
  lastEventId!: string;

  @Column({ name: 'process_instance_id', type: 'text' })
  processInstanceId!: string;

  @Column({ name: 'process_definition_id', type: 'text' })
  processDefinitionId!: string;

  @Column({ name: 'bpmn_process_id', type: 'text' })
  bpmnProcessId!: string;

  @Column({ name: 'element_id', type: 'text' })
  elementId!: string;

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

  /** 0–100, higher is more urgent (the engine's default is 50). */
  @Column({ type: 'int', default: 50 })
  priority!: number;

  /** The Camunda Form the task shows (`camunda:formRef`), resolved to its latest version. */
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
