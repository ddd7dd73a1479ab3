import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Assessment: the schemes as loaded from seeds/schemes, and assessors' findings. */
export class Assessment1764080000000 implements MigrationInterface {
  name = 'Assessment1764080000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "assessment_scheme" ("code" character varying(32) NOT NULL, "data" jsonb NOT NULL, "loaded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_assessment_scheme" PRIMARY KEY ("code"))`,
    );
    await q.query(
      `CREATE TABLE "finding" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "scheme" character varying(32) NOT NULL, "item_code" character varying(16) NOT NULL, "unit_id" uuid NOT NULL, "points" numeric(8,2) NOT NULL, "reason" text NOT NULL, "occurred_on" date NOT NULL, "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_finding" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "ix_finding_scope" ON "finding" ("scheme", "unit_id", "occurred_on")`,
    );
    await q.query(
      `ALTER TABLE "finding" ADD CONSTRAINT "fk_finding_unit" FOREIGN KEY ("unit_id") REFERENCES "unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "finding"`);
    await q.query(`DROP TABLE "assessment_scheme"`);
  }
}
