import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13: a consent kept on paper only (no scan, so no document hash, but a recorded reason),
 * and the date and reason of a revocation (Widerruf).
 */
export class ConsentPaperAndRevocation1796199000000 implements MigrationInterface {
  name = 'ConsentPaperAndRevocation1796199000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "consent" ALTER COLUMN "document_hash" DROP NOT NULL`);
    await q.query(`ALTER TABLE "consent" ADD "paper_only_reason" text`);
    await q.query(`ALTER TABLE "consent" ADD "revocation_declared_on" date`);
    await q.query(`ALTER TABLE "consent" ADD "revocation_reason" text`);
    await q.query(
      `ALTER TABLE "consent" ADD CONSTRAINT "ck_consent_document" CHECK ("document_hash" IS NOT NULL OR "paper_only_reason" IS NOT NULL)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "consent" DROP CONSTRAINT "ck_consent_document"`);
    await q.query(`ALTER TABLE "consent" DROP COLUMN "revocation_reason"`);
    await q.query(`ALTER TABLE "consent" DROP COLUMN "revocation_declared_on"`);
    await q.query(`ALTER TABLE "consent" DROP COLUMN "paper_only_reason"`);
    await q.query(
      `UPDATE "consent" SET "document_hash" = repeat('0', 64) WHERE "document_hash" IS NULL`,
    );
    await q.query(`ALTER TABLE "consent" ALTER COLUMN "document_hash" SET NOT NULL`);
  }
}
