import { generateProvince } from '../../bench/generate';
import { fixedClock } from '../../src/common/clock';
import { AssessmentService } from '../../src/modules/assessment/assessment.service';
import { startTestApp, type TestApp } from '../helpers/test-app';

/**
 * A card or ranking of many units spreads its statements over several connections reading one
 * snapshot (`AssessmentSplit`): the event statement on one, the state statement and then the
 * evidence in parts by units over the others. The thresholds are set here so low that
 * a generated province of a few units takes every split; its cards and ranking must be the ones
 * read in one statement each, on one connection, and more statements must have run to prove the
 * split happened.
 */
const FROM = '2026-01-01';
const TO = '2026-12-31';
const ALL = { kind: 'all' } as const;
// one instant for both readings: a card of the running year is judged as of now
const clock = fixedClock(new Date());

let t: TestApp;
let province: string;
let city: string;
beforeAll(async () => {
  t = await startTestApp();
  await t.services.calendar.ensureSeeded();
  await generateProvince(t.ds, { units: 8, powersPerUnit: 12, seed: 7 });
  [{ id: province }] = await t.ds.query(`SELECT id FROM region WHERE parent_id IS NULL`);
  [{ id: city }] = await t.ds.query(
    `SELECT r.id FROM region r WHERE r.parent_id = $1 ORDER BY r.code LIMIT 1`,
    [province],
  );
});
afterAll(() => t.close());

const split = () =>
  new AssessmentService(t.serviceDs, clock, undefined, {
    besideUnits: 2,
    beside: 2,
    stateUnits: 1,
  });
const whole = () =>
  new AssessmentService(t.serviceDs, clock, undefined, {
    besideUnits: Infinity,
    beside: 0,
    stateUnits: Infinity,
  });

async function counted<T>(work: () => Promise<T>): Promise<{ value: T; statements: number }> {
  const before = t.counter.count;
  const value = await work();
  return { value, statements: t.counter.count - before };
}

describe('a card and a ranking read over several connections', () => {
  it.each(['MUNICIPAL', 'DISTRICT_SANHEYI', 'PROVINCIAL_DEPARTMENT'])(
    'give %s the same region card and ranking as one connection does',
    async (scheme) => {
      // the first reading (split) finds the generated versions' checks unstored, stores them and
      // reads again; both then read the same stored checks
      await split().scorecard(ALL, { scheme, regionId: province, from: FROM, to: TO });
      for (const regionId of [province, city]) {
        const one = await counted(() =>
          whole().scorecard(ALL, { scheme, regionId, from: FROM, to: TO }),
        );
        const many = await counted(() =>
          split().scorecard(ALL, { scheme, regionId, from: FROM, to: TO }),
        );
        expect(many.value).toEqual(one.value);
        expect(one.value.sections.flatMap((s) => s.items).some((i) => i.cases > 0)).toBe(true);
        // two more connections opened, the state statement and the evidence read in parts (the
        // evidence's document look-up once per part)
        expect(many.statements).toBeGreaterThan(one.statements + 3);
      }
      const one = await whole().rankingCards(ALL, scheme, province, FROM, TO);
      const many = await split().rankingCards(ALL, scheme, province, FROM, TO);
      expect(many.map((r) => [r.unitId, r.rank, r.score, r.card])).toEqual(
        one.map((r) => [r.unitId, r.rank, r.score, r.card]),
      );
    },
  );
});

describe("the bases of a card's evidence", () => {
  it("are stored with each version's checks as its basis rows say them, in their order", async () => {
    await split().scorecard(ALL, { scheme: 'MUNICIPAL', regionId: province, from: FROM, to: TO });
    const differ: unknown[] = await t.ds.query(
      `SELECT c.version_id FROM power_version_check c
        WHERE c.bases::jsonb IS DISTINCT FROM
              (SELECT coalesce(jsonb_agg(jsonb_build_object('documentId', b.document_id,
                                'articles', b.articles) ORDER BY b.ord), '[]')
                 FROM power_version_basis b WHERE b.version_id = c.version_id)`,
    );
    expect(differ).toEqual([]);
    const [{ n }] = await t.ds.query(
      `SELECT count(*)::int AS n FROM power_version_check c
        WHERE json_array_length(c.bases) > 1`,
    );
    expect(n).toBeGreaterThan(0);
  });

  it('are read from the basis rows where the checks were stored without them', async () => {
    const card = () =>
      split().scorecard(ALL, { scheme: 'MUNICIPAL', regionId: city, from: FROM, to: TO });
    const stored = await card();
    // checks stored before the column existed: half of them, so both sources meet in one card
    await t.ds.query(
      `UPDATE power_version_check SET bases = NULL WHERE get_byte(uuid_send(version_id), 15) % 2 = 0`,
    );
    try {
      expect(await card()).toEqual(stored);
    } finally {
      await t.ds.query(
        `UPDATE power_version_check c
            SET bases = (SELECT coalesce(json_agg(json_build_object('documentId', b.document_id,
                                  'articles', b.articles) ORDER BY b.ord), '[]')
                           FROM power_version_basis b WHERE b.version_id = c.version_id)
          WHERE bases IS NULL`,
      );
    }
  });
});
