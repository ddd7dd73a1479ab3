import { makeWorld, penaltyDraft, type World } from '../helpers/factories';
import { startTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let w: World;
const IMPORT = `mutation($i: [ImportPowerInput!]!) { importPowers(input: $i) { created powers { id code problemCount problems { code path } } } }`;

beforeAll(async () => {
  t = await startTestApp();
  w = await makeWorld(t);
});
afterAll(() => t.close());

/** A defect applied to a clean penalty draft, and the problem code it must produce. */
const DEFECTS: [string, (d: any) => void, string, string | null][] = [
  ['no external chart', (d) => (d.externalFlow = null), 'EXTERNAL_FLOW_MISSING', 'externalFlow'],
  [
    'an external step no path reaches',
    (d) => d.externalFlow.edges.splice(0, 1),
    'EXTERNAL_FLOW_UNREACHABLE_STEP',
    'externalFlow.nodes[1]',
  ],
  [
    'no supervision text',
    (d) => (d.externalFlow.supervision = null),
    'EXTERNAL_FLOW_NO_SUPERVISION',
    'externalFlow.supervision',
  ],
  [
    'external chart not approved',
    (d) => (d.externalFlow.approvedOn = null),
    'EXTERNAL_FLOW_NOT_APPROVED',
    'externalFlow.approvedOn',
  ],
  [
    'an internal step with no post',
    (d) => (d.internalFlow.nodes[1].post = null),
    'INTERNAL_STEP_NO_POST',
    'internalFlow.nodes[1].post',
  ],
  [
    'an internal step naming no external step',
    (d) => (d.internalFlow.nodes[3].externalKey = 'ghost'),
    'INTERNAL_STEP_UNKNOWN_EXTERNAL',
    'internalFlow.nodes[3].externalKey',
  ],
  [
    'internal chart not filed',
    (d) => (d.internalFlow.filedOn = null),
    'INTERNAL_FLOW_NOT_FILED',
    'internalFlow.filedOn',
  ],
  [
    'internal time over the statutory limit',
    (d) => (d.legalTimeLimitDays = 20),
    'INTERNAL_TIME_EXCEEDS_LEGAL',
    null,
  ],
  [
    'a key power with no risk point',
    (d) => {
      d.isKey = true;
      d.internalFlow.nodes[1].riskPoints = [];
    },
    'KEY_POWER_NO_RISK_POINT',
    null,
  ],
  [
    'a risk point with no measures',
    (d) => (d.internalFlow.nodes[1].riskPoints[0].measures = ''),
    'RISK_POINT_NO_MEASURES',
    null,
  ],
  ['a penalty with no benchmark', (d) => (d.discretion = null), 'DISCRETION_MISSING', 'discretion'],
  ['two tiers', (d) => d.discretion.tiers.pop(), 'DISCRETION_TOO_FEW_TIERS', 'discretion.tiers'],
  [
    'overlapping tiers',
    (d) => (d.discretion.tiers[1].minFine = 500),
    'DISCRETION_TIERS_OVERLAP',
    null,
  ],
  [
    'no heavier circumstance',
    (d) => d.discretion.circumstances.pop(),
    'DISCRETION_NO_HEAVIER_CIRCUMSTANCE',
    null,
  ],
  [
    'a basis with no articles',
    (d) => (d.legalBases[0].articles = ''),
    'LEGAL_BASIS_NO_ARTICLES',
    'legalBases[0].articles',
  ],
  [
    'an entrusted subject with no party',
    (d) => (d.subject.type = 'ENTRUSTED'),
    'ENTRUSTED_NO_PARTY',
    null,
  ],
  [
    'promised above statutory',
    (d) => (d.promisedTimeLimitDays = 120),
    'PROMISED_EXCEEDS_LEGAL',
    null,
  ],
  [
    'a code with another category’s letters',
    (d) => (d.code = d.code.replace('-CF-', '-XK-')),
    'CODE_CATEGORY_MISMATCH',
    'code',
  ],
];

describe('imported defects are stored and read back as problems', () => {
  it.each(DEFECTS)('%s → %s', async (_name, spoil, code, path) => {
    const draft = penaltyDraft(w.unit, w.law.id, 100 + DEFECTS.findIndex((d) => d[2] === code));
    spoil(draft);
    const r = await t.ok(IMPORT, { i: [{ unitId: w.unit.id, draft }] }, w.tokens.admin);
    const power = r.importPowers.powers[0];
    expect(power.problemCount).toBe(power.problems.length);
    const found = power.problems.filter((p: { code: string }) => p.code === code);
    expect(found.length).toBeGreaterThan(0);
    if (path) expect(found.map((p: { path: string }) => p.path)).toContain(path);
  });

  it('flags a repealed document cited', async () => {
    const draft = penaltyDraft(w.otherUnit, w.repealedLaw.id, 1);
    const r = await t.ok(IMPORT, { i: [{ unitId: w.otherUnit.id, draft }] }, w.tokens.admin);
    expect(r.importPowers.powers[0].problems).toContainEqual({
      code: 'LEGAL_BASIS_REPEALED',
      path: 'legalBases[0].documentId',
    });
  });

  it('flags both live powers of one unit that share a name', async () => {
    const a = penaltyDraft(w.cityUnit, w.law.id, 1, { name: '同名的处罚事项' });
    const b = penaltyDraft(w.cityUnit, w.law.id, 2, { name: '同名的处罚事项' });
    const r = await t.ok(
      IMPORT,
      {
        i: [
          { unitId: w.cityUnit.id, draft: a },
          { unitId: w.cityUnit.id, draft: b },
        ],
      },
      w.tokens.admin,
    );
    for (const p of r.importPowers.powers)
      expect(p.problems.map((x: { code: string }) => x.code)).toContain('NAME_DUPLICATE');
  });

  it('finds nothing wrong in a clean power', async () => {
    const r = await t.ok(
      IMPORT,
      { i: [{ unitId: w.cityUnit.id, draft: penaltyDraft(w.cityUnit, w.law.id, 9) }] },
      w.tokens.admin,
    );
    expect(r.importPowers.powers[0].problems).toEqual([]);
  });

  it('refuses a structurally broken chart as input, with the field path, and writes nothing', async () => {
    const draft = penaltyDraft(w.unit, w.law.id, 300);
    (draft.externalFlow as any).edges[3].to = 'nowhere';
    const e = await t.fails(IMPORT, { i: [{ unitId: w.unit.id, draft }] }, w.tokens.admin);
    expect(e.extensions.code).toBe('BAD_USER_INPUT');
    expect(e.extensions.fields!.map((f) => f.path)).toContain(
      'input[0].draft.externalFlow.edges[3].to',
    );
  });
});

describe('problems at scale', () => {
  it('costs the same statements for a page of 5 and a page of 100', async () => {
    const input = [];
    for (let i = 1; i <= 110; i++)
      input.push({
        unitId: w.otherUnit.id,
        draft: penaltyDraft(w.otherUnit, w.law.id, 500 + i, {
          name: i % 10 ? `处罚${i}` : '重名事项',
        }),
      });
    await t.ok(
      IMPORT.replace('problemCount problems { code path }', ''),
      { i: input },
      w.tokens.admin,
    );
    const q = `query($n: Int) { powers(first: $n, filter: { unitId: "${w.otherUnit.id}" }) { edges { node { code problems { code message path } current { externalFlow { mermaid } } } } } }`;
    const count = async (n: number) => {
      t.services.auth.forget(w.userIds.admin); // both pages look the user up
      const before = t.counter.count;
      const r = await t.ok(q, { n }, w.tokens.admin);
      expect(r.powers.edges).toHaveLength(n);
      return t.counter.count - before;
    };
    const small = await count(5);
    const large = await count(100);
    expect(large).toBe(small);
  });
});

describe('Flowchart.mermaid', () => {
  it('renders a flowchart TD with the steps and the decision labels', async () => {
    const r = await t.ok(
      IMPORT.replace('problemCount problems { code path }', ''),
      { i: [{ unitId: w.cityUnit.id, draft: penaltyDraft(w.cityUnit, w.law.id, 77) }] },
      w.tokens.admin,
    );
    const m = await t.ok(
      `query($id: ID) { power(id: $id) { current { externalFlow { mermaid } internalFlow { mermaid } } } }`,
      { id: r.importPowers.powers[0].id },
      w.tokens.admin,
    );
    expect(m.power.current.externalFlow.mermaid).toMatch(/^flowchart TD/);
    expect(m.power.current.externalFlow.mermaid).toContain('调查取证');
    expect(m.power.current.externalFlow.mermaid).toContain('|');
    expect(m.power.current.internalFlow.mermaid).toContain('执法人员');
  });
});
