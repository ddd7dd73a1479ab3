import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Legal supervision records (normative documents, enforcement officers, major penalty filings,
 * enforcement reports, supervised cases, reconsideration and litigation cases) and the yearly use
 * of each power, with the status it had when recorded.
 */
export class Supervision1764070000000 implements MigrationInterface {
  name = 'Supervision1764070000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "normative_document" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "unit_id" uuid NOT NULL, "title" character varying(300) NOT NULL, "planned_on" date, "drafted_on" date, "published_on" date, "filed_on" date, "handled_online" boolean NOT NULL, "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bab8c8549c49d058f186d6ec0f5" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "ix_normative_document_unit" ON "normative_document"  ("unit_id") `,
    );
    // the date item 26 counts a document by; kept out of the entities (an expression index)
    await q.query(
      `CREATE INDEX "ix_normative_document_dated" ON "normative_document" ("unit_id", (coalesce("published_on", "drafted_on", "planned_on", "filed_on")))`,
    );
    await q.query(
      `CREATE TABLE "enforcement_officer" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "unit_id" uuid NOT NULL, "name" character varying(100) NOT NULL, "certificate_no" character varying(64) NOT NULL, "status" character varying(16) NOT NULL, "changed_on" date, "updated_on" date, "via_platform" boolean NOT NULL, "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_319ea16dc3a8d7606d780d52186" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "ix_enforcement_officer_unit_changed" ON "enforcement_officer"  ("unit_id", "changed_on") `,
    );
    await q.query(
      `CREATE TABLE "major_penalty_filing" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "unit_id" uuid NOT NULL, "case_name" character varying(300) NOT NULL, "decided_on" date NOT NULL, "filed_on" date, "form_compliant" boolean NOT NULL, "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6b02e3866d424a431025740cfe9" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "ix_major_penalty_filing_unit_decided" ON "major_penalty_filing"  ("unit_id", "decided_on") `,
    );
    await q.query(
      `CREATE TABLE "enforcement_report" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "unit_id" uuid NOT NULL, "year" integer NOT NULL, "period" character varying(16) NOT NULL, "submitted_on" date, "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_871a0c08890cc4f84d2ee936f28" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "uq_enforcement_report_unit_period" ON "enforcement_report"  ("unit_id", "year", "period") `,
    );
    await q.query(
      `CREATE TABLE "supervised_case" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "unit_id" uuid NOT NULL, "title" character varying(300) NOT NULL, "issued_on" date NOT NULL, "due_on" date NOT NULL, "answered_on" date, "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ff3b0cf1edc7bddf9f775a6b7fc" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "ix_supervised_case_unit_due" ON "supervised_case"  ("unit_id", "due_on") `,
    );
    await q.query(
      `CREATE TABLE "reconsideration_case" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "unit_id" uuid NOT NULL, "kind" character varying(32) NOT NULL, "received_on" date NOT NULL, "handled_online" boolean NOT NULL, "reported_on" date, "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ad42070c8d5b7fb79ea52f6eb37" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "ix_reconsideration_case_unit_received" ON "reconsideration_case"  ("unit_id", "received_on") `,
    );
    await q.query(
      `CREATE TABLE "power_usage" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "power_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "year" integer NOT NULL, "cases" integer NOT NULL, "status_at_record" character varying(16) NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a95d3d41666b69ced811f0c2722" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "ix_power_usage_unit_recorded" ON "power_usage"  ("unit_id", "recorded_at") `,
    );
    await q.query(
      `CREATE UNIQUE INDEX "uq_power_usage_power_year" ON "power_usage"  ("power_id", "year") `,
    );
    await q.query(
      `ALTER TABLE "normative_document" ADD CONSTRAINT "fk_normative_document_unit" FOREIGN KEY ("unit_id") REFERENCES "unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "enforcement_officer" ADD CONSTRAINT "fk_enforcement_officer_unit" FOREIGN KEY ("unit_id") REFERENCES "unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "major_penalty_filing" ADD CONSTRAINT "fk_major_penalty_filing_unit" FOREIGN KEY ("unit_id") REFERENCES "unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "enforcement_report" ADD CONSTRAINT "fk_enforcement_report_unit" FOREIGN KEY ("unit_id") REFERENCES "unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "supervised_case" ADD CONSTRAINT "fk_supervised_case_unit" FOREIGN KEY ("unit_id") REFERENCES "unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "reconsideration_case" ADD CONSTRAINT "fk_reconsideration_case_unit" FOREIGN KEY ("unit_id") REFERENCES "unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "power_usage" ADD CONSTRAINT "fk_power_usage_power" FOREIGN KEY ("power_id") REFERENCES "power"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "power_usage" ADD CONSTRAINT "fk_power_usage_unit" FOREIGN KEY ("unit_id") REFERENCES "unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "power_usage" CASCADE`);
    await q.query(`DROP TABLE "reconsideration_case" CASCADE`);
    await q.query(`DROP TABLE "supervised_case" CASCADE`);
    await q.query(`DROP TABLE "enforcement_report" CASCADE`);
    await q.query(`DROP TABLE "major_penalty_filing" CASCADE`);
    await q.query(`DROP TABLE "enforcement_officer" CASCADE`);
    await q.query(`DROP TABLE "normative_document" CASCADE`);
  }
}
