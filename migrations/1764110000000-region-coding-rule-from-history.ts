import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A region's coding rule is read from its history (`region_coding_rule`) alone; the column that
 * repeated the latest setting goes, so the two cannot disagree.
 */
export class RegionCodingRuleFromHistory1764110000000 implements MigrationInterface {
  name = 'RegionCodingRuleFromHistory1764110000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "region" DROP COLUMN "coding_rule"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "region" ADD "coding_rule" text`);
    await q.query(
      `UPDATE "region" r SET "coding_rule" = h."pattern"
         FROM (SELECT DISTINCT ON ("region_id") "region_id", "pattern" FROM "region_coding_rule"
                ORDER BY "region_id", "valid_from" DESC) h
        WHERE h."region_id" = r."id"`,
    );
  }
}
