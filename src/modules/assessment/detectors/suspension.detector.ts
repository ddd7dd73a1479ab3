import { powersAsOf } from '../catalog-snapshot';
import type { DetectedCase } from '../detector';
import { alone, inUnits, listsCases, perUnitResult, type EventDetector } from '../event-statement';

/** The years judged and the instant a power must have entered the catalog by to be judged. */
function window(to: string, years: number) {
  const endYear = Number(to.slice(0, 4));
  const firstYear = endYear - years;
  return { endYear, firstYear, enteredBy: Date.parse(`${firstYear}-01-01T00:00:00+08:00`) };
}

/**
 * Provincial item 44, municipal 48 (挂起): a live power with no recorded use for two full years
 * (the `suspensionUnusedYears` calendar years before the period's end year) that is not
 * suspended. Powers that entered the catalog after those years began are not yet judged. SQL
 * judges every power of the units as of `asOf` (its status then, the version then in force, its
 * uses in those years: a use is recorded under the power's own unit, `recordPowerUsage`), from
 * the state rows alone (`power_state` keeps when each power entered the catalog and the years it
 * recorded a use in under its unit) and
 * counts per unit the powers judged and the cases; only the listed units' cases (`listsCases`)
 * come to Node, with the code and name of the version in force, for their evidence.
 */
export const suspensionEvents: EventDetector = {
  parts(input, bind) {
    const { endYear, firstYear, enteredBy } = window(
      input.to,
      input.param('suspensionUnusedYears', 2),
    );
    const ofUnits = inUnits(bind, input.unitIds);
    const at = bind(input.asOf, 'timestamptz');
    // the years a use must fall in (power_state keeps each power's years of use under its unit)
    const years = bind(
      Array.from({ length: endYear - firstYear }, (_, i) => firstYear + i),
      'int[]',
    );
    // createdAt <= enteredBy as Node reads it (to the millisecond, truncated)
    const entered = bind(new Date(enteredBy + 1), 'timestamptz');
    return {
      units: `
        SELECT j.unit_id AS "unitId", count(*)::int AS n, count(*) FILTER (WHERE j.unused)::int AS c,
               bool_or(j.listed) AS listed,
               -- the version's code and name, read for the listed cases only
               coalesce(json_agg((SELECT json_build_object('powerId', j.power_id, 'versionId', j.version_id,
                                                           'code', x.code, 'name', x.name)
                                    FROM power_version x WHERE x.id = j.version_id))
                          FILTER (WHERE j.unused AND j.listed), '[]') AS cases
          FROM (SELECT p.id AS power_id, p.unit_id, p.version_id,
                       NOT (p.use_years && ${years}) AS unused,
                       ${listsCases(input, bind, 'suspension', 'p.unit_id')} AS listed
                  FROM ${powersAsOf(at, `${ofUnits('p.unit_id')} AND p.created_at < ${entered}`, ['use_years'])} p
                 WHERE p.version_id IS NOT NULL AND p.status NOT IN ('CANCELLED', 'SUSPENDED')) j
         GROUP BY j.unit_id`,
    };
  },

  judge(rows, input) {
    const { endYear, firstYear } = window(input.to, input.param('suspensionUnusedYears', 2));
    const found: [string, DetectedCase][] = [];
    for (const u of rows.units)
      for (const p of u.cases as {
        powerId: string;
        versionId: string;
        code: string;
        name: string | null;
      }[])
        found.push([
          p.code,
          {
            unitId: u.unitId as string,
            powerId: p.powerId,
            versionId: p.versionId,
            occurredOn: input.through,
            reason: `权力事项 ${p.code}「${p.name ?? ''}」${firstYear}–${endYear - 1} 年无办件记录，应予挂起`,
          },
        ]);
    // by code, compared as the service compares strings everywhere (not the database's collation)
    found.sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    return perUnitResult(
      rows.units,
      found.map(([, c]) => c),
    );
  },
};

export const suspension = alone(suspensionEvents);
