import {
  importWorldPowers,
  makeUser,
  makeWorld,
  type World,
  type WorldUnit,
} from '../helpers/factories';
import { startTestApp, type TestApp } from '../helpers/test-app';

// A region scope's page of powers reads `power_scope` (the powers under each region, kept by
// triggers) instead of matching region paths. It must list exactly what the path rule
// (`pathWithin`) covers, for a county, a city and the province, and keep doing so when a power is
// added, a power's code changes, a unit moves to another region or a region gets another path.

let t: TestApp;
let w: World;
let provinceReviewer: string;
let codes: Record<WorldUnit, string[]>;

const PAGE = `{ powers(first: 100) { totalCount edges { node { code unit { id } } } } }`;

beforeAll(async () => {
  t = await startTestApp();
  w = await makeWorld(t);
  provinceReviewer = (await makeUser(t, 'LEGAL_REVIEWER', { regionId: w.province.id })).token;
  codes = await importWorldPowers(t, w, [1, 2]);
}, 60_000);
afterAll(() => t.close());

/** The page's codes in the order it lists them, and its total. */
async function page(token: string): Promise<{ codes: string[]; total: number }> {
  const r = await t.ok(PAGE, {}, token);
  return { codes: r.powers.edges.map((e: any) => e.node.code), total: r.powers.totalCount };
}

const sorted = (...lists: string[][]) => lists.flat().sort();

/** power_scope's rows, and the rows the path rule gives for the same catalog. */
async function scopeRows(): Promise<{ kept: unknown[]; byPath: unknown[] }> {
  const kept = await t.ds.query(
    `SELECT region_id, code, power_id FROM power_scope ORDER BY 1, 2, 3`,
  );
  const byPath = await t.ds.query(
    `SELECT a.id AS region_id, p.code, p.id AS power_id
       FROM power p JOIN unit u ON u.id = p.unit_id JOIN region r ON r.id = u.region_id
       JOIN region a ON r.path = a.path OR starts_with(r.path, a.path || '/')
      ORDER BY 1, 2, 3`,
  );
  return { kept, byPath };
}

describe('a region scope’s page of powers, read from power_scope', () => {
  it('lists exactly the powers under a county, a city and the province, in code order', async () => {
    const all = sorted(codes.unit, codes.otherUnit, codes.cityUnit);
    expect(await page(provinceReviewer)).toEqual({ codes: all, total: 6 });
    expect(await page(w.tokens.cityReviewer)).toEqual({ codes: all, total: 6 });
    expect(await page(w.tokens.countyReviewer)).toEqual({ codes: sorted(codes.unit), total: 2 });
    // a unit outside the scope: the other county's powers are not the county reviewer's
    expect(await page(w.tokens.otherReviewer)).toEqual({
      codes: sorted(codes.otherUnit),
      total: 2,
    });
    expect(await page(w.tokens.unitLegal)).toEqual({ codes: sorted(codes.unit), total: 2 });
    const { kept, byPath } = await scopeRows();
    expect(kept.length).toBeGreaterThan(0);
    expect(kept).toEqual(byPath);
  });

  it('follows powers added, a code changed, a unit moved and a region given another path', async () => {
    const added = await importWorldPowers(t, w, [3]);
    for (const key of ['unit', 'otherUnit', 'cityUnit'] as const) codes[key].push(...added[key]);
    let rows = await scopeRows();
    expect(rows.kept).toEqual(rows.byPath);
    expect((await page(w.tokens.countyReviewer)).codes).toEqual(sorted(codes.unit));

    // a power's code changes: listed under the new code, in its new place
    const renamed = `${w.unit.code}-CF-9999`;
    await t.ds.query(`UPDATE power SET code = $2 WHERE code = $1`, [codes.unit[0], renamed]);
    codes.unit[0] = renamed;
    rows = await scopeRows();
    expect(rows.kept).toEqual(rows.byPath);
    expect((await page(w.tokens.countyReviewer)).codes).toEqual(sorted(codes.unit));

    // the unit moves to the other county: out of the county reviewer's scope, into the other's
    await t.ds.query(`UPDATE unit SET region_id = $2 WHERE id = $1`, [w.unit.id, w.otherCounty.id]);
    rows = await scopeRows();
    expect(rows.kept).toEqual(rows.byPath);
    expect(await page(w.tokens.countyReviewer)).toEqual({ codes: [], total: 0 });
    expect((await page(w.tokens.otherReviewer)).codes).toEqual(sorted(codes.unit, codes.otherUnit));

    // the other county moves under a new city: out of the first city's scope, still the province's
    const city2 = await t.ds.query(
      `INSERT INTO region (code, name, level, parent_id, path)
       SELECT $2::text, '第二市', 'CITY', id, path || '/' || $2::text FROM region WHERE id = $1
       RETURNING id, path`,
      [w.province.id, String(Number(w.city.code) + 100)],
    );
    await t.ds.query(`UPDATE region SET parent_id = $2, path = $3 || '/' || code WHERE id = $1`, [
      w.otherCounty.id,
      city2[0].id,
      city2[0].path,
    ]);
    rows = await scopeRows();
    expect(rows.kept).toEqual(rows.byPath);
    expect((await page(w.tokens.cityReviewer)).codes).toEqual(sorted(codes.cityUnit));
    expect((await page(provinceReviewer)).total).toBe(9);
  });
});
