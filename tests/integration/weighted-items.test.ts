/**
 * Every derived item of the provincial (附件2) and municipal (附件3) schemes, one row each: a unit
 * whose catalog holds powers that comply and powers that trigger the item, and the exact score
 * (weight × share that complies), the counts and the evidence that follow.
 */
import { makeWorld, penaltyDraft, type World } from '../helpers/factories';
import { startTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let w: World;
let seq = 0;
let n = 0;
const SYS = { userId: null, requestId: 'test' };
type U = { id: string; code: string };
type Draft = (u: U) => Record<string, any>;

beforeAll(async () => {
  t = await startTestApp();
  w = await makeWorld(t);
});
afterAll(() => t.close());

const clean: Draft = (u) => penaltyDraft(u, w.law.id, ++n);
const spoiled =
  (spoil: (d: Record<string, any>) => void): Draft =>
  (u) => {
    const d = penaltyDraft(u, w.law.id, ++n);
    spoil(d);
    return d;
  };

async function unitWith(drafts: Draft[]) {
  const code = `8${String(++seq).padStart(8, '0')}`;
  const unit = await t.services.regions.createUnit(
    { code, name: `权重单位${seq}`, regionId: w.county.id },
    SYS,
  );
  const u = { id: unit.id, code };
  const r = await t.ok(
    `mutation($i: [ImportPowerInput!]!) { importPowers(input: $i) { powers { id code } } }`,
    { i: drafts.map((d) => ({ unitId: u.id, draft: d(u) })) },
    w.tokens.admin,
  );
  return { unit: u, powers: r.importPowers.powers as { id: string; code: string }[] };
}

const CARD = `query($scheme: String!, $unitId: ID) {
  scorecard(scheme: $scheme, unitId: $unitId, from: "2026-01-01", to: "2026-12-31") {
    sections { items { code maxPoints score deducted cases applicable compliant
      deductions { points reason occurredOn manual power { id } obligation { id } } } }
  }
}`;

/** A row: the drafts (the failing ones listed in `failing` by index) and any setup after import. */
interface Row {
  item: string;
  drafts: Draft[];
  failing: number[];
  setup?: (unit: U, powers: { id: string }[]) => Promise<void>;
}

/** The two obligations of a unit adjustment on 2026-01-05 (due 2026-02-04): one met in time. */
async function oneObligationMetInTime(unit: U, powers: { id: string }[]) {
  const obs = await t.services.obligations.recordUnitAdjustment(
    unit.id,
    '2026-01-05',
    '职能划转',
    { kind: 'all' },
    SYS,
  );
  const ob = obs.find((o) => o.powerId === powers[0].id)!;
  // the request that met it was completed on 2026-01-20, inside its 30-day window
  await t.ds.query(`UPDATE obligation SET met_on = '2026-01-20' WHERE id = $1`, [ob.id]);
}

/** Both powers entered the catalog in 2023; only the first recorded any use in 2024–2025. */
async function oneUnusedForTwoYears(_unit: U, powers: { id: string }[]) {
  await t.ds.query(`UPDATE power SET created_at = '2023-06-01' WHERE id = ANY($1)`, [
    powers.map((p) => p.id),
  ]);
  await t.ok(
    `mutation($i: PowerUsageInput!) { recordPowerUsage(input: $i) { cases } }`,
    { i: { powerId: powers[0].id, year: 2025, cases: 3 } },
    w.tokens.admin,
  );
}

const sameName: Draft = (u) =>
  penaltyDraft(u, w.law.id, ++n, { name: '对同名事项的处罚' } as Record<string, unknown>);

/** The rows shared by both schemes, keyed by detector. */
const byDetector: Record<string, Omit<Row, 'item'>> = {
  coding: { drafts: [clean, spoiled((d) => (d.code = `X${d.code}`))], failing: [1] },
  'name-unique': { drafts: [clean, sameName, sameName], failing: [1, 2] },
  subject: {
    drafts: [clean, spoiled((d) => (d.subject = { unitId: d.subject.unitId, type: 'ENTRUSTED' }))],
    failing: [1],
  },
  bases: {
    drafts: [clean, spoiled((d) => (d.legalBases[0].articles = ''))],
    failing: [1],
  },
  'external-flowchart': {
    drafts: [clean, spoiled((d) => (d.externalFlow.complaintChannel = null))],
    failing: [1],
  },
  'internal-flowchart': {
    drafts: [clean, spoiled((d) => (d.internalFlow.nodes[1].post = null))],
    failing: [1],
  },
  'discretion-benchmark': {
    drafts: [clean, spoiled((d) => (d.discretion.tiers = d.discretion.tiers.slice(0, 2)))],
    failing: [1],
  },
  'elements-complete': {
    drafts: [clean, spoiled((d) => (d.legalBases = []))],
    failing: [1],
  },
  'changes-filed': { drafts: [clean, clean], failing: [1], setup: oneObligationMetInTime },
  suspension: { drafts: [clean, clean], failing: [1], setup: oneUnusedForTwoYears },
};

const schemes: [string, [string, string][]][] = [
  [
    'PROVINCIAL_DEPARTMENT',
    [
      ['34', 'coding'],
      ['35', 'name-unique'],
      ['36', 'subject'],
      ['37', 'bases'],
      ['38', 'external-flowchart'],
      ['39', 'internal-flowchart'],
      ['40', 'discretion-benchmark'],
      ['41', 'discretion-benchmark'],
      ['42', 'elements-complete'],
      ['43', 'changes-filed'],
      ['44', 'suspension'],
    ],
  ],
  [
    'MUNICIPAL',
    [
      ['37', 'coding'],
      ['38', 'name-unique'],
      ['39', 'subject'],
      ['40', 'bases'],
      ['41', 'external-flowchart'],
      ['42', 'internal-flowchart'],
      ['44', 'discretion-benchmark'],
      ['45', 'discretion-benchmark'],
      ['46', 'elements-complete'],
      ['47', 'changes-filed'],
      ['48', 'suspension'],
    ],
  ],
];

const derivedCodes: Record<string, string[]> = {};
beforeAll(async () => {
  const r = await t.ok(
    `{ assessmentSchemes { code sections { items { code derived } } } }`,
    {},
    w.tokens.assessor,
  );
  for (const s of r.assessmentSchemes)
    derivedCodes[s.code] = s.sections
      .flatMap((x: any) => x.items)
      .filter((i: any) => i.derived)
      .map((i: any) => i.code);
});

it('the table below names every derived item of both weighted schemes', () => {
  for (const [scheme, rows] of schemes) expect(derivedCodes[scheme]).toEqual(rows.map(([c]) => c));
});

describe.each(schemes)('%s', (scheme, rows) => {
  it.each(rows)(
    'item %s (%s) scores its weight × the share of powers that comply, with each failure as evidence',
    async (code, detector) => {
      const row = byDetector[detector];
      const { unit, powers } = await unitWith(row.drafts);
      await row.setup?.(unit, powers);
      const c = (await t.ok(CARD, { scheme, unitId: unit.id }, w.tokens.assessor)).scorecard;
      const it = c.sections.flatMap((s: any) => s.items).find((i: any) => i.code === code);
      const applicable = row.drafts.length;
      const compliant = applicable - row.failing.length;
      const expected = Math.round(((it.maxPoints * compliant) / applicable) * 100) / 100;
      expect(derivedCodes[scheme]).toContain(code);
      expect(it).toMatchObject({
        applicable,
        compliant,
        cases: row.failing.length,
        score: expected,
      });
      expect(it.deducted).toBeCloseTo(it.maxPoints - expected, 2);
      expect(it.deductions.map((d: any) => d.power.id).sort()).toEqual(
        row.failing.map((i) => powers[i].id).sort(),
      );
      for (const d of it.deductions) {
        expect(d.manual).toBe(false);
        expect(d.reason).toMatch(/[\u4e00-\u9fa5]/);
        expect(d.occurredOn).toMatch(/^2026-\d\d-\d\d$/);
        // largest remainder at 0.01: each within a cent of its share
        expect(Math.abs(d.points - it.maxPoints / applicable)).toBeLessThanOrEqual(0.01 + 1e-9);
      }
      const sum = it.deductions.reduce((a: number, d: any) => a + Math.round(d.points * 100), 0);
      expect(sum).toBe(Math.round(it.deducted * 100));
      if (detector === 'changes-filed') expect(it.deductions[0].obligation.id).toBeTruthy();
    },
  );

  it('gives a unit whose powers all comply every derived point', async () => {
    const { unit, powers } = await unitWith([clean, clean]);
    await t.ok(
      `mutation($i: PowerUsageInput!) { recordPowerUsage(input: $i) { cases } }`,
      { i: { powerId: powers[0].id, year: 2025, cases: 1 } },
      w.tokens.admin,
    );
    const c = (await t.ok(CARD, { scheme, unitId: unit.id }, w.tokens.assessor)).scorecard;
    const items = c.sections.flatMap((s: any) => s.items);
    for (const it of items.filter((i: any) => derivedCodes[scheme].includes(i.code))) {
      expect({ code: it.code, score: it.score }).toEqual({ code: it.code, score: it.maxPoints });
    }
  });
});
