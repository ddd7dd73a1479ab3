import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A unit's obligations due in a period by one index on (unit, due date), which also serves the
 * look-ups by unit alone that the index on the unit served. A unit's scorecard (item 5, 按规定申请
 * 变更) runs a generic plan, which estimates a period's range at a few rows and so ANDed the unit's
 * index with the due-date index, reading the whole province's obligations of the year in it
 * (14,390 entries at the bench's province: 0.7 ms of the card's 1.6 ms event statement).
 */
export class ObligationUnitDue1764870000000 implements MigrationInterface {
  name = 'ObligationUnitDue1764870000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "ix_obligation_unit_due" ON "obligation" ("unit_id", "due_on")`);
    await q.query(`DROP INDEX "ix_obligation_unit"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "ix_obligation_unit" ON "obligation" ("unit_id")`);
    await q.query(`DROP INDEX "ix_obligation_unit_due"`);
  }
}
