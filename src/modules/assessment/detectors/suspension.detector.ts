import type { DetectedCase } from '../detector';
import { alone, type EventDetector } from '../event-statement';

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
 * returns the units' powers with no use in those years (an anti-join; a use is recorded under
 * the power's own unit, `recordPowerUsage`), a few thousand ids where the used ones were most of
 * the catalog; the snapshot says which of them were live and not suspended.
 */
export const suspensionEvents: EventDetector = {
  parts(input, bind) {
    const { endYear, firstYear, enteredBy } = window(
      input.to,
      input.param('suspensionUnusedYears', 2),
    );
    const units = bind(input.unitIds, 'uuid[]');
    // createdAt <= enteredBy as Node reads it (to the millisecond, truncated)
    return {
      unused: `
        SELECT p.id FROM power p
         WHERE p.unit_id IN (SELECT unnest(${units}))
           AND p.created_at < ${bind(new Date(enteredBy + 1), 'timestamptz')}
           AND NOT EXISTS (SELECT 1 FROM power_usage pu
                            WHERE pu.power_id = p.id AND pu.unit_id = p.unit_id AND pu.cases > 0
                              AND pu.year BETWEEN ${bind(firstYear, 'int')} AND ${bind(endYear - 1, 'int')})`,
    };
  },

  judge(rows, input) {
    const { endYear, firstYear, enteredBy } = window(
      input.to,
      input.param('suspensionUnusedYears', 2),
    );
    const unused = new Set(rows.unused.map((r) => r.id as string));
    const cases: DetectedCase[] = [];
    const applicable = new Map<string, number>();
    for (const p of input.snapshot) {
      if (p.status === 'SUSPENDED' || p.createdAt.getTime() > enteredBy) continue;
      applicable.set(p.unitId, (applicable.get(p.unitId) ?? 0) + 1);
      if (!unused.has(p.powerId)) continue;
      cases.push({
        unitId: p.unitId,
        powerId: p.powerId,
        versionId: p.versionId,
        occurredOn: input.through,
        reason: `权力事项 ${p.code}「${p.content.name ?? ''}」${firstYear}–${endYear - 1} 年无办件记录，应予挂起`,
      });
    }
    return { cases, applicable };
  },
};

export const suspension = alone(suspensionEvents);
