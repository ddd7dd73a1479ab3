import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The state-based items of the scorecards scored in SQL (issue 11 item 4): what the checks that
 * depend on the catalog around a power read of a version, stored as plain columns beside its
 * content checks, so a ranking counts the defective powers per unit without reading any
 * flowchart or benchmark JSON, and without bringing the powers to Node:
 *
 * - `codes`: the codes of the stored `problems`;
 * - copies of the version's code, name, category and key flag, and its name's comparison key
 *   (`nameKey`, computed in Node: NFKC and JavaScript's trim);
 * - the cited documents in basis order, those not in the library when stored, and whether a
 *   basis names no articles;
 * - whether there is an external chart and a benchmark, and the dates the stale-bases check
 *   compares (the chart's approval, the benchmark's adjustment and filing), as the JSON says them;
 * - the coding rule's verdict on the code (`code_problem`, null when it complies) with the rule's
 *   pattern and the unit code it was judged under: a verdict under another rule or unit code is
 *   judged again before it is read.
 *
 * Rows of the older revision are recomputed by the service (CONTENT_CHECKS_REVISION 2) the first
 * time an assessment reads them; nothing here is backfilled, since the name key and the verdict
 * follow JavaScript's rules, not SQL's.
 *
 * Two covering indexes let the statement find each power's version in force and status as of an
 * instant from the indexes alone, instead of reading the versions' rows (with their JSON).
 */
export class AssessmentInSql1764800000000 implements MigrationInterface {
  name = 'AssessmentInSql1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "power_version_check"
      ADD "codes" text[] NOT NULL DEFAULT '{}',
      ADD "code" character varying(64),
      ADD "name" text,
      ADD "category" character varying(16),
      ADD "is_key" boolean,
      ADD "name_key" text,
      ADD "document_ids" uuid[] NOT NULL DEFAULT '{}',
      ADD "unknown_document_ids" uuid[] NOT NULL DEFAULT '{}',
      ADD "blank_articles" boolean NOT NULL DEFAULT false,
      ADD "has_external_flow" boolean NOT NULL DEFAULT false,
      ADD "external_approved_on" text,
      ADD "has_discretion" boolean NOT NULL DEFAULT false,
      ADD "discretion_adjusted_on" text,
      ADD "discretion_filed_on" text,
      ADD "code_rule" text,
      ADD "code_unit" character varying(32),
      ADD "code_problem" character varying(32)`);
    await q.query(
      `CREATE INDEX "ix_power_version_in_force" ON "power_version" ("power_id", "valid_from") INCLUDE ("valid_to", "id")`,
    );
    await q.query(
      `CREATE INDEX "ix_power_status_change_status" ON "power_status_change" ("power_id", "at") INCLUDE ("status")`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_power_status_change_status"`);
    await q.query(`DROP INDEX "ix_power_version_in_force"`);
    await q.query(`ALTER TABLE "power_version_check"
      DROP COLUMN "codes", DROP COLUMN "code", DROP COLUMN "name", DROP COLUMN "category",
      DROP COLUMN "is_key", DROP COLUMN "name_key", DROP COLUMN "document_ids",
      DROP COLUMN "unknown_document_ids", DROP COLUMN "blank_articles",
      DROP COLUMN "has_external_flow", DROP COLUMN "external_approved_on",
      DROP COLUMN "has_discretion", DROP COLUMN "discretion_adjusted_on",
      DROP COLUMN "discretion_filed_on", DROP COLUMN "code_rule", DROP COLUMN "code_unit",
      DROP COLUMN "code_problem"`);
  }
}
