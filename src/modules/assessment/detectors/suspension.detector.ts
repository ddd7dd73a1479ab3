import type { DetectedCase, Detector } from '../detector';

/**
 * Provincial item 44, municipal 48 (挂起): a live power with no recorded use for two full years
 * (the `suspensionUnusedYears` calendar years before the period's end year) that is not
 * suspended. Powers that entered the catalog after those years began are not yet judged.
 */
export const suspension: Detector = async (input) => {
  const years = input.param('suspensionUnusedYears', 2);
  const endYear = Number(input.to.slice(0, 4));
  const firstYear = endYear - years;
  const candidates = input.snapshot.filter(
    (p) =>
      p.status !== 'SUSPENDED' &&
      p.createdAt.getTime() <= Date.parse(`${firstYear}-01-01T00:00:00+08:00`),
  );
  // by unit, not by a list of every candidate power: one index range per unit
  const used: { power_id: string }[] = candidates.length
    ? await input.m.query(
        `SELECT DISTINCT power_id FROM power_usage
          WHERE unit_id = ANY($1) AND cases > 0 AND year BETWEEN $2 AND $3`,
        [input.unitIds, firstYear, endYear - 1],
      )
    : [];
  const usedSet = new Set(used.map((u) => u.power_id));
  const cases: DetectedCase[] = candidates
    .filter((p) => !usedSet.has(p.powerId))
    .map((p) => ({
      unitId: p.unitId,
      powerId: p.powerId,
      versionId: p.versionId,
      occurredOn: input.through,
      reason: `权力事项 ${p.code}「${p.content.name ?? ''}」${firstYear}–${endYear - 1} 年无办件记录，应予挂起`,
    }));
  const applicable = new Map<string, number>();
  for (const p of candidates) applicable.set(p.unitId, (applicable.get(p.unitId) ?? 0) + 1);
  return { cases, applicable };
};
