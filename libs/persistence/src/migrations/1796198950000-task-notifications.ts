import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13: task notification mails. Each staff member's setting (immediately / daily digest /
 * off; no row = immediately) and one row per task, staff member and kind of notice (new for the
 * group, assigned, due soon, overdue): the idempotency key that makes every notice go out once.
 */
export class TaskNotifications1796198950000 implements MigrationInterface {
  name = 'TaskNotifications1796198950000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "staff_notification_setting" ("staff_user_id" uuid NOT NULL, "task_notifications" text NOT NULL DEFAULT 'immediate', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_staff_notification_setting" PRIMARY KEY ("staff_user_id"))`,
    );
    await q.query(
      `CREATE TABLE "task_notification" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_task_id" uuid NOT NULL, "staff_user_id" uuid NOT NULL, "kind" text NOT NULL, "delivery" text NOT NULL, "notification_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_task_notification" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "uq_task_notification" ON "task_notification" ("user_task_id", "staff_user_id", "kind") `,
    );
    await q.query(
      `CREATE INDEX "ix_task_notification_user" ON "task_notification" ("staff_user_id", "delivery") `,
    );
    // The scan for new unassigned tasks every few seconds reads only these.
    await q.query(
      `CREATE INDEX "ix_user_task_unassigned_created" ON "user_task" ("created_at") WHERE state = 'open' AND assignee IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_user_task_unassigned_created"`);
    await q.query(`DROP TABLE "task_notification"`);
    await q.query(`DROP TABLE "staff_notification_setting"`);
  }
}
