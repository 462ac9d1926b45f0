import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Doppelbetreuung: finding open cases of a young person by name and birth date. The expression
 * is the one ExistingCasesService compares (trimmed, Unicode NFC, lower case); the first name
 * is checked on the few rows this finds, their referrals are found by `young_person_id`.
 */
export class YoungPersonLookup1795939150000 implements MigrationInterface {
  name = 'YoungPersonLookup1795939150000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "ix_young_person_lookup" ON "young_person" (lower(normalize(btrim("last_name"), NFC)), "birth_date")`,
    );
    await q.query(`CREATE INDEX "ix_referral_young_person" ON "referral" ("young_person_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_referral_young_person"`);
    await q.query(`DROP INDEX "ix_young_person_lookup"`);
  }
}
