import { makeWorld, penaltyDraft, type World } from '../helpers/factories';
import { startTestApp, type TestApp } from '../helpers/test-app';

const IMPORT = `mutation($input: [ImportPowerInput!]!) {
  importPowers(input: $input) { created powers { id code status current { versionNo name } } }
}`;

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await startTestApp();
  w = await makeWorld(t);
});
afterAll(() => t.close());

describe('importPowers', () => {
  it('creates each entry as version 1 of a power and returns it', async () => {
    const data = await t.ok(
      IMPORT,
      { input: [{ unitId: w.unit.id, draft: penaltyDraft(w.unit, w.law.id, 1) }] },
      w.tokens.countyReviewer,
    );
    expect(data.importPowers.created).toBe(1);
    expect(data.importPowers.powers[0]).toMatchObject({
      code: `${w.unit.code}-CF-0001`,
      status: 'ACTIVE',
      current: { versionNo: 1, name: '对违反测试规定行为的处罚1' },
    });
  });

  it('writes nothing when one entry of many is bad, and lists the bad field', async () => {
    const before = await t.ds.query('SELECT count(*)::int AS n FROM power');
    const good = { unitId: w.unit.id, draft: penaltyDraft(w.unit, w.law.id, 2) };
    const bad = { unitId: w.unit.id, draft: { ...penaltyDraft(w.unit, w.law.id, 3), name: null } };
    const err = await t.fails(IMPORT, { input: [good, bad] }, w.tokens.admin);
    expect(err.extensions.code).toBe('BAD_USER_INPUT');
    expect(err.extensions.fields).toContainEqual({
      path: 'input[1].draft.name',
      message: '缺少权力名称',
    });
    const after = await t.ds.query('SELECT count(*)::int AS n FROM power');
    expect(after[0].n).toBe(before[0].n);
  });

  it('refuses a code that already exists with CONFLICT', async () => {
    const err = await t.fails(
      IMPORT,
      { input: [{ unitId: w.unit.id, draft: penaltyDraft(w.unit, w.law.id, 1) }] },
      w.tokens.admin,
    );
    expect(err.extensions.code).toBe('CONFLICT');
  });

  it('refuses an unknown legal document with the path of the basis', async () => {
    const draft = penaltyDraft(w.unit, w.law.id, 9);
    draft.legalBases = [
      {
        documentId: '00000000-0000-4000-8000-000000000000',
        articles: '第一条',
        excerpt: null as never,
      },
    ];
    const err = await t.fails(IMPORT, { input: [{ unitId: w.unit.id, draft }] }, w.tokens.admin);
    expect(err.extensions.code).toBe('BAD_USER_INPUT');
    expect(err.extensions.fields).toContainEqual({
      path: 'input[0].draft.legalBases[0].documentId',
      message: '法律文件不存在',
    });
  });

  it('validates input classes: a blank step label is a bad field with its path', async () => {
    const draft = penaltyDraft(w.unit, w.law.id, 10);
    (draft.externalFlow as any).nodes[1].label = '   ';
    const err = await t.fails(IMPORT, { input: [{ unitId: w.unit.id, draft }] }, w.tokens.admin);
    expect(err.extensions.code).toBe('BAD_USER_INPUT');
    expect(err.extensions.fields).toContainEqual({
      path: 'input[0].draft.externalFlow.nodes[1].label',
      message: '不能为空',
    });
  });

  it('refuses a reviewer importing into a unit outside their region with FORBIDDEN', async () => {
    const err = await t.fails(
      IMPORT,
      { input: [{ unitId: w.otherUnit.id, draft: penaltyDraft(w.otherUnit, w.law.id, 1) }] },
      w.tokens.countyReviewer,
    );
    expect(err.extensions.code).toBe('FORBIDDEN');
  });
});

describe('powers', () => {
  beforeAll(async () => {
    const input = [];
    for (let i = 20; i < 30; i++)
      input.push({ unitId: w.otherUnit.id, draft: penaltyDraft(w.otherUnit, w.law.id, i) });
    input.push({
      unitId: w.otherUnit.id,
      status: 'DORMANT',
      draft: {
        ...penaltyDraft(w.otherUnit, w.law.id, 1),
        code: `${w.otherUnit.code}-XK-0001`,
        category: 'LICENSING',
        name: '食品经营许可',
        isKey: true,
      },
    });
    await t.ok(IMPORT, { input }, w.tokens.admin);
  });

  const LIST = `query($filter: PowerFilter, $first: Int, $after: String) {
    powers(filter: $filter, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { cursor node { code status isKey unit { code } } }
    }
  }`;

  it('pages through the catalog by code with cursors', async () => {
    const first = await t.ok(
      LIST,
      { filter: { unitId: w.otherUnit.id }, first: 4 },
      w.tokens.admin,
    );
    expect(first.powers.totalCount).toBe(11);
    expect(first.powers.edges).toHaveLength(4);
    expect(first.powers.pageInfo.hasNextPage).toBe(true);
    const codes: string[] = first.powers.edges.map((e: any) => e.node.code);
    const second = await t.ok(
      LIST,
      { filter: { unitId: w.otherUnit.id }, first: 100, after: first.powers.pageInfo.endCursor },
      w.tokens.admin,
    );
    expect(second.powers.edges).toHaveLength(7);
    expect(second.powers.pageInfo.hasNextPage).toBe(false);
    const all = codes.concat(second.powers.edges.map((e: any) => e.node.code));
    expect(all).toEqual([...all].sort());
    expect(new Set(all).size).toBe(11);
  });

  it('filters by category, status, key flag and region subtree', async () => {
    const byCat = await t.ok(LIST, { filter: { category: 'LICENSING' } }, w.tokens.admin);
    expect(byCat.powers.edges.map((e: any) => e.node.code)).toEqual([
      `${w.otherUnit.code}-XK-0001`,
    ]);
    const byStatus = await t.ok(LIST, { filter: { status: 'DORMANT' } }, w.tokens.admin);
    expect(byStatus.powers.totalCount).toBe(1);
    const byKey = await t.ok(LIST, { filter: { isKey: true } }, w.tokens.admin);
    expect(byKey.powers.totalCount).toBe(1);
    const byCity = await t.ok(LIST, { filter: { regionId: w.city.id } }, w.tokens.admin);
    expect(byCity.powers.totalCount).toBe(12);
    const byCounty = await t.ok(LIST, { filter: { regionId: w.county.id } }, w.tokens.admin);
    expect(byCounty.powers.totalCount).toBe(1);
  });

  it('searches Chinese name text and code fragments', async () => {
    const byName = await t.ok(LIST, { filter: { search: '食品经营' } }, w.tokens.admin);
    expect(byName.powers.edges.map((e: any) => e.node.code)).toEqual([
      `${w.otherUnit.code}-XK-0001`,
    ]);
    const byCode = await t.ok(LIST, { filter: { search: 'CF-0025' } }, w.tokens.admin);
    expect(byCode.powers.totalCount).toBe(1);
    const literal = await t.ok(LIST, { filter: { search: '%' } }, w.tokens.admin);
    expect(literal.powers.totalCount).toBe(0);
  });

  it('answers a search of Chinese text or a code fragment from the trigram indexes', async () => {
    // the planner would scan a table this small; with scans off it shows which indexes can serve
    const plan = await t.ds.transaction(async (m) => {
      await m.query('SET LOCAL enable_seqscan = off');
      const [row] = await m.query(
        `EXPLAIN (FORMAT JSON) SELECT id FROM power p WHERE (p.name ILIKE $1 OR p.code ILIKE $1)`,
        ['%食品经营%'],
      );
      return JSON.stringify(row['QUERY PLAN']);
    });
    expect(plan).toContain('ix_power_name_trgm');
    expect(plan).toContain('ix_power_code_trgm');
  });

  it('shows a unit user only their own unit, silently', async () => {
    const mine = await t.ok(LIST, {}, w.tokens.unitLegal);
    expect(mine.powers.edges.every((e: any) => e.node.unit.code === w.unit.code)).toBe(true);
    expect(mine.powers.totalCount).toBe(1);
  });

  it('refuses first above 100 with BAD_USER_INPUT', async () => {
    const err = await t.fails(LIST, { first: 101 }, w.tokens.admin);
    expect(err.extensions.code).toBe('BAD_USER_INPUT');
  });

  it('reads a power by code, and another unit’s power is FORBIDDEN', async () => {
    const q = `query($code: String) { power(code: $code) { code current { name } } }`;
    const ok = await t.ok(q, { code: `${w.unit.code}-CF-0001` }, w.tokens.unitOperator);
    expect(ok.power.code).toBe(`${w.unit.code}-CF-0001`);
    const err = await t.fails(q, { code: `${w.otherUnit.code}-CF-0020` }, w.tokens.unitOperator);
    expect(err.extensions.code).toBe('FORBIDDEN');
    const missing = await t.fails(q, { code: 'NOPE' }, w.tokens.admin);
    expect(missing.extensions.code).toBe('NOT_FOUND');
  });
});
