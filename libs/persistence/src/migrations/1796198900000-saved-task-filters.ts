import { MigrationInterface, QueryRunner } from 'typeorm';

/** Saved filters of the task list, per user (issue 13). */
export class SavedTaskFilters1796198900000 implements MigrationInterface {
  name = 'SavedTaskFilters1796198900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "saved_task_filter" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "name" text NOT NULL, "query" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_saved_task_filter" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "uq_saved_task_filter_user_name" ON "saved_task_filter" ("user_id", "name") `,
    );
    await q.query(
      `ALTER TABLE "saved_task_filter" ADD CONSTRAINT "fk_saved_task_filter_user" FOREIGN KEY ("user_id") REFERENCES "staff_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "saved_task_filter"`);
  }
}
