import { importWorldPowers, makeWorld, type World, type WorldUnit } from '../helpers/factories';
import { startTestApp, type TestApp } from '../helpers/test-app';

// The fast read path (the page read with its units and current versions in one statement, counts
// only when asked, a user's row remembered for a few seconds) still shows each user only what
// their scope covers.

let t: TestApp;
let w: World;
let codes: Record<WorldUnit, string[]>;

const PAGE = `query($after: String) { powers(first: 100, after: $after) { totalCount edges { node {
  code unit { id } current { name category legalBases { articles document { title } } }
} } } }`;

beforeAll(async () => {
  t = await startTestApp();
  w = await makeWorld(t);
  codes = await importWorldPowers(t, w, [1, 2, 3]);
  // an obligation on every power (they all cite the law), a change request in two units
  await t.ok(
    `mutation($i: RecordAmendmentInput!) { recordAmendment(input: $i) { id } }`,
    { i: { documentId: w.law.id, amendedOn: '2026-09-01', note: '修改' } },
    w.tokens.admin,
  );
  for (const [token, code] of [
    [w.tokens.unitLegal, codes.unit[0]],
    [w.tokens.otherUnitLegal, codes.otherUnit[0]],
  ]) {
    const p = await t.ok(`{ power(code: "${code}") { id } }`, {}, token);
    await t.ok(
      `mutation($i: CreateChangeRequestInput!) { createChangeRequest(input: $i) { id } }`,
      {
        i: {
          kind: 'MODIFY',
          powerId: p.power.id,
          reason: '调整',
          draft: { name: `新名称${code}` },
        },
      },
      token,
    );
  }
}, 60_000);
afterAll(() => t.close());

async function pageCodes(token: string): Promise<{ codes: string[]; total: number }> {
  const r = await t.ok(PAGE, {}, token);
  return {
    codes: r.powers.edges.map((e: any) => e.node.code).sort(),
    total: r.powers.totalCount,
  };
}

describe('every optimised read still filters by scope', () => {
  it('lists only the powers of a unit user, a county reviewer and a city reviewer', async () => {
    expect(await pageCodes(w.tokens.unitLegal)).toEqual({ codes: codes.unit, total: 3 });
    expect(await pageCodes(w.tokens.countyReviewer)).toEqual({ codes: codes.unit, total: 3 });
    expect(await pageCodes(w.tokens.otherReviewer)).toEqual({ codes: codes.otherUnit, total: 3 });
    const city = [...codes.unit, ...codes.otherUnit, ...codes.cityUnit].sort();
    expect(await pageCodes(w.tokens.cityReviewer)).toEqual({ codes: city, total: 9 });
  });

  it('shows the units and current versions the page joined, each the power’s own', async () => {
    const r = await t.ok(PAGE, {}, w.tokens.otherReviewer);
    for (const e of r.powers.edges) {
      expect(e.node.unit.id).toBe(w.otherUnit.id);
      expect(e.node.current.legalBases[0].document.title).toContain('测试');
    }
  });

  it('refuses a power by code outside the scope, with or without its current version', async () => {
    for (const q of [
      `{ power(code: "${codes.otherUnit[0]}") { code current { name } } }`,
      `{ power(code: "${codes.otherUnit[0]}") { code } }`,
    ]) {
      expect((await t.fails(q, {}, w.tokens.unitLegal)).extensions.code).toBe('FORBIDDEN');
      expect((await t.fails(q, {}, w.tokens.countyReviewer)).extensions.code).toBe('FORBIDDEN');
    }
    const own = await t.ok(
      `{ power(code: "${codes.unit[0]}") { code current { name } } }`,
      {},
      w.tokens.unitLegal,
    );
    expect(own.power.code).toBe(codes.unit[0]);
  });

  it('lists only the change requests and obligations in scope, with their own powers', async () => {
    const crs = async (token: string) =>
      (
        await t.ok(
          `{ changeRequests(first: 50) { totalCount edges { node { power { code } unit { id } } } } }`,
          {},
          token,
        )
      ).changeRequests;
    const mine = await crs(w.tokens.unitLegal);
    expect(mine.totalCount).toBe(1);
    expect(mine.edges.map((e: any) => [e.node.power.code, e.node.unit.id])).toEqual([
      [codes.unit[0], w.unit.id],
    ]);
    expect((await crs(w.tokens.cityReviewer)).totalCount).toBe(2);

    const obs = async (token: string) =>
      (
        await t.ok(
          `{ obligations(first: 50) { totalCount edges { node { power { code current { name } } } } } }`,
          {},
          token,
        )
      ).obligations;
    const other = await obs(w.tokens.otherReviewer);
    expect(other.totalCount).toBe(3);
    expect(other.edges.map((e: any) => e.node.power.code).sort()).toEqual(codes.otherUnit);
    expect((await obs(w.tokens.cityReviewer)).totalCount).toBe(9);
  });

  it('reads flowcharts left out of a page when a query asks for them', async () => {
    const r = await t.ok(
      `{ powers(first: 1) { edges { node { current { name externalFlow { nodes { key } } } } } } }`,
      {},
      w.tokens.unitLegal,
    );
    expect(r.powers.edges[0].node.current.externalFlow.nodes.length).toBeGreaterThan(0);
  });
});
