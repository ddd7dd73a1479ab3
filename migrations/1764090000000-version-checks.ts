import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The stored results of each version's content checks, so that an assessment reads them instead
 * of every version's flowcharts. Empty at first: the service fills it as it reads versions.
 */
export class VersionChecks1764090000000 implements MigrationInterface {
  name = 'VersionChecks1764090000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "power_version_check" ("version_id" uuid NOT NULL, "revision" integer NOT NULL, "problems" jsonb NOT NULL, "checked_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_power_version_check" PRIMARY KEY ("version_id"))`,
    );
    await q.query(
      `ALTER TABLE "power_version_check" ADD CONSTRAINT "fk_power_version_check_version" FOREIGN KEY ("version_id") REFERENCES "power_version"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "power_version_check"`);
  }
}
