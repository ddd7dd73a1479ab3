/**
 * A region's coding rule (DOMAIN.md: provinces publish their own): set by an admin or a legal
 * office over its subtree, inherited by the regions below, and what the code checks and the
 * clean-up items judge codes against.
 */
import { makeWorld, penaltyDraft, type World } from '../helpers/factories';
import { startTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let w: World;
let powerId: string;

const SET = `mutation($r: ID!, $p: String) { setCodingRule(regionId: $r, pattern: $p) { id codingRule { pattern isDefault definedIn { id } } } }`;
const RULES = `query($c: ID!, $p: ID!) {
  county: region(id: $c) { codingRule { pattern isDefault definedIn { id } } }
  province: region(id: $p) { codingRule { pattern isDefault definedIn { id } } }
}`;
const PROBLEMS = `query($id: ID) { power(id: $id) { problems { code path message } } }`;

beforeAll(async () => {
  t = await startTestApp();
  w = await makeWorld(t);
  const r = await t.ok(
    `mutation($i: [ImportPowerInput!]!) { importPowers(input: $i) { powers { id code } } }`,
    { i: [{ unitId: w.unit.id, draft: penaltyDraft(w.unit, w.law.id, 1) }] },
    w.tokens.admin,
  );
  powerId = r.importPowers.powers[0].id;
});
afterAll(() => t.close());

const codeProblems = async () =>
  (await t.ok(PROBLEMS, { id: powerId }, w.tokens.admin)).power.problems.filter((p: any) =>
    p.code.startsWith('CODE_'),
  );

describe('setCodingRule', () => {
  it('starts every region on the default rule of DOMAIN.md', async () => {
    const r = await t.ok(RULES, { c: w.county.id, p: w.province.id }, w.tokens.admin);
    expect(r.county.codingRule).toEqual({
      pattern: '{unit}-{letters}-{seq4}',
      isDefault: true,
      definedIn: null,
    });
    expect(await codeProblems()).toEqual([]);
  });

  it('gives the province’s rule to every region below, and judges existing codes by it', async () => {
    const set = await t.ok(SET, { r: w.province.id, p: 'JS{no}-{unit}-{seq5}' }, w.tokens.admin);
    expect(set.setCodingRule.codingRule).toEqual({
      pattern: 'JS{no}-{unit}-{seq5}',
      isDefault: false,
      definedIn: { id: w.province.id },
    });
    const r = await t.ok(RULES, { c: w.county.id, p: w.province.id }, w.tokens.admin);
    expect(r.county.codingRule).toEqual(r.province.codingRule);
    const [bad] = await codeProblems();
    expect(bad).toMatchObject({ code: 'CODE_BAD_FORMAT', path: 'code' });
    expect(bad.message).toContain(`JS02-${w.unit.code}-00001`);
  });

  it('lets a region below set its own, nearer rule, and clear it to inherit again', async () => {
    await t.ok(SET, { r: w.county.id, p: '{unit}-{letters}-{seq4}' }, w.tokens.countyReviewer);
    const own = await t.ok(RULES, { c: w.county.id, p: w.province.id }, w.tokens.admin);
    expect(own.county.codingRule).toMatchObject({
      isDefault: false,
      definedIn: { id: w.county.id },
    });
    expect(await codeProblems()).toEqual([]);
    await t.ok(SET, { r: w.county.id, p: null }, w.tokens.countyReviewer);
    const back = await t.ok(RULES, { c: w.county.id, p: w.province.id }, w.tokens.admin);
    expect(back.county.codingRule.definedIn).toEqual({ id: w.province.id });
    expect(await codeProblems()).toHaveLength(1);
  });

  it('shows a county reviewer the rule but not the province above their scope', async () => {
    const r = await t.ok(
      `query($c: ID!) { region(id: $c) { codingRule { pattern isDefault definedIn { id } } } }`,
      { c: w.county.id },
      w.tokens.countyReviewer,
    );
    expect(r.region.codingRule).toEqual({
      pattern: 'JS{no}-{unit}-{seq5}',
      isDefault: false,
      definedIn: null,
    });
  });

  it('counts codes that break the rule against the clean-up item of the provincial scheme', async () => {
    const c = await t.ok(
      `query($u: ID) { scorecard(scheme: "PROVINCIAL_DEPARTMENT", unitId: $u, from: "2026-01-01", to: "2026-12-31") { sections { items { code applicable compliant deductions { power { id } reason } } } } }`,
      { u: w.unit.id },
      w.tokens.assessor,
    );
    const i34 = c.scorecard.sections.flatMap((s: any) => s.items).find((i: any) => i.code === '34');
    expect(i34).toMatchObject({ applicable: 1, compliant: 0 });
    expect(i34.deductions[0].power.id).toBe(powerId);
  });

  it('refuses a template it cannot use, naming each fault, and changes nothing', async () => {
    const e = await t.fails(
      SET,
      { r: w.province.id, p: '{unit}-{kind}-{seq4}{seq3}' },
      w.tokens.admin,
    );
    expect(e.extensions.code).toBe('BAD_USER_INPUT');
    expect(e.extensions.fields!.map((f: any) => f.path)).toEqual(['pattern', 'pattern']);
    expect(e.extensions.fields![0].message).toContain('{kind}');
    const blank = await t.fails(SET, { r: w.province.id, p: '  ' }, w.tokens.admin);
    expect(blank.extensions.code).toBe('BAD_USER_INPUT');
    const r = await t.ok(RULES, { c: w.county.id, p: w.province.id }, w.tokens.admin);
    expect(r.province.codingRule.pattern).toBe('JS{no}-{unit}-{seq5}');
  });

  it('refuses a reviewer outside the region, and records each change in the audit log', async () => {
    const e = await t.fails(SET, { r: w.county.id, p: '{unit}{seq4}' }, w.tokens.otherReviewer);
    expect(e.extensions.code).toBe('FORBIDDEN');
    const audit = await t.ok(
      `{ auditEntries(filter: { operation: "setCodingRule" }) { edges { node { operation before after } } } }`,
      {},
      w.tokens.admin,
    );
    const entries = audit.auditEntries.edges.map((x: any) => x.node);
    expect(entries).toHaveLength(3);
    expect(entries.map((x: any) => x.after.codingRule)).toEqual(
      expect.arrayContaining(['JS{no}-{unit}-{seq5}', '{unit}-{letters}-{seq4}', null]),
    );
  });

  it('judges a period by the rule in force at its end, not by a later one', async () => {
    const SYS = { userId: null, requestId: 'test' };
    const regions = t.services.regions;
    const prov = await regions.createRegion(
      { code: '450000', name: '历史省', level: 'PROVINCE' },
      SYS,
    );
    const city = await regions.createRegion(
      { code: '450100', name: '历史市', level: 'CITY', parentId: prov.id },
      SYS,
    );
    const county = await regions.createRegion(
      { code: '450102', name: '历史区', level: 'COUNTY', parentId: city.id },
      SYS,
    );
    const unit = await regions.createUnit(
      { code: '450102001', name: '历史局', regionId: county.id },
      SYS,
    );
    await t.ok(
      `mutation($i: [ImportPowerInput!]!) { importPowers(input: $i) { created } }`,
      { i: [{ unitId: unit.id, draft: penaltyDraft(unit, w.law.id, 1) }] },
      w.tokens.admin,
    );
    const item34 = async () =>
      (
        await t.ok(
          `query($u: ID) { scorecard(scheme: "PROVINCIAL_DEPARTMENT", unitId: $u, from: "2026-01-01", to: "2026-12-31") { sections { items { code applicable compliant } } } }`,
          { u: unit.id },
          w.tokens.admin,
        )
      ).scorecard.sections
        .flatMap((s: any) => s.items)
        .find((i: any) => i.code === '34');
    const history = (pattern: string, validFrom: string) =>
      t.ds.query(
        `INSERT INTO region_coding_rule (region_id, pattern, valid_from) VALUES ($1, $2, $3)`,
        [prov.id, pattern, validFrom],
      );
    // a rule that takes effect after 2026 does not judge 2026
    await history('JS{no}-{unit}-{seq5}', '2027-01-02T00:00:00+08:00');
    expect(await item34()).toMatchObject({ applicable: 1, compliant: 1 });
    // one in force since before the period's end does
    await history('JS{no}-{unit}-{seq5}', '2026-03-01T00:00:00+08:00');
    expect(await item34()).toMatchObject({ applicable: 1, compliant: 0 });
    // and a later clearing before the end lifts it again
    await t.ds.query(
      `INSERT INTO region_coding_rule (region_id, pattern, valid_from) VALUES ($1, NULL, $2)`,
      [prov.id, '2026-06-01T00:00:00+08:00'],
    );
    expect(await item34()).toMatchObject({ applicable: 1, compliant: 1 });
  });

  it('keeps each setting in the region’s append-only history', async () => {
    const rows = await t.ds.query(
      `SELECT region_id, pattern FROM region_coding_rule WHERE region_id = ANY($1) ORDER BY valid_from`,
      [[w.province.id, w.county.id]],
    );
    expect(
      rows.map((r: any) => [r.region_id === w.province.id ? 'province' : 'county', r.pattern]),
    ).toEqual([
      ['province', 'JS{no}-{unit}-{seq5}'],
      ['county', '{unit}-{letters}-{seq4}'],
      ['county', null],
    ]);
    await expect(t.ds.query(`DELETE FROM region_coding_rule`)).rejects.toThrow(/append-only/);
    await expect(t.ds.query(`UPDATE region_coding_rule SET pattern = NULL`)).rejects.toThrow(
      /append-only/,
    );
  });
});
