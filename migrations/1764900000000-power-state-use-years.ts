import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `power_state.use_years`: the years in which a power recorded any use (`power_usage.cases > 0`)
 * under its own unit, in order, so the suspension detector (a live power with no use in the two
 * years before the period's end year) reads each power's state row alone instead of hashing its
 * units' uses (a city's card: 17 ms of its event statement; the province's ranking hashed every
 * one of 170,000 uses). Kept by triggers, so no write path can forget it: uses inserted, updated
 * or deleted make their powers' years be read again from `power_usage`, and a power given another
 * unit (the unit trigger of 1764850000000, replaced here) takes that unit's uses only.
 */
const YEARS = (power: string, unit: string) =>
  `coalesce((SELECT array_agg(DISTINCT u.year ORDER BY u.year) FROM power_usage u
               WHERE u.power_id = ${power} AND u.unit_id = ${unit} AND u.cases > 0), '{}')`;

const TRIGGERS = [
  {
    name: 'usage_insert',
    fires: `AFTER INSERT ON "power_usage" REFERENCING NEW TABLE AS changed FOR EACH STATEMENT`,
  },
  {
    name: 'usage_update',
    fires: `AFTER UPDATE ON "power_usage" REFERENCING OLD TABLE AS before NEW TABLE AS changed FOR EACH STATEMENT`,
  },
  {
    name: 'usage_delete',
    fires: `AFTER DELETE ON "power_usage" REFERENCING OLD TABLE AS changed FOR EACH STATEMENT`,
  },
];

/** The statement of each usage trigger: the years of the powers its rows are of, read again. */
const usageBody = (name: string) => {
  const powers =
    name === 'usage_update'
      ? `SELECT power_id FROM changed UNION SELECT power_id FROM before`
      : `SELECT power_id FROM changed`;
  return `UPDATE power_state s SET use_years = ${YEARS('s.power_id', 's.unit_id')}
           WHERE s.power_id IN (${powers})`;
};

const unitUpdate = (body: string) => `
  CREATE OR REPLACE FUNCTION power_state_on_power_update() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    ${body};
    RETURN NULL;
  END $$`;

export class PowerStateUseYears1764900000000 implements MigrationInterface {
  name = 'PowerStateUseYears1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "power_state" ADD "use_years" integer[] NOT NULL DEFAULT '{}'`);
    await q.query(`
      UPDATE power_state s SET use_years = y.years
        FROM (SELECT u.power_id, u.unit_id, array_agg(DISTINCT u.year ORDER BY u.year) AS years
                FROM power_usage u WHERE u.cases > 0 GROUP BY u.power_id, u.unit_id) y
       WHERE y.power_id = s.power_id AND y.unit_id = s.unit_id`);
    for (const t of TRIGGERS) {
      await q.query(`
        CREATE FUNCTION power_state_on_${t.name}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          ${usageBody(t.name)};
          RETURN NULL;
        END $$`);
      await q.query(`CREATE TRIGGER "power_state_${t.name}" ${t.fires}
        EXECUTE FUNCTION power_state_on_${t.name}()`);
    }
    await q.query(
      unitUpdate(`UPDATE power_state SET unit_id = NEW.unit_id,
                         use_years = ${YEARS('NEW.id', 'NEW.unit_id')}
                   WHERE power_id = NEW.id`),
    );
    await q.query(`ANALYZE "power_state"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      unitUpdate(`UPDATE power_state SET unit_id = NEW.unit_id WHERE power_id = NEW.id`),
    );
    for (const t of [...TRIGGERS].reverse()) {
      await q.query(`DROP TRIGGER "power_state_${t.name}" ON "power_usage"`);
      await q.query(`DROP FUNCTION power_state_on_${t.name}()`);
    }
    await q.query(`ALTER TABLE "power_state" DROP COLUMN "use_years"`);
  }
}
