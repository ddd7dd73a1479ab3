import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The history of each region's coding rule, so an assessment judges codes by the rule in force in
 * its period. Append-only, like the other histories. A rule already on a region (none could be
 * set through the API before this) is taken as in force since the region was created.
 */
export class CodingRuleHistory1764100000000 implements MigrationInterface {
  name = 'CodingRuleHistory1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "region_coding_rule" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "region_id" uuid NOT NULL, "pattern" text, "valid_from" TIMESTAMP WITH TIME ZONE NOT NULL, "set_by_id" uuid, CONSTRAINT "PK_region_coding_rule" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "ix_region_coding_rule_asof" ON "region_coding_rule" ("region_id", "valid_from")`,
    );
    await q.query(
      `ALTER TABLE "region_coding_rule" ADD CONSTRAINT "fk_region_coding_rule_region" FOREIGN KEY ("region_id") REFERENCES "region"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(`CREATE TRIGGER trg_region_coding_rule_append_only BEFORE UPDATE OR DELETE ON "region_coding_rule"
      FOR EACH ROW EXECUTE FUNCTION append_only_guard()`);
    await q.query(`CREATE TRIGGER trg_region_coding_rule_no_truncate BEFORE TRUNCATE ON "region_coding_rule"
      FOR EACH STATEMENT EXECUTE FUNCTION append_only_guard()`);
    await q.query(
      `INSERT INTO "region_coding_rule" ("region_id", "pattern", "valid_from")
       SELECT "id", "coding_rule", "created_at" FROM "region" WHERE "coding_rule" IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "region_coding_rule"`);
  }
}
