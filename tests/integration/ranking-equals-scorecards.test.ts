import fc from 'fast-check';

import { generateProvince } from '../../bench/generate';
import { makeUser } from '../helpers/factories';
import { startTestApp, type TestApp } from '../helpers/test-app';

/**
 * The ranking is computed once over the whole province (set-based snapshot and detectors); a
 * unit's scorecard over that unit alone. Over generated provinces with random defects (the bench
 * generator: wrong codes, missing charts and benchmarks, late and unfiled changes, duplicate
 * names, suspensions …) every unit's ranking score must be its own scorecard's score.
 */

const FROM = '2026-01-01';
const TO = '2026-12-31';
const RANKING = `query($scheme: String!, $id: ID!) {
  ranking(scheme: $scheme, regionId: $id, from: "${FROM}", to: "${TO}") { rank score deducted unit { id } }
}`;
const CARD = `query($scheme: String!, $unitId: ID!) {
  scorecard(scheme: $scheme, unitId: $unitId, from: "${FROM}", to: "${TO}") { score deducted }
}`;

/** A province generated from `seed` in a database of its own; the scores of its ranking. */
async function rankingMatchesCards(seed: number, scheme: string): Promise<number[]> {
  const t: TestApp = await startTestApp();
  try {
    return await compare(t, seed, scheme);
  } finally {
    await t.close();
  }
}

async function compare(t: TestApp, seed: number, scheme: string): Promise<number[]> {
  await t.services.calendar.ensureSeeded();
  await generateProvince(t.ds, { units: 6, powersPerUnit: 12, seed });
  const [province] = await t.ds.query(`SELECT id FROM region WHERE parent_id IS NULL`);
  const { token } = await makeUser(t, 'ASSESSOR', { regionId: province.id });
  const r = await t.ok(RANKING, { scheme, id: province.id }, token);
  const units: { id: string }[] = await t.ds.query(`SELECT id FROM unit`);
  expect(r.ranking).toHaveLength(units.length);
  for (const row of r.ranking) {
    const c = await t.ok(CARD, { scheme, unitId: row.unit.id }, token);
    expect({ unit: row.unit.id, score: row.score, deducted: row.deducted }).toEqual({
      unit: row.unit.id,
      score: c.scorecard.score,
      deducted: c.scorecard.deducted,
    });
  }
  return r.ranking.map((x: { score: number }) => x.score);
}

describe("a province's ranking", () => {
  it('gives every unit the score of its own scorecard, over generated provinces with random defects', async () => {
    const seen: number[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.constantFrom('PROVINCIAL_DEPARTMENT', 'MUNICIPAL', 'DISTRICT_SANHEYI'),
        async (seed, scheme) => {
          seen.push(...(await rankingMatchesCards(seed, scheme)));
        },
      ),
      { numRuns: 3 },
    );
    // the provinces had defects to score: not every unit got full marks
    expect(new Set(seen).size).toBeGreaterThan(1);
  });
});
