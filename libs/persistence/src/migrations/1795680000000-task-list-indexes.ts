import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the task list at scale (bench/README.md, "task list queries"): open tasks by
 * assignee and due date, and GIN indexes on the candidate lists of open tasks only.
 */
export class TaskListIndexes1795680000000 implements MigrationInterface {
  name = 'TaskListIndexes1795680000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "ix_user_task_open_assignee" ON "user_task" ("assignee", "due_at") WHERE state = 'open'`,
    );
    await q.query(
      `CREATE INDEX "ix_user_task_open_groups" ON "user_task" USING gin ("candidate_groups") WHERE state = 'open'`,
    );
    await q.query(
      `CREATE INDEX "ix_user_task_open_users" ON "user_task" USING gin ("candidate_users") WHERE state = 'open'`,
    );
    await q.query(`DROP INDEX "ix_user_task_groups"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "ix_user_task_groups" ON "user_task" USING gin ("candidate_groups")`,
    );
    await q.query(`DROP INDEX "ix_user_task_open_users"`);
    await q.query(`DROP INDEX "ix_user_task_open_groups"`);
    await q.query(`DROP INDEX "ix_user_task_open_assignee"`);
  }
}
