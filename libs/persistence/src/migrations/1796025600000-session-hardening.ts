import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions ended one by one (sign-out): their ids until the token would have expired anyway.
 * Accounts that must set a new password before anything else (the initial admin).
 */
export class SessionHardening1796025600000 implements MigrationInterface {
  name = 'SessionHardening1796025600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "staff_user" ADD "must_change_password" boolean NOT NULL DEFAULT false`,
    );
    await q.query(`CREATE TABLE "revoked_session" (
      "session_id" uuid NOT NULL,
      "user_id" uuid NOT NULL,
      "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "pk_revoked_session" PRIMARY KEY ("session_id"))`);
    await q.query(
      `CREATE INDEX "ix_revoked_session_user" ON "revoked_session" ("user_id", "expires_at")`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "revoked_session"`);
    await q.query(`ALTER TABLE "staff_user" DROP COLUMN "must_change_password"`);
  }
}
