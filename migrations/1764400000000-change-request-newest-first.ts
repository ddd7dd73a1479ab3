import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The list of change requests is read newest first, by (created_at, id): an index in that order
 * lets a page stop after its rows instead of sorting every request in scope.
 */
export class ChangeRequestNewestFirst1764400000000 implements MigrationInterface {
  name = 'ChangeRequestNewestFirst1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "ix_change_request_created" ON "change_request" ("created_at", "id")`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_change_request_created"`);
  }
}
