import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `power_state.created_at`: when the power entered the catalog, beside its unit, status and
 * version, so the suspension detector (a power is judged once it entered the catalog before the
 * years it must show use in) filters the state rows alone: it joined `power` for this one column
 * and, for a city's card, hashed the whole province's 100,000 powers to do it (issue 11: most of
 * the city card's event statement).
 *
 * Kept by triggers like the rest of the row: the insert trigger now copies the column, and a
 * change of `power.created_at` (only corrections and tests backdate a power) is copied too.
 */
export class PowerStateCreated1764880000000 implements MigrationInterface {
  name = 'PowerStateCreated1764880000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "power_state" ADD "created_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(
      `UPDATE power_state s SET created_at = p.created_at FROM power p WHERE p.id = s.power_id`,
    );
    await q.query(`ALTER TABLE "power_state" ALTER COLUMN "created_at" SET NOT NULL`);
    await q.query(`
      CREATE OR REPLACE FUNCTION power_state_on_power_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO power_state (power_id, unit_id, created_at)
        SELECT a.id, a.unit_id, a.created_at FROM added a;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION power_state_on_power_created() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE power_state SET created_at = NEW.created_at WHERE power_id = NEW.id;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER "power_state_power_created" AFTER UPDATE OF "created_at" ON "power" FOR EACH ROW
        WHEN (OLD.created_at IS DISTINCT FROM NEW.created_at)
        EXECUTE FUNCTION power_state_on_power_created()`);
    await q.query(`ANALYZE "power_state"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER "power_state_power_created" ON "power"`);
    await q.query(`DROP FUNCTION power_state_on_power_created()`);
    await q.query(`
      CREATE OR REPLACE FUNCTION power_state_on_power_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO power_state (power_id, unit_id) SELECT a.id, a.unit_id FROM added a;
        RETURN NULL;
      END $$`);
    await q.query(`ALTER TABLE "power_state" DROP COLUMN "created_at"`);
  }
}
