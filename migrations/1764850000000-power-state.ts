import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `power_state`: one row per power with its unit, its latest status
 * change (status and instant) and its latest version (id, start and end), so "the status and version in force as of t" is one
 * primary-key row for every power whose latest change came before t: the assessment's state
 * statement and the suspension detector read it instead of a pass over the whole status history
 * and a range join over every version (issue 11: the ranking's state statement spent most of its
 * time in those joins). A power with a change at or after t (a past period, a scheduled change)
 * is looked up in the history as before.
 *
 * The rows follow the catalog by triggers, so no write path can forget them: a power inserted
 * (per statement) or given another unit; a status change
 * inserted (per statement) replaces the row's status when it is not earlier than the one held
 * (an out-of-order insert of an earlier change leaves it); a version inserted likewise replaces
 * the version; a version closed (`valid_to`, the only update a version allows) closes it here
 * too. The history is append-only and versions are never deleted, so nothing else can change
 * what the latest is.
 */
/** What keeps each row: a trigger per write, its function's one statement. */
const TRIGGERS = [
  {
    name: 'power_insert',
    table: 'power',
    fires: `AFTER INSERT ON "power" REFERENCING NEW TABLE AS added FOR EACH STATEMENT`,
    body: `INSERT INTO power_state (power_id, unit_id) SELECT a.id, a.unit_id FROM added a`,
  },
  {
    name: 'power_update',
    table: 'power',
    fires: `AFTER UPDATE OF "unit_id" ON "power" FOR EACH ROW
            WHEN (OLD.unit_id IS DISTINCT FROM NEW.unit_id)`,
    body: `UPDATE power_state SET unit_id = NEW.unit_id WHERE power_id = NEW.id`,
  },
  {
    // the latest of the statement's changes of each power, unless the row holds a later one
    name: 'status_insert',
    table: 'power_status_change',
    fires: `AFTER INSERT ON "power_status_change" REFERENCING NEW TABLE AS added FOR EACH STATEMENT`,
    body: `UPDATE power_state s SET status = a.status, status_at = a.at
             FROM (SELECT DISTINCT ON (power_id) power_id, status, at FROM added
                    ORDER BY power_id, at DESC) a
            WHERE s.power_id = a.power_id AND (s.status_at IS NULL OR s.status_at <= a.at)`,
  },
  {
    name: 'version_insert',
    table: 'power_version',
    fires: `AFTER INSERT ON "power_version" REFERENCING NEW TABLE AS added FOR EACH STATEMENT`,
    body: `UPDATE power_state s
              SET version_id = a.id, version_from = a.valid_from, version_to = a.valid_to
             FROM (SELECT DISTINCT ON (power_id) power_id, id, valid_from, valid_to FROM added
                    ORDER BY power_id, valid_from DESC) a
            WHERE s.power_id = a.power_id
              AND (s.version_from IS NULL OR s.version_from <= a.valid_from)`,
  },
  {
    // closing a version (the only update one allows)
    name: 'version_update',
    table: 'power_version',
    fires: `AFTER UPDATE ON "power_version" REFERENCING NEW TABLE AS changed FOR EACH STATEMENT`,
    body: `UPDATE power_state s SET version_to = c.valid_to FROM changed c WHERE s.version_id = c.id`,
  },
];

export class PowerState1764850000000 implements MigrationInterface {
  name = 'PowerState1764850000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "power_state" (
        "power_id" uuid NOT NULL,
        "unit_id" uuid NOT NULL,
        "status" character varying(16),
        "status_at" TIMESTAMP WITH TIME ZONE,
        "version_id" uuid,
        "version_from" TIMESTAMP WITH TIME ZONE,
        "version_to" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "pk_power_state" PRIMARY KEY ("power_id"),
        CONSTRAINT "fk_power_state_power" FOREIGN KEY ("power_id") REFERENCES "power"("id") ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "ix_power_state_unit" ON "power_state" ("unit_id")`);
    for (const t of TRIGGERS) {
      await q.query(`
        CREATE FUNCTION power_state_on_${t.name}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          ${t.body};
          RETURN NULL;
        END $$`);
      await q.query(`CREATE TRIGGER "power_state_${t.name}" ${t.fires}
        EXECUTE FUNCTION power_state_on_${t.name}()`);
    }
    await q.query(`
      INSERT INTO power_state (power_id, unit_id, status, status_at, version_id, version_from,
                               version_to)
      SELECT p.id, p.unit_id, s.status, s.at, v.id, v.valid_from, v.valid_to
        FROM power p
        LEFT JOIN LATERAL (SELECT sc.status, sc.at FROM power_status_change sc
                            WHERE sc.power_id = p.id ORDER BY sc.at DESC LIMIT 1) s ON true
        LEFT JOIN LATERAL (SELECT x.id, x.valid_from, x.valid_to FROM power_version x
                            WHERE x.power_id = p.id ORDER BY x.valid_from DESC LIMIT 1) v ON true`);
    await q.query(`ANALYZE "power_state"`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [...TRIGGERS].reverse()) {
      await q.query(`DROP TRIGGER "power_state_${t.name}" ON "${t.table}"`);
      await q.query(`DROP FUNCTION power_state_on_${t.name}()`);
    }
    await q.query(`DROP TABLE "power_state"`);
  }
}
