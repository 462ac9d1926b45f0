import { MigrationInterface, QueryRunner } from 'typeorm';

/** Conference dates, their agendas and attendance; the JBA's coordinating partner and lead time. */
export class Conferences1795593600000 implements MigrationInterface {
  name = 'Conferences1795593600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "conference" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "jba_id" uuid NOT NULL, "kind" text NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "place" text NOT NULL, "capacity" integer NOT NULL, "referral_deadline" TIMESTAMP WITH TIME ZONE NOT NULL, "call_for_referrals_at" TIMESTAMP WITH TIME ZONE NOT NULL, "status" text NOT NULL DEFAULT 'planned', "cancelled_at" TIMESTAMP WITH TIME ZONE, "cancel_reason" text, "process_instance_key" text, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "pk_conference" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "ix_conference_jba_starts" ON "conference" ("jba_id", "starts_at") `,
    );
    await q.query(
      `CREATE TABLE "conference_case" ("conference_id" uuid NOT NULL, "referral_id" uuid NOT NULL, "state" text NOT NULL, "position" integer, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_conference_case" PRIMARY KEY ("conference_id", "referral_id"))`,
    );
    await q.query(
      `CREATE INDEX "ix_conference_case_referral" ON "conference_case" ("referral_id") `,
    );
    await q.query(
      `CREATE TABLE "conference_attendance" ("conference_id" uuid NOT NULL, "institution_id" uuid NOT NULL, CONSTRAINT "pk_conference_attendance" PRIMARY KEY ("conference_id", "institution_id"))`,
    );
    await q.query(`ALTER TABLE "jba" ADD "coordinating_institution_id" uuid`);
    await q.query(
      `ALTER TABLE "jba" ADD "call_for_referrals_lead_time" text NOT NULL DEFAULT 'P28D'`,
    );
    await q.query(
      `ALTER TABLE "conference" ADD CONSTRAINT "fk_conference_jba" FOREIGN KEY ("jba_id") REFERENCES "jba"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "conference_case" ADD CONSTRAINT "fk_conference_case_conference" FOREIGN KEY ("conference_id") REFERENCES "conference"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "conference_case" ADD CONSTRAINT "fk_conference_case_referral" FOREIGN KEY ("referral_id") REFERENCES "referral"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "conference_attendance" ADD CONSTRAINT "fk_conference_attendance_conference" FOREIGN KEY ("conference_id") REFERENCES "conference"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "conference_attendance"`);
    await q.query(`DROP TABLE "conference_case"`);
    await q.query(`DROP TABLE "conference"`);
    await q.query(`ALTER TABLE "jba" DROP COLUMN "call_for_referrals_lead_time"`);
    await q.query(`ALTER TABLE "jba" DROP COLUMN "coordinating_institution_id"`);
  }
}
