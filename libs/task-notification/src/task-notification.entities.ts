import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

/** When a staff member hears of tasks by mail. */
export enum TaskNotificationDelivery {
  /** A mail for every new or assigned task, reminders as they fall due. */
  IMMEDIATE = 'immediate',
  /** One mail a day (from 07:00 Europe/Berlin) with new tasks and reminders. */
  DAILY = 'daily',
  OFF = 'off',
}

export const TASK_NOTIFICATION_DELIVERIES = Object.values(TaskNotificationDelivery);

/** The default when a staff member never chose: a new task should not wait a day unseen. */
export const DEFAULT_TASK_NOTIFICATION_DELIVERY = TaskNotificationDelivery.IMMEDIATE;

export enum TaskNoticeKind {
  /** A new task offered to the staff member's group (or to them by name). */
  NEW = 'new',
  /** Assigned to the staff member by someone else. */
  ASSIGNED = 'assigned',
  /** Due within the next 24 hours. */
  DUE_SOON = 'due-soon',
  OVERDUE = 'overdue',
}

/** A staff member's notification setting; no row means the default. */
@Entity({ name: 'staff_notification_setting' })
export class StaffNotificationSetting {
  @PrimaryColumn({
    name: 'staff_user_id',
    type: 'uuid',
    primaryKeyConstraintName: 'pk_staff_notification_setting',
  })
  staffUserId!: string;

  @Column({ name: 'task_notifications', type: 'text', default: DEFAULT_TASK_NOTIFICATION_DELIVERY })
  taskNotifications!: TaskNotificationDelivery;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/**
 * One notice about one task to one staff member: the idempotency key (task, person, kind) that
 * makes every notice go out once, however often the task is projected or a run is redelivered.
 * `notification_id` is the mail that carried it (immediate mail, reminder or digest); a daily
 * notice waits with null until the next digest; an `off` notice never gets one.
 */
@Entity({ name: 'task_notification' })
@Index('uq_task_notification', ['userTaskId', 'staffUserId', 'kind'], { unique: true })
@Index('ix_task_notification_user', ['staffUserId', 'delivery'])
export class TaskNotification {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_task_notification' })
  id!: string;

  @Column({ name: 'user_task_id', type: 'uuid' })
  userTaskId!: string;

  @Column({ name: 'staff_user_id', type: 'uuid' })
  staffUserId!: string;

  @Column({ type: 'text' })
  kind!: TaskNoticeKind;

  /** The setting when the notice was made. */
  @Column({ type: 'text' })
  delivery!: TaskNotificationDelivery;

  @Column({ name: 'notification_id', type: 'uuid', nullable: true })
  notificationId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

export const TASK_NOTIFICATION_ENTITIES = [StaffNotificationSetting, TaskNotification];
