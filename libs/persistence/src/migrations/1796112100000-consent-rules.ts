import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tighter consent rules (issue 12): per JBA how far back a referral may be dated and whether
 * 15–17-year-olds with confirmed capacity may consent alone (default: the guardians sign);
 * per consent the guardians who signed, joint custody, and the JBA's rule it was taken under.
 * Consents recorded before were taken under the old rule (a minor with capacity alone counted).
 */
export class ConsentRules1796112100000 implements MigrationInterface {
  name = 'ConsentRules1796112100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "jba" ADD "max_referral_backdating_days" integer NOT NULL DEFAULT 90`,
    );
    await q.query(
      `ALTER TABLE "jba" ADD "minors_may_consent_alone" boolean NOT NULL DEFAULT false`,
    );
    await q.query(`ALTER TABLE "consent" ADD "guardian_names" text array NOT NULL DEFAULT '{}'`);
    await q.query(`ALTER TABLE "consent" ADD "joint_custody" boolean NOT NULL DEFAULT false`);
    await q.query(
      `ALTER TABLE "consent" ADD "minor_may_consent_alone" boolean NOT NULL DEFAULT true`,
    );
    await q.query(`ALTER TABLE "consent" ALTER COLUMN "minor_may_consent_alone" SET DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "consent" DROP COLUMN "minor_may_consent_alone"`);
    await q.query(`ALTER TABLE "consent" DROP COLUMN "joint_custody"`);
    await q.query(`ALTER TABLE "consent" DROP COLUMN "guardian_names"`);
    await q.query(`ALTER TABLE "jba" DROP COLUMN "minors_may_consent_alone"`);
    await q.query(`ALTER TABLE "jba" DROP COLUMN "max_referral_backdating_days"`);
  }
}
