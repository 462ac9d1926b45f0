import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * § 65 SGB VIII (issue 12): information entrusted to the Jugendamt, kept apart from everything
 * that is shared; a consent's purpose `entrusted-information` lets named institutions read it.
 */
export class EntrustedNotes1796198700000 implements MigrationInterface {
  name = 'EntrustedNotes1796198700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "entrusted_note" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "referral_id" uuid NOT NULL, "institution_id" uuid NOT NULL, "text" text NOT NULL, "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_entrusted_note" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "ix_entrusted_note_referral" ON "entrusted_note" ("referral_id", "created_at") `,
    );
    await q.query(
      `ALTER TABLE "entrusted_note" ADD CONSTRAINT "fk_entrusted_note_referral" FOREIGN KEY ("referral_id") REFERENCES "referral"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "entrusted_note" ADD CONSTRAINT "fk_entrusted_note_institution" FOREIGN KEY ("institution_id") REFERENCES "institution"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "entrusted_note"`);
  }
}
