import { MigrationInterface, QueryRunner } from 'typeorm';

/** Sessions of an account issued before this moment no longer count (lock, new password, roles). */
export class SessionRevocation1795766400000 implements MigrationInterface {
  name = 'SessionRevocation1795766400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "staff_user" ADD "sessions_valid_after" TIMESTAMP WITH TIME ZONE`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "staff_user" DROP COLUMN "sessions_valid_after"`);
  }
}
