import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the event-based detectors over a whole province (item 9, 休眠、激活): the status
 * changes of a period by their instant, where the (power, at) index alone made PostgreSQL read
 * every change of the catalog; and the uses recorded while a power was dormant or suspended (a
 * partial index of the few such rows), where it read every use.
 */
export class EventDetectorIndexes1764810000000 implements MigrationInterface {
  name = 'EventDetectorIndexes1764810000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "ix_power_status_change_at" ON "power_status_change" ("at") `);
    await q.query(
      `CREATE INDEX "ix_power_usage_while_idle" ON "power_usage" ("unit_id", "recorded_at") WHERE cases > 0 AND status_at_record IN ('DORMANT', 'SUSPENDED')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_power_usage_while_idle"`);
    await q.query(`DROP INDEX "ix_power_status_change_at"`);
  }
}
