import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Obligations are listed newest first by default, by (created_at, id): an index in that order lets
 * a page stop after its rows instead of sorting every obligation in scope (28,779 at the bench's
 * province: 10 pages a second before, even for the raw-SQL floor).
 */
export class ObligationNewestFirst1764730000000 implements MigrationInterface {
  name = 'ObligationNewestFirst1764730000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "ix_obligation_created" ON "obligation" ("created_at", "id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_obligation_created"`);
  }
}
