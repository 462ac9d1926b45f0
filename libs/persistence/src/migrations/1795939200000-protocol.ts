import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * After the conference: protocols (drafts, immutable versions with their PDF and SHA-256),
 * measures and their reviews, deliveries and downloads of the protocol, the follow-up
 * decisions, the case's outcome, mail attachments, and the JBA's settings for the follow-up.
 */
export class Protocol1795939200000 implements MigrationInterface {
  name = 'Protocol1795939200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "notification_attachment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "notification_id" uuid NOT NULL, "file_name" text NOT NULL, "media_type" text NOT NULL, "content" bytea NOT NULL, CONSTRAINT "pk_notification_attachment" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "uq_notification_attachment" ON "notification_attachment" ("notification_id", "file_name")`,
    );
    await q.query(
      `CREATE TABLE "protocol" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "referral_id" uuid NOT NULL, "conference_id" uuid NOT NULL, "state" text NOT NULL DEFAULT 'draft', "current_version" integer NOT NULL DEFAULT '0', "draft" jsonb, "draft_saved_at" TIMESTAMP WITH TIME ZONE, "draft_saved_by" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "pk_protocol" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "uq_protocol_referral_conference" ON "protocol" ("referral_id", "conference_id")`,
    );
    await q.query(
      `CREATE TABLE "protocol_version" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "protocol_id" uuid NOT NULL, "version" integer NOT NULL, "content" jsonb NOT NULL, "correction_reason" text, "finalized_at" TIMESTAMP WITH TIME ZONE NOT NULL, "finalized_by" text NOT NULL, "finalized_by_name" text NOT NULL, "file_name" text NOT NULL, "pdf" bytea NOT NULL, "pdf_sha256" text NOT NULL, CONSTRAINT "pk_protocol_version" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "uq_protocol_version" ON "protocol_version" ("protocol_id", "version")`,
    );
    await q.query(
      `CREATE TABLE "measure" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "referral_id" uuid NOT NULL, "protocol_id" uuid NOT NULL, "position" integer NOT NULL, "title" text NOT NULL, "kind" text NOT NULL, "offer_id" uuid, "institution_id" uuid NOT NULL, "contact_name" text NOT NULL, "starts_on" date NOT NULL, "due_on" date NOT NULL, "status" text NOT NULL DEFAULT 'open', "review_round" integer, "round_position" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_measure" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "ix_measure_kind_period" ON "measure" ("kind", "starts_on", "due_on")`,
    );
    await q.query(`CREATE INDEX "ix_measure_referral" ON "measure" ("referral_id", "status")`);
    await q.query(
      `CREATE TABLE "measure_review" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "measure_id" uuid NOT NULL, "task_id" text NOT NULL, "result" text NOT NULL, "new_due_on" date, "note" text, "escalated" boolean NOT NULL DEFAULT false, "reviewed_by" text NOT NULL, "reviewed_by_name" text NOT NULL, "reviewed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_measure_review" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_measure_review_measure" ON "measure_review" ("measure_id")`);
    await q.query(`CREATE UNIQUE INDEX "uq_measure_review_task" ON "measure_review" ("task_id")`);
    await q.query(
      `CREATE TABLE "protocol_delivery" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "protocol_version_id" uuid NOT NULL, "institution_id" uuid NOT NULL, "status" text NOT NULL, "detail" text NOT NULL, "notification_id" uuid, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_protocol_delivery" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "uq_protocol_delivery" ON "protocol_delivery" ("protocol_version_id", "institution_id")`,
    );
    await q.query(
      `CREATE TABLE "protocol_download" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "protocol_version_id" uuid NOT NULL, "user_id" text NOT NULL, "institution_id" uuid NOT NULL, "downloaded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_protocol_download" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "ix_protocol_download_version" ON "protocol_download" ("protocol_version_id")`,
    );
    await q.query(
      `CREATE TABLE "follow_up_decision" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "referral_id" uuid NOT NULL, "task_id" text NOT NULL, "decision" text NOT NULL, "outcome" text, "note" text, "decided_by" text NOT NULL, "decided_by_name" text NOT NULL, "decided_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_follow_up_decision" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "ix_follow_up_decision_referral" ON "follow_up_decision" ("referral_id")`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "uq_follow_up_decision_task" ON "follow_up_decision" ("task_id")`,
    );
    await q.query(
      `CREATE TABLE "protocol_step" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "dedup_key" text NOT NULL, "referral_id" uuid NOT NULL, "outcome" jsonb NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_protocol_step" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_protocol_step_key" ON "protocol_step" ("dedup_key")`);
    await q.query(
      `ALTER TABLE "jba" ADD "follow_up_escalation_delay" text NOT NULL DEFAULT 'P14D'`,
    );
    await q.query(`ALTER TABLE "jba" ADD "protocol_pdf_attachment" boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE "referral" ADD "outcome" text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "referral" DROP COLUMN "outcome"`);
    await q.query(`ALTER TABLE "jba" DROP COLUMN "protocol_pdf_attachment"`);
    await q.query(`ALTER TABLE "jba" DROP COLUMN "follow_up_escalation_delay"`);
    await q.query(`DROP INDEX "public"."uq_protocol_step_key"`);
    await q.query(`DROP TABLE "protocol_step"`);
    await q.query(`DROP INDEX "public"."uq_follow_up_decision_task"`);
    await q.query(`DROP INDEX "public"."ix_follow_up_decision_referral"`);
    await q.query(`DROP TABLE "follow_up_decision"`);
    await q.query(`DROP INDEX "public"."ix_protocol_download_version"`);
    await q.query(`DROP TABLE "protocol_download"`);
    await q.query(`DROP INDEX "public"."uq_protocol_delivery"`);
    await q.query(`DROP TABLE "protocol_delivery"`);
    await q.query(`DROP INDEX "public"."uq_measure_review_task"`);
    await q.query(`DROP INDEX "public"."ix_measure_review_measure"`);
    await q.query(`DROP TABLE "measure_review"`);
    await q.query(`DROP INDEX "public"."ix_measure_referral"`);
    await q.query(`DROP INDEX "public"."ix_measure_kind_period"`);
    await q.query(`DROP TABLE "measure"`);
    await q.query(`DROP INDEX "public"."uq_protocol_version"`);
    await q.query(`DROP TABLE "protocol_version"`);
    await q.query(`DROP INDEX "public"."uq_protocol_referral_conference"`);
    await q.query(`DROP TABLE "protocol"`);
    await q.query(`DROP INDEX "public"."uq_notification_attachment"`);
    await q.query(`DROP TABLE "notification_attachment"`);
  }
}
