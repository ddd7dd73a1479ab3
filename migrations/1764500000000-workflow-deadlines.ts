import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The change workflow's deadlines and events (issue 12): an amendment is one fact per document
 * and date (and an adjustment one per unit and date), duplicates recorded before merged into the
 * first; an amendment may name its articles and be retracted; an obligation may wait for its due
 * date (the calendar lacks a year) and be withdrawn; a request answers several obligations and
 * keeps the window its due date was computed by.
 */
export class WorkflowDeadlines1764500000000 implements MigrationInterface {
  name = 'WorkflowDeadlines1764500000000';

  async up(q: QueryRunner): Promise<void> {
    // duplicates of one amendment (same document and date) become the first one recorded
    await q.query(
      `WITH ranked AS (
         SELECT id, first_value(id) OVER (PARTITION BY document_id, amended_on ORDER BY created_at, id) AS keep
           FROM legal_amendment)
       UPDATE obligation o SET amendment_id = r.keep FROM ranked r
        WHERE o.amendment_id = r.id AND r.id <> r.keep`,
    );
    await q.query(
      `DELETE FROM legal_amendment a USING legal_amendment b
        WHERE a.document_id = b.document_id AND a.amended_on = b.amended_on
          AND (a.created_at, a.id) > (b.created_at, b.id)`,
    );
    await q.query(
      `WITH ranked AS (
         SELECT id, first_value(id) OVER (PARTITION BY unit_id, decided_on ORDER BY created_at, id) AS keep
           FROM unit_adjustment)
       UPDATE obligation o SET adjustment_id = r.keep FROM ranked r
        WHERE o.adjustment_id = r.id AND r.id <> r.keep`,
    );
    await q.query(
      `DELETE FROM unit_adjustment a USING unit_adjustment b
        WHERE a.unit_id = b.unit_id AND a.decided_on = b.decided_on
          AND (a.created_at, a.id) > (b.created_at, b.id)`,
    );
    await q.query(`DROP INDEX "public"."ix_legal_amendment_document"`);
    await q.query(`DROP INDEX "public"."ix_unit_adjustment_unit"`);
    await q.query(
      `CREATE TABLE "change_request_obligation" ("change_request_id" uuid NOT NULL, "obligation_id" uuid NOT NULL, CONSTRAINT "PK_a02e5a8261c4df35e8aeaff7299" PRIMARY KEY ("change_request_id", "obligation_id"))`,
    );
    await q.query(
      `CREATE INDEX "ix_change_request_obligation_obligation" ON "change_request_obligation"  ("obligation_id") `,
    );
    await q.query(`ALTER TABLE "change_request" ADD "policy_days" integer`);
    await q.query(`ALTER TABLE "change_request" ADD "policy_count" character varying(16)`);
    await q.query(`ALTER TABLE "change_request" ADD "policy_measure" character varying(16)`);
    await q.query(`ALTER TABLE "legal_amendment" ADD "effective_on" date`);
    await q.query(`ALTER TABLE "legal_amendment" ADD "articles" text`);
    await q.query(`ALTER TABLE "legal_amendment" ADD "retracted_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "legal_amendment" ADD "retract_reason" text`);
    await q.query(`ALTER TABLE "legal_amendment" ADD "retracted_by_id" uuid`);
    await q.query(`ALTER TABLE "obligation" ADD "withdrawn_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "obligation" ALTER COLUMN "due_on" DROP NOT NULL`);
    await q.query(`CREATE INDEX "ix_change_request_due" ON "change_request"  ("due_on") `);
    await q.query(
      `CREATE UNIQUE INDEX "ux_legal_amendment_document_date" ON "legal_amendment"  ("document_id", "amended_on") `,
    );
    await q.query(
      `CREATE UNIQUE INDEX "ux_unit_adjustment_unit_date" ON "unit_adjustment"  ("unit_id", "decided_on") `,
    );
    await q.query(`CREATE INDEX "ix_obligation_adjustment" ON "obligation"  ("adjustment_id") `);
    await q.query(
      `ALTER TABLE "change_request_obligation" ADD CONSTRAINT "fk_change_request_obligation_request" FOREIGN KEY ("change_request_id") REFERENCES "change_request"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "change_request_obligation" ADD CONSTRAINT "fk_change_request_obligation_obligation" FOREIGN KEY ("obligation_id") REFERENCES "obligation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // the obligation a request answered is the first of the ones it answers
    await q.query(
      `INSERT INTO change_request_obligation (change_request_id, obligation_id)
       SELECT id, obligation_id FROM change_request WHERE obligation_id IS NOT NULL`,
    );
    // the window of a request answering an obligation is the obligation's; else its region's
    await q.query(
      `UPDATE change_request cr SET policy_days = o.policy_days, policy_count = o.policy_count,
              policy_measure = o.policy_measure
         FROM obligation o WHERE o.id = cr.obligation_id`,
    );
    await q.query(
      `UPDATE change_request cr
          SET policy_days = CASE WHEN r.window_days IS NOT NULL AND r.window_count IS NOT NULL AND r.window_measure IS NOT NULL
                                 THEN r.window_days WHEN r.level = 'PROVINCE' THEN 10 ELSE 30 END,
              policy_count = CASE WHEN r.window_days IS NOT NULL AND r.window_count IS NOT NULL AND r.window_measure IS NOT NULL
                                 THEN r.window_count WHEN r.level = 'PROVINCE' THEN 'WORKING_DAYS' ELSE 'CALENDAR_DAYS' END,
              policy_measure = CASE WHEN r.window_days IS NOT NULL AND r.window_count IS NOT NULL AND r.window_measure IS NOT NULL
                                 THEN r.window_measure WHEN r.level = 'PROVINCE' THEN 'FILED' ELSE 'COMPLETED' END
         FROM unit u JOIN region r ON r.id = u.region_id
        WHERE u.id = cr.unit_id AND cr.triggered_on IS NOT NULL AND cr.obligation_id IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "change_request_obligation" DROP CONSTRAINT "fk_change_request_obligation_obligation"`,
    );
    await q.query(
      `ALTER TABLE "change_request_obligation" DROP CONSTRAINT "fk_change_request_obligation_request"`,
    );
    await q.query(`DROP INDEX "public"."ix_obligation_adjustment"`);
    await q.query(`DROP INDEX "public"."ux_unit_adjustment_unit_date"`);
    await q.query(`DROP INDEX "public"."ux_legal_amendment_document_date"`);
    await q.query(`DROP INDEX "public"."ix_change_request_due"`);
    // an obligation still waiting for its due date cannot go back to a NOT NULL column
    await q.query(`DELETE FROM change_request_obligation`);
    await q.query(
      `UPDATE change_request SET obligation_id = NULL WHERE obligation_id IN (SELECT id FROM obligation WHERE due_on IS NULL)`,
    );
    await q.query(`DELETE FROM obligation WHERE due_on IS NULL`);
    await q.query(`ALTER TABLE "obligation" ALTER COLUMN "due_on" SET NOT NULL`);
    await q.query(`ALTER TABLE "obligation" DROP COLUMN "withdrawn_at"`);
    await q.query(`ALTER TABLE "legal_amendment" DROP COLUMN "retracted_by_id"`);
    await q.query(`ALTER TABLE "legal_amendment" DROP COLUMN "retract_reason"`);
    await q.query(`ALTER TABLE "legal_amendment" DROP COLUMN "retracted_at"`);
    await q.query(`ALTER TABLE "legal_amendment" DROP COLUMN "articles"`);
    await q.query(`ALTER TABLE "legal_amendment" DROP COLUMN "effective_on"`);
    await q.query(`ALTER TABLE "change_request" DROP COLUMN "policy_measure"`);
    await q.query(`ALTER TABLE "change_request" DROP COLUMN "policy_count"`);
    await q.query(`ALTER TABLE "change_request" DROP COLUMN "policy_days"`);
    await q.query(`DROP INDEX "public"."ix_change_request_obligation_obligation"`);
    await q.query(`DROP TABLE "change_request_obligation"`);
    await q.query(`CREATE INDEX "ix_unit_adjustment_unit" ON "unit_adjustment"  ("unit_id") `);
    await q.query(
      `CREATE INDEX "ix_legal_amendment_document" ON "legal_amendment"  ("document_id", "amended_on") `,
    );
  }
}
