import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The engine changes from Zeebe to Operaton. Zeebe's keys (int64) become Operaton's ids
 * (strings): user tasks are keyed by the engine's task id and fed by its task events; process
 * and form definitions are recorded again by the next deployment. Lotse was never run in
 * production on Zeebe, so no running Zeebe instance is carried over: tasks and definitions of
 * the old broker are removed and the cases' instance references cleared. Commands still in the
 * outbox are kept (accepted referrals and dates start on the new engine), in the new shape.
 */
export class Operaton1795852800000 implements MigrationInterface {
  name = 'Operaton1795852800000';

  async up(q: QueryRunner): Promise<void> {
    // user tasks: the engine's task id, the newest applied task event
    await q.query(`DELETE FROM "user_task"`);
    await q.query(`DROP INDEX "uq_user_task_job_key"`);
    await q.query(`ALTER TABLE "user_task" DROP COLUMN "job_key"`);
    await q.query(`ALTER TABLE "user_task" DROP COLUMN "element_instance_key"`);
    await q.query(
      `ALTER TABLE "user_task" RENAME COLUMN "process_instance_key" TO "process_instance_id"`,
    );
    await q.query(
      `ALTER TABLE "user_task" RENAME COLUMN "process_definition_key" TO "process_definition_id"`,
    );
    await q.query(`ALTER TABLE "user_task" ADD "task_id" text NOT NULL`);
    await q.query(`ALTER TABLE "user_task" ADD "last_event_id" bigint NOT NULL DEFAULT '0'`);
    await q.query(`CREATE UNIQUE INDEX "uq_user_task_task_id" ON "user_task" ("task_id") `);

    // deployed definitions, keyed by the engine's ids
    await q.query(`DELETE FROM "process_definition"`);
    await q.query(
      `ALTER TABLE "process_definition" RENAME COLUMN "process_definition_key" TO "process_definition_id"`,
    );
    await q.query(`DELETE FROM "form_definition"`);

    // the cases' and dates' process instances
    await q.query(
      `ALTER TABLE "referral" RENAME COLUMN "process_instance_key" TO "process_instance_id"`,
    );
    await q.query(
      `ALTER TABLE "referral" RENAME COLUMN "process_definition_key" TO "process_definition_id"`,
    );
    await q.query(
      `UPDATE "referral" SET "process_instance_id" = NULL, "process_definition_id" = NULL`,
    );
    await q.query(
      `ALTER TABLE "conference" RENAME COLUMN "process_instance_key" TO "process_instance_id"`,
    );
    await q.query(`UPDATE "conference" SET "process_instance_id" = NULL`);

    // outbox: messages can lapse; pending commands in the engine's terms
    await q.query(`ALTER TABLE "outbox_message" ADD "expired_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`DROP INDEX "ix_outbox_pending"`);
    await q.query(
      `CREATE INDEX "ix_outbox_pending" ON "outbox_message" ("available_at") WHERE sent_at IS NULL AND expired_at IS NULL`,
    );
    await q.query(
      `UPDATE "outbox_message" SET "command" = jsonb_build_object(
          'type', 'start-process', 'messageName', command->>'name',
          'processDefinitionKey', CASE command->>'name' WHEN 'referral-received' THEN 'case-referral' ELSE 'conference-cycle' END,
          'businessKey', command->>'correlationKey', 'variables', command->'variables')
        WHERE sent_at IS NULL AND command->>'type' = 'publish-message'
          AND command->>'name' IN ('referral-received', 'conference-planned')`,
    );
    // the reminder cycle the model now reads (the old, unbounded one for these)
    await q.query(
      `UPDATE "outbox_message" SET "command" = jsonb_set("command", '{variables,consentReminderCycle}',
          to_jsonb('R/' || (command->'variables'->>'consentReminderInterval')))
        WHERE sent_at IS NULL AND command->>'type' = 'start-process'
          AND command->>'messageName' = 'referral-received'`,
    );
    await q.query(
      `UPDATE "outbox_message" SET "command" = jsonb_build_object(
          'type', 'correlate-message', 'messageName', command->>'name',
          'businessKey', command->>'correlationKey', 'variables', command->'variables',
          'timeToLiveMs', (command->>'timeToLiveMs')::bigint)
        WHERE sent_at IS NULL AND command->>'type' = 'publish-message'`,
    );
    await q.query(
      `UPDATE "outbox_message" SET "expired_at" = now(), "last_error" = 'Zeebe instance: not carried over to Operaton'
        WHERE sent_at IS NULL AND command->>'type' = 'cancel-process-instance'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DELETE FROM "outbox_message" WHERE sent_at IS NULL AND command->>'type' <> 'publish-message'`,
    );
    await q.query(`DROP INDEX "ix_outbox_pending"`);
    await q.query(
      `CREATE INDEX "ix_outbox_pending" ON "outbox_message" ("available_at") WHERE sent_at IS NULL`,
    );
    await q.query(`ALTER TABLE "outbox_message" DROP COLUMN "expired_at"`);
    await q.query(
      `ALTER TABLE "conference" RENAME COLUMN "process_instance_id" TO "process_instance_key"`,
    );
    await q.query(
      `ALTER TABLE "referral" RENAME COLUMN "process_definition_id" TO "process_definition_key"`,
    );
    await q.query(
      `ALTER TABLE "referral" RENAME COLUMN "process_instance_id" TO "process_instance_key"`,
    );
    await q.query(`DELETE FROM "form_definition"`);
    await q.query(
      `ALTER TABLE "process_definition" RENAME COLUMN "process_definition_id" TO "process_definition_key"`,
    );
    await q.query(`DELETE FROM "process_definition"`);
    await q.query(`DELETE FROM "user_task"`);
    await q.query(`DROP INDEX "uq_user_task_task_id"`);
    await q.query(`ALTER TABLE "user_task" DROP COLUMN "last_event_id"`);
    await q.query(`ALTER TABLE "user_task" DROP COLUMN "task_id"`);
    await q.query(
      `ALTER TABLE "user_task" RENAME COLUMN "process_definition_id" TO "process_definition_key"`,
    );
    await q.query(
      `ALTER TABLE "user_task" RENAME COLUMN "process_instance_id" TO "process_instance_key"`,
    );
    await q.query(`ALTER TABLE "user_task" ADD "element_instance_key" text NOT NULL`);
    await q.query(`ALTER TABLE "user_task" ADD "job_key" text NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX "uq_user_task_job_key" ON "user_task" ("job_key") `);
  }
}
