import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Findings are withdrawn with a reason, never deleted; appeals (申诉) against deductions, one per
 * deduction of a scheme, with the assessor's decision (复核).
 */
export class FindingsAppeals1764600000000 implements MigrationInterface {
  name = 'FindingsAppeals1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "finding" ADD "withdrawn_at" TIMESTAMP WITH TIME ZONE, ADD "withdraw_reason" text, ADD "withdrawn_by_id" uuid`,
    );
    await q.query(
      `ALTER TABLE "finding" ADD CONSTRAINT "ck_finding_withdrawn" CHECK (("withdrawn_at" IS NULL) = ("withdraw_reason" IS NULL))`,
    );
    await q.query(`ALTER TABLE "finding" ADD CONSTRAINT "ck_finding_points" CHECK ("points" >= 0)`);
    await q.query(
      `CREATE TABLE "appeal" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "scheme" character varying(32) NOT NULL, "deduction_id" uuid NOT NULL, "item_code" character varying(16) NOT NULL, "unit_id" uuid NOT NULL, "period_from" date NOT NULL, "period_to" date NOT NULL, "deduction" jsonb NOT NULL, "reason" text NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'OPEN', "filed_by_id" uuid NOT NULL, "filed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "decided_by_id" uuid, "decided_at" TIMESTAMP WITH TIME ZONE, "decision_note" text, CONSTRAINT "PK_appeal" PRIMARY KEY ("id"), CONSTRAINT "uq_appeal_deduction" UNIQUE ("scheme", "deduction_id"), CONSTRAINT "ck_appeal_status" CHECK ("status" IN ('OPEN', 'UPHELD', 'OVERTURNED')), CONSTRAINT "ck_appeal_decided" CHECK (("status" = 'OPEN') = ("decided_at" IS NULL)))`,
    );
    await q.query(`CREATE INDEX "ix_appeal_unit" ON "appeal" ("unit_id", "status")`);
    await q.query(
      `ALTER TABLE "appeal" ADD CONSTRAINT "fk_appeal_unit" FOREIGN KEY ("unit_id") REFERENCES "unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "appeal" ADD CONSTRAINT "fk_appeal_filed_by" FOREIGN KEY ("filed_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "appeal"`);
    await q.query(`ALTER TABLE "finding" DROP CONSTRAINT "ck_finding_points"`);
    await q.query(`ALTER TABLE "finding" DROP CONSTRAINT "ck_finding_withdrawn"`);
    await q.query(
      `ALTER TABLE "finding" DROP COLUMN "withdrawn_by_id", DROP COLUMN "withdraw_reason", DROP COLUMN "withdrawn_at"`,
    );
  }
}
