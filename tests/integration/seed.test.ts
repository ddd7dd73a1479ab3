import { seedDemo } from '../../seeds/load-demo';
import { startTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const counts = async () =>
  (
    await t.ds
      .query(`SELECT (SELECT count(*) FROM region)::int AS regions, (SELECT count(*) FROM unit)::int AS units,
      (SELECT count(*) FROM legal_document)::int AS laws, (SELECT count(*) FROM power)::int AS powers,
      (SELECT count(*) FROM power_version)::int AS versions, (SELECT count(*) FROM app_user)::int AS users,
      (SELECT count(*) FROM obligation)::int AS obligations`)
  )[0];

describe('the demo seed', () => {
  it('loads the demo catalog, and loading it twice changes nothing', async () => {
    const first = await seedDemo(t.ds, t.services);
    expect(first.powersImported).toBeGreaterThanOrEqual(180);
    const after = await counts();
    expect(after.regions).toBe(4);
    expect(after.units).toBe(12);
    expect(after.obligations).toBeGreaterThan(0);
    const second = await seedDemo(t.ds, t.services);
    expect(second.powersImported).toBe(0);
    expect(await counts()).toEqual(after);
  });

  it('gives an assessment something to find', async () => {
    const token = await t.services.tokens.sign(
      (await t.ds.query(`SELECT id FROM app_user WHERE username = 'kh_320400'`))[0].id,
    );
    const region = (await t.ds.query(`SELECT id FROM region WHERE code = '320411'`))[0].id;
    const r = await t.ok(
      `query($r: ID!) { scorecard(scheme: "DISTRICT_SANHEYI", regionId: $r, from: "2026-01-01", to: "2026-12-31") { score deducted sections { items { code cases } } } }`,
      { r: region },
      token,
    );
    expect(r.scorecard.deducted).toBeGreaterThan(0);
    const problems = await t.ok(
      `{ powers(first: 100, filter: { search: "320411" }) { edges { node { problemCount } } } }`,
      {},
      token,
    );
    expect(problems.powers.edges.some((e: any) => e.node.problemCount > 0)).toBe(true);
  });
});
