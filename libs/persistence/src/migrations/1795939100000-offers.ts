import { MigrationInterface, QueryRunner } from 'typeorm';

/** The offers overview (Angebotsübersicht): the support offers of the JBA's partners. */
export class Offers1795939100000 implements MigrationInterface {
  name = 'Offers1795939100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "offer" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "jba_id" uuid NOT NULL, "institution_id" uuid NOT NULL, "name" text NOT NULL, "kind" text NOT NULL, "target_group" text NOT NULL, "legal_basis" text NOT NULL, "contact_name" text NOT NULL, "contact_email" text, "contact_phone" text, "description" text, "active_from" date NOT NULL, "active_to" date, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "ck_offer_active_range" CHECK ("active_to" IS NULL OR "active_to" >= "active_from"), CONSTRAINT "pk_offer" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_offer_jba_kind" ON "offer" ("jba_id", "kind") `);
    await q.query(`CREATE INDEX "ix_offer_institution" ON "offer" ("institution_id") `);
    await q.query(
      `ALTER TABLE "offer" ADD CONSTRAINT "fk_offer_jba" FOREIGN KEY ("jba_id") REFERENCES "jba"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "offer" ADD CONSTRAINT "fk_offer_institution" FOREIGN KEY ("institution_id") REFERENCES "institution"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "offer"`);
  }
}
