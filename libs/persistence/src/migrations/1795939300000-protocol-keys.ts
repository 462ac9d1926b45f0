import { MigrationInterface, QueryRunner } from 'typeorm';

/** Foreign keys of the protocol tables and of mail attachments. */
export class ProtocolKeys1795939300000 implements MigrationInterface {
  name = 'ProtocolKeys1795939300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "notification_attachment" ADD CONSTRAINT "fk_notification_attachment_notification" FOREIGN KEY ("notification_id") REFERENCES "notification"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "protocol" ADD CONSTRAINT "fk_protocol_referral" FOREIGN KEY ("referral_id") REFERENCES "referral"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "protocol" ADD CONSTRAINT "fk_protocol_conference" FOREIGN KEY ("conference_id") REFERENCES "conference"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "protocol_version" ADD CONSTRAINT "fk_protocol_version_protocol" FOREIGN KEY ("protocol_id") REFERENCES "protocol"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "measure" ADD CONSTRAINT "fk_measure_referral" FOREIGN KEY ("referral_id") REFERENCES "referral"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "measure" ADD CONSTRAINT "fk_measure_protocol" FOREIGN KEY ("protocol_id") REFERENCES "protocol"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "measure" ADD CONSTRAINT "fk_measure_offer" FOREIGN KEY ("offer_id") REFERENCES "offer"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "measure" ADD CONSTRAINT "fk_measure_institution" FOREIGN KEY ("institution_id") REFERENCES "institution"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "measure_review" ADD CONSTRAINT "fk_measure_review_measure" FOREIGN KEY ("measure_id") REFERENCES "measure"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "protocol_delivery" ADD CONSTRAINT "fk_protocol_delivery_version" FOREIGN KEY ("protocol_version_id") REFERENCES "protocol_version"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "protocol_delivery" ADD CONSTRAINT "fk_protocol_delivery_institution" FOREIGN KEY ("institution_id") REFERENCES "institution"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "protocol_download" ADD CONSTRAINT "fk_protocol_download_version" FOREIGN KEY ("protocol_version_id") REFERENCES "protocol_version"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "follow_up_decision" ADD CONSTRAINT "fk_follow_up_decision_referral" FOREIGN KEY ("referral_id") REFERENCES "referral"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "follow_up_decision" DROP CONSTRAINT "fk_follow_up_decision_referral"`,
    );
    await q.query(`ALTER TABLE "protocol_download" DROP CONSTRAINT "fk_protocol_download_version"`);
    await q.query(
      `ALTER TABLE "protocol_delivery" DROP CONSTRAINT "fk_protocol_delivery_institution"`,
    );
    await q.query(`ALTER TABLE "protocol_delivery" DROP CONSTRAINT "fk_protocol_delivery_version"`);
    await q.query(`ALTER TABLE "measure_review" DROP CONSTRAINT "fk_measure_review_measure"`);
    await q.query(`ALTER TABLE "measure" DROP CONSTRAINT "fk_measure_institution"`);
    await q.query(`ALTER TABLE "measure" DROP CONSTRAINT "fk_measure_offer"`);
    await q.query(`ALTER TABLE "measure" DROP CONSTRAINT "fk_measure_protocol"`);
    await q.query(`ALTER TABLE "measure" DROP CONSTRAINT "fk_measure_referral"`);
    await q.query(`ALTER TABLE "protocol_version" DROP CONSTRAINT "fk_protocol_version_protocol"`);
    await q.query(`ALTER TABLE "protocol" DROP CONSTRAINT "fk_protocol_conference"`);
    await q.query(`ALTER TABLE "protocol" DROP CONSTRAINT "fk_protocol_referral"`);
    await q.query(
      `ALTER TABLE "notification_attachment" DROP CONSTRAINT "fk_notification_attachment_notification"`,
    );
  }
}
