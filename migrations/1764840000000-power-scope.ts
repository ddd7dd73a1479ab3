import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `power_scope`: one row per power and per region whose subtree holds it (its unit's region and
 * every ancestor), keyed by (region, code). A region scope's page of powers is then one range of
 * this index in code order, whatever the scope's size: the plan no longer depends on how much of
 * the catalog a path prefix covers, so one plan serves a unit's county, a city and the province
 * (the `path LIKE` form scanned the code index until 51 rows matched — 12,000 for a city — and
 * its generic plan sorted the whole province).
 *
 * The rows follow the catalog by triggers, so no write path can forget them: a power inserted
 * (per statement), a power whose code or unit changes, a unit moved to another region, a region
 * added or whose path changes. "Whose subtree holds it" is `pathWithin` (src/modules/access/scope.ts):
 * the region's path equals the unit region's path or is a prefix of it followed by `/`, i.e. one
 * of the path's leading segments.
 */
export class PowerScope1764840000000 implements MigrationInterface {
  name = 'PowerScope1764840000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "power_scope" (
        "region_id" uuid NOT NULL,
        "code" character varying(64) NOT NULL,
        "power_id" uuid NOT NULL,
        CONSTRAINT "pk_power_scope" PRIMARY KEY ("region_id", "code", "power_id"),
        CONSTRAINT "fk_power_scope_region" FOREIGN KEY ("region_id") REFERENCES "region"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_power_scope_power" FOREIGN KEY ("power_id") REFERENCES "power"("id") ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "ix_power_scope_power" ON "power_scope" ("power_id")`);
    // the regions whose subtree holds a region path: the path's leading segments
    await q.query(`
      CREATE FUNCTION power_scope_regions(p text) RETURNS SETOF uuid
      LANGUAGE sql STABLE AS $$
        SELECT a.id FROM region a
         WHERE a.path IN (SELECT array_to_string((string_to_array(p, '/'))[1:n], '/')
                            FROM generate_series(1, cardinality(string_to_array(p, '/'))) n)
      $$`);
    // a set of powers' rows made again from the catalog as it stands
    await q.query(`
      CREATE FUNCTION power_scope_refresh(ids uuid[]) RETURNS void
      LANGUAGE sql AS $$
        DELETE FROM power_scope WHERE power_id = ANY(ids);
        INSERT INTO power_scope (region_id, code, power_id)
        SELECT a, p.code, p.id
          FROM power p JOIN unit u ON u.id = p.unit_id JOIN region r ON r.id = u.region_id
          CROSS JOIN LATERAL power_scope_regions(r.path) a
         WHERE p.id = ANY(ids);
      $$`);
    await q.query(`
      CREATE FUNCTION power_scope_on_power_insert() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO power_scope (region_id, code, power_id)
        SELECT a, p.code, p.id
          FROM added p JOIN unit u ON u.id = p.unit_id JOIN region r ON r.id = u.region_id
          CROSS JOIN LATERAL power_scope_regions(r.path) a;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER "power_scope_power_insert" AFTER INSERT ON "power"
        REFERENCING NEW TABLE AS added FOR EACH STATEMENT
        EXECUTE FUNCTION power_scope_on_power_insert()`);
    await q.query(`
      CREATE FUNCTION power_scope_on_power_update() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM power_scope_refresh(ARRAY[NEW.id]);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER "power_scope_power_update" AFTER UPDATE OF "code", "unit_id" ON "power"
        FOR EACH ROW WHEN (OLD.code IS DISTINCT FROM NEW.code OR OLD.unit_id IS DISTINCT FROM NEW.unit_id)
        EXECUTE FUNCTION power_scope_on_power_update()`);
    await q.query(`
      CREATE FUNCTION power_scope_on_unit_update() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM power_scope_refresh(ARRAY(SELECT id FROM power WHERE unit_id = NEW.id));
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER "power_scope_unit_update" AFTER UPDATE OF "region_id" ON "unit"
        FOR EACH ROW WHEN (OLD.region_id IS DISTINCT FROM NEW.region_id)
        EXECUTE FUNCTION power_scope_on_unit_update()`);
    // a region added or given another path: the powers under its old and new subtree
    await q.query(`
      CREATE FUNCTION power_scope_on_region_change() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM power_scope_refresh(ARRAY(
          SELECT p.id FROM power p JOIN unit u ON u.id = p.unit_id JOIN region r ON r.id = u.region_id
           WHERE r.path = NEW.path OR starts_with(r.path, NEW.path || '/')
              OR (TG_OP = 'UPDATE' AND (r.path = OLD.path OR starts_with(r.path, OLD.path || '/')))));
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER "power_scope_region_change" AFTER INSERT OR UPDATE OF "path" ON "region"
        FOR EACH ROW EXECUTE FUNCTION power_scope_on_region_change()`);
    await q.query(`
      INSERT INTO power_scope (region_id, code, power_id)
      SELECT a, p.code, p.id
        FROM power p JOIN unit u ON u.id = p.unit_id JOIN region r ON r.id = u.region_id
        CROSS JOIN LATERAL power_scope_regions(r.path) a`);
    await q.query(`ANALYZE "power_scope"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER "power_scope_region_change" ON "region"`);
    await q.query(`DROP TRIGGER "power_scope_unit_update" ON "unit"`);
    await q.query(`DROP TRIGGER "power_scope_power_update" ON "power"`);
    await q.query(`DROP TRIGGER "power_scope_power_insert" ON "power"`);
    await q.query(`DROP FUNCTION power_scope_on_region_change()`);
    await q.query(`DROP FUNCTION power_scope_on_unit_update()`);
    await q.query(`DROP FUNCTION power_scope_on_power_update()`);
    await q.query(`DROP FUNCTION power_scope_on_power_insert()`);
    await q.query(`DROP FUNCTION power_scope_refresh(uuid[])`);
    await q.query(`DROP FUNCTION power_scope_regions(text)`);
    await q.query(`DROP TABLE "power_scope"`);
  }
}
