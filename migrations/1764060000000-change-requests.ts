import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Change requests and their windows: the working-day calendar, law amendments and unit
 * adjustments, the obligations they open, and change requests; versions and status changes now
 * point at the request that made them.
 */
export class ChangeRequests1764060000000 implements MigrationInterface {
  name = 'ChangeRequests1764060000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "calendar_year" ("year" integer NOT NULL, "source" character varying(64) NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4a5f5b39f8e07f51dab5be6fed9" PRIMARY KEY ("year"))`,
    );
    await q.query(
      `CREATE TABLE "calendar_special_day" ("date" date NOT NULL, "year" integer NOT NULL, "workday" boolean NOT NULL, "name" character varying(64), CONSTRAINT "PK_b1433d543dfc1350b2820816f87" PRIMARY KEY ("date"))`,
    );
    await q.query(
      `CREATE INDEX "ix_calendar_special_day_year" ON "calendar_special_day"  ("year") `,
    );
    await q.query(
      `CREATE TABLE "change_request" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" character varying(16) NOT NULL, "status" character varying(16) NOT NULL, "unit_id" uuid NOT NULL, "power_id" uuid, "reason" text NOT NULL, "obligation_id" uuid, "triggered_on" date, "due_on" date, "late" boolean NOT NULL DEFAULT false, "draft" jsonb, "submitted_at" TIMESTAMP WITH TIME ZONE, "decided_at" TIMESTAMP WITH TIME ZONE, "decided_by_id" uuid, "decision_note" text, "applied_version_id" uuid, "created_by_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "row_version" integer NOT NULL, CONSTRAINT "PK_75687d06f07daedcb0de54d75e6" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_change_request_power" ON "change_request"  ("power_id") `);
    await q.query(
      `CREATE INDEX "ix_change_request_obligation" ON "change_request"  ("obligation_id") `,
    );
    await q.query(
      `CREATE INDEX "ix_change_request_unit_status" ON "change_request"  ("unit_id", "status") `,
    );
    await q.query(
      `CREATE TABLE "legal_amendment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "document_id" uuid NOT NULL, "amended_on" date NOT NULL, "repeal" boolean NOT NULL DEFAULT false, "note" text NOT NULL, "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5e5a473fec9f52e9867a0d00779" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "ix_legal_amendment_document" ON "legal_amendment"  ("document_id", "amended_on") `,
    );
    await q.query(
      `CREATE TABLE "unit_adjustment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "unit_id" uuid NOT NULL, "decided_on" date NOT NULL, "note" text NOT NULL, "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_eb65b6aecd2aa7e5b50b7008c99" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_unit_adjustment_unit" ON "unit_adjustment"  ("unit_id") `);
    await q.query(
      `CREATE TABLE "obligation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "power_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "cause" text NOT NULL, "amendment_id" uuid, "adjustment_id" uuid, "triggered_on" date NOT NULL, "due_on" date NOT NULL, "policy_days" integer NOT NULL, "policy_count" character varying(16) NOT NULL, "policy_measure" character varying(16) NOT NULL, "met_by_id" uuid, "met_on" date, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3a70be17386980c9fec1df4d25d" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_obligation_power" ON "obligation"  ("power_id") `);
    await q.query(`CREATE INDEX "ix_obligation_unit" ON "obligation"  ("unit_id") `);
    await q.query(`CREATE INDEX "ix_obligation_amendment" ON "obligation"  ("amendment_id") `);
    await q.query(`CREATE INDEX "ix_obligation_due" ON "obligation"  ("due_on") `);
    await q.query(
      `ALTER TABLE "change_request" ADD CONSTRAINT "fk_change_request_unit" FOREIGN KEY ("unit_id") REFERENCES "unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "change_request" ADD CONSTRAINT "fk_change_request_power" FOREIGN KEY ("power_id") REFERENCES "power"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "change_request" ADD CONSTRAINT "fk_change_request_obligation" FOREIGN KEY ("obligation_id") REFERENCES "obligation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "change_request" ADD CONSTRAINT "fk_change_request_decided_by" FOREIGN KEY ("decided_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "change_request" ADD CONSTRAINT "fk_change_request_created_by" FOREIGN KEY ("created_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "legal_amendment" ADD CONSTRAINT "fk_legal_amendment_document" FOREIGN KEY ("document_id") REFERENCES "legal_document"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "unit_adjustment" ADD CONSTRAINT "fk_unit_adjustment_unit" FOREIGN KEY ("unit_id") REFERENCES "unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "obligation" ADD CONSTRAINT "fk_obligation_power" FOREIGN KEY ("power_id") REFERENCES "power"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "obligation" ADD CONSTRAINT "fk_obligation_unit" FOREIGN KEY ("unit_id") REFERENCES "unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "obligation" ADD CONSTRAINT "fk_obligation_amendment" FOREIGN KEY ("amendment_id") REFERENCES "legal_amendment"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "obligation" ADD CONSTRAINT "fk_obligation_adjustment" FOREIGN KEY ("adjustment_id") REFERENCES "unit_adjustment"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "power_status_change" ADD CONSTRAINT "fk_power_status_change_change_request" FOREIGN KEY ("change_request_id") REFERENCES "change_request"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "power_version" ADD CONSTRAINT "fk_power_version_change_request" FOREIGN KEY ("change_request_id") REFERENCES "change_request"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "power_status_change" DROP CONSTRAINT "fk_power_status_change_change_request"`,
    );
    await q.query(`ALTER TABLE "power_version" DROP CONSTRAINT "fk_power_version_change_request"`);
    await q.query(`DROP TABLE "obligation" CASCADE`);
    await q.query(`DROP TABLE "unit_adjustment" CASCADE`);
    await q.query(`DROP TABLE "legal_amendment" CASCADE`);
    await q.query(`DROP TABLE "change_request" CASCADE`);
    await q.query(`DROP TABLE "calendar_special_day" CASCADE`);
    await q.query(`DROP TABLE "calendar_year" CASCADE`);
  }
}
