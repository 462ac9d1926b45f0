import { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 13: the JBA's Bundesland, for the public holidays a conference date is checked against. */
export class JbaFederalState1796198850000 implements MigrationInterface {
  name = 'JbaFederalState1796198850000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "jba" ADD "federal_state" varchar(2)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "jba" DROP COLUMN "federal_state"`);
  }
}
