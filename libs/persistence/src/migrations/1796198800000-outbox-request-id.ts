import { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 14: the request id that wrote an outbox command, followed into the engine and worker. */
export class OutboxRequestId1796198800000 implements MigrationInterface {
  name = 'OutboxRequestId1796198800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "outbox_message" ADD "request_id" text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "outbox_message" DROP COLUMN "request_id"`);
  }
}
