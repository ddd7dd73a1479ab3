import { applyChange } from '../../src/modules/catalog/versioning';
import { makeWorld, penaltyDraft, type World } from '../helpers/factories';
import { startTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let w: World;
let seq = 0;
const SYS = { userId: null, requestId: 'test' };
const FROM = '2026-01-01';
const TO = '2026-12-31';

const CARD = `query($scheme: String!, $unitId: ID, $regionId: ID, $from: Date!, $to: Date!) {
  scorecard(scheme: $scheme, unitId: $unitId, regionId: $regionId, from: $from, to: $to) {
    maxPoints score deducted complete unit { id } region { id } scheme { code }
    sections { code score items { code maxPoints deducted score capped cases assessed applicable compliant
      deductions { itemCode points reason occurredOn manual recordId unit { id } power { id code } version { versionNo } changeRequest { id } obligation { id } } } }
  }
}`;

beforeAll(async () => {
  t = await startTestApp();
  w = await makeWorld(t);
});
afterAll(() => t.close());

/** A fresh unit in the county with the given drafts imported; returns its id and powers by code suffix. */
async function unitWith(
  drafts: ((u: { id: string; code: string }) => Record<string, unknown>)[],
  regionId = w.county.id,
) {
  const code = `9${String(++seq).padStart(8, '0')}`;
  const unit = await t.services.regions.createUnit({ code, name: `考核单位${seq}`, regionId }, SYS);
  const u = { id: unit.id, code };
  const powers: { id: string; code: string }[] = [];
  if (drafts.length) {
    const r = await t.ok(
      `mutation($i: [ImportPowerInput!]!) { importPowers(input: $i) { powers { id code } } }`,
      { i: drafts.map((d) => ({ unitId: u.id, draft: d(u) })) },
      w.tokens.admin,
    );
    powers.push(...r.importPowers.powers);
  }
  return { unit: u, powers };
}

let n = 0;
const clean = (u: { id: string; code: string }) => penaltyDraft(u, w.law.id, ++n);
const spoiled = (spoil: (d: any) => void) => (u: { id: string; code: string }) => {
  const d = penaltyDraft(u, w.law.id, ++n);
  spoil(d);
  return d;
};

/** The enforcement reports due in 2026 (the 2025 annual, the 2026 half-year), filed on time. */
async function reportsFiled(unitId: string) {
  await t.ds.query(
    `INSERT INTO enforcement_report (unit_id, year, period, submitted_on) VALUES ($1, 2025, 'ANNUAL', '2026-01-20'), ($1, 2026, 'HALF_YEAR', '2026-07-20')`,
    [unitId],
  );
}

async function card(
  scheme: string,
  vars: { unitId?: string; regionId?: string },
  token = w.tokens.assessor,
) {
  return (await t.ok(CARD, { scheme, from: FROM, to: TO, ...vars }, token)).scorecard;
}
const item = (c: any, code: string) =>
  c.sections.flatMap((s: any) => s.items).find((i: any) => i.code === code);

describe('district scheme (a deduction per case, 扣完为止)', () => {
  it('gives a clean unit every derived point', async () => {
    const { unit } = await unitWith([clean, clean]);
    await reportsFiled(unit.id);
    const c = await card('DISTRICT_SANHEYI', { unitId: unit.id });
    // the derived items' points (5–11 and 26–29): the manual items are not assessed yet
    expect(c).toMatchObject({ maxPoints: 18, score: 18, deducted: 0, complete: false });
    for (const code of ['5', '6', '7', '8', '9', '10', '11', '26', '27', '28', '29']) {
      expect(item(c, code)).toMatchObject({ deducted: 0, cases: 0, capped: false });
    }
  });

  it('item 6: counts each live power with a bad external chart once, and caps at the item’s point, listing the case past the cap with 0 points', async () => {
    const { unit, powers } = await unitWith([
      spoiled((d) => (d.externalFlow = null)),
      spoiled((d) => {
        d.externalFlow.supervision = null;
        d.externalFlow.complaintChannel = '';
      }),
      clean,
    ]);
    const i6 = item(await card('DISTRICT_SANHEYI', { unitId: unit.id }), '6');
    expect(i6).toMatchObject({ maxPoints: 1, cases: 2, deducted: 1, score: 0, capped: true });
    expect(i6.deductions.map((d: any) => d.power.id).sort()).toEqual(
      [powers[0].id, powers[1].id].sort(),
    );
    expect(i6.deductions[1].reason).toMatch(/监督.*；.*投诉|投诉.*；.*监督/);
    expect(i6.deductions.map((d: any) => d.points)).toEqual([1, 0]);
    expect(i6.deductions.every((d: any) => d.version.versionNo === 1 && !d.manual)).toBe(true);
  });

  it('item 7: an internal step with no post is one case, not capped', async () => {
    const { unit } = await unitWith([spoiled((d) => (d.internalFlow.nodes[1].post = null)), clean]);
    expect(item(await card('DISTRICT_SANHEYI', { unitId: unit.id }), '7')).toMatchObject({
      maxPoints: 2,
      cases: 1,
      deducted: 1,
      score: 1,
      capped: false,
    });
  });

  it('item 8: only penalties need a benchmark', async () => {
    const { unit } = await unitWith([
      spoiled((d) => (d.discretion = null)),
      spoiled((d) => {
        d.category = 'INSPECTION';
        d.code = d.code.replace('-CF-', '-JC-');
        d.discretion = null;
      }),
    ]);
    expect(item(await card('DISTRICT_SANHEYI', { unitId: unit.id }), '8')).toMatchObject({
      cases: 1,
      deducted: 1,
    });
  });

  it('item 8: a benchmark not adjusted and re-filed after its law was amended is a case', async () => {
    const doc = await t.services.legalDocuments.create(
      {
        title: `待修改的条例${seq}`,
        issuer: '省人大常委会',
        level: 'LOCAL_REGULATION',
        promulgatedOn: '2020-01-01',
      },
      SYS,
    );
    const { unit } = await unitWith([
      (u) => ({
        ...penaltyDraft(u, doc.id, ++n),
        legalBases: [{ documentId: doc.id, articles: '第十条' }],
      }),
    ]);
    await t.services.obligations.recordAmendment(
      { documentId: doc.id, amendedOn: '2026-03-01', note: '罚款幅度调整' },
      { kind: 'all' },
      SYS,
    );
    const i8 = item(await card('DISTRICT_SANHEYI', { unitId: unit.id }), '8');
    expect(i8).toMatchObject({ cases: 1, deducted: 1 });
    expect(i8.deductions[0].reason).toContain('2026-03-01');
  });

  it('item 10: a licensing power with no statutory time limit is missing an element', async () => {
    const { unit } = await unitWith([
      spoiled((d) => {
        d.category = 'LICENSING';
        d.code = d.code.replace('-CF-', '-XK-');
        d.discretion = null;
        d.legalTimeLimitDays = null;
        d.promisedTimeLimitDays = null;
      }),
    ]);
    expect(item(await card('DISTRICT_SANHEYI', { unitId: unit.id }), '10')).toMatchObject({
      cases: 1,
      deducted: 1,
    });
  });

  it('item 11: a key power with no risk point; a non-key power without one is fine', async () => {
    const noRisk = (key: boolean) =>
      spoiled((d) => {
        d.isKey = key;
        d.internalFlow.nodes[1].riskPoints = [];
      });
    const { unit } = await unitWith([noRisk(true), noRisk(false)]);
    expect(item(await card('DISTRICT_SANHEYI', { unitId: unit.id }), '11')).toMatchObject({
      cases: 1,
      deducted: 1,
      capped: false,
    });
  });

  it('item 5: obligations still open past their due date count each, with the obligation as evidence', async () => {
    const { unit } = await unitWith([clean, clean, clean]);
    const obs = await t.services.obligations.recordUnitAdjustment(
      unit.id,
      '2026-01-05',
      '职能划转',
      { kind: 'all' },
      SYS,
    );
    const i5 = item(await card('DISTRICT_SANHEYI', { unitId: unit.id }), '5');
    expect(i5).toMatchObject({ maxPoints: 1, cases: 3, deducted: 1, capped: true });
    expect(i5.deductions.map((d: any) => d.obligation.id).sort()).toEqual(
      obs.map((o) => o.id).sort(),
    );
    expect(i5.deductions[0].occurredOn).toBe('2026-02-04');
  });

  it('item 5: an obligation due after the period does not count yet', async () => {
    const { unit } = await unitWith([clean]);
    await t.services.obligations.recordUnitAdjustment(
      unit.id,
      '2026-06-20',
      '年中调整',
      { kind: 'all' },
      SYS,
    );
    const half = await t.ok(
      CARD,
      { scheme: 'DISTRICT_SANHEYI', unitId: unit.id, from: FROM, to: '2026-06-30' },
      w.tokens.assessor,
    );
    expect(item(half.scorecard, '5')).toMatchObject({ cases: 0, deducted: 0 });
  });

  it('item 9: a status changed without an approved request is a case; imports are not', async () => {
    const { unit, powers } = await unitWith([clean, clean]);
    await t.ds.transaction((m) =>
      applyChange(m, {
        powerId: powers[0].id,
        unitId: unit.id,
        status: 'DORMANT',
        changeRequestId: null,
        actorId: null,
      }),
    );
    const i9 = item(await card('DISTRICT_SANHEYI', { unitId: unit.id }), '9');
    expect(i9).toMatchObject({ cases: 1, deducted: 1 });
    expect(i9.deductions[0].power.id).toBe(powers[0].id);
  });

  it('reads the catalog as of the period’s end: a power that did not exist yet is not judged', async () => {
    const { unit } = await unitWith([spoiled((d) => (d.externalFlow = null))]);
    // a period that ended before the power existed: nothing to judge
    const before = await t.ok(
      CARD,
      { scheme: 'DISTRICT_SANHEYI', unitId: unit.id, from: '2025-01-01', to: '2025-12-31' },
      w.tokens.assessor,
    );
    expect(item(before.scorecard, '6')).toMatchObject({ cases: 0 });
  });

  it('takes a 减分 finding off the total, outside the 100, and shows it as minus on its row', async () => {
    const { unit } = await unitWith([clean]);
    await reportsFiled(unit.id);
    await t.ok(
      `mutation($i: FindingInput!) { recordFinding(input: $i) { points } }`,
      {
        i: {
          scheme: 'DISTRICT_SANHEYI',
          itemCode: 'PENALTY',
          unitId: unit.id,
          points: 3,
          reason: '书面要求整改后仍整改不到位',
          occurredOn: '2026-06-01',
        },
      },
      w.tokens.assessor,
    );
    const c = await card('DISTRICT_SANHEYI', { unitId: unit.id });
    expect(item(c, 'PENALTY')).toMatchObject({ score: -3, deducted: 3, cases: 1 });
    expect(c.sections.find((s: any) => s.items.some((i: any) => i.code === 'PENALTY')).score).toBe(
      -3,
    );
    expect(item(c, 'BONUS')).toMatchObject({ score: 0, deducted: 0 });
    // outside the maximum (the derived items' 18 points: nothing else is assessed yet)
    expect(c).toMatchObject({ maxPoints: 18, score: 15, deducted: 3 });
  });

  it('scores manual items from findings, capped at the item’s points', async () => {
    const { unit } = await unitWith([clean]);
    await reportsFiled(unit.id);
    const f = `mutation($i: FindingInput!) { recordFinding(input: $i) { itemCode points reason manual recordId unit { id } } }`;
    const r = await t.ok(
      f,
      {
        i: {
          scheme: 'DISTRICT_SANHEYI',
          itemCode: '1',
          unitId: unit.id,
          points: 1,
          reason: '未明确分管领导',
          occurredOn: '2026-05-01',
        },
      },
      w.tokens.assessor,
    );
    expect(r.recordFinding).toMatchObject({
      itemCode: '1',
      points: 1,
      manual: true,
      unit: { id: unit.id },
    });
    const c = await card('DISTRICT_SANHEYI', { unitId: unit.id });
    expect(item(c, '1')).toMatchObject({ deducted: 1, cases: 1, assessed: true });
    // item 1 (3 points) now counts in the maximum beside the 18 derived points
    expect(c).toMatchObject({ maxPoints: 21, score: 20 });
    const tooMuch = await t.fails(
      f,
      {
        i: {
          scheme: 'DISTRICT_SANHEYI',
          itemCode: '1',
          unitId: unit.id,
          points: 50,
          reason: 'x',
          occurredOn: '2026-05-01',
        },
      },
      w.tokens.assessor,
    );
    expect(tooMuch.extensions.code).toBe('BAD_USER_INPUT');
    const unit2 = await t.fails(
      f,
      {
        i: {
          scheme: 'DISTRICT_SANHEYI',
          itemCode: '1',
          unitId: unit.id,
          points: 1,
          reason: 'x',
          occurredOn: '2026-05-01',
        },
      },
      w.tokens.unitLegal,
    );
    expect(unit2.extensions.code).toBe('FORBIDDEN');
  });
});

describe('provincial and municipal schemes (weight × share that complies)', () => {
  it('provincial 34: one code of four breaking the rule scores 3/4 of the weight', async () => {
    const { unit } = await unitWith([clean, clean, clean, spoiled((d) => (d.code = `X${d.code}`))]);
    const c = await card('PROVINCIAL_DEPARTMENT', { unitId: unit.id });
    const i34 = item(c, '34');
    expect(i34.applicable).toBe(4);
    expect(i34.compliant).toBe(3);
    expect(i34.score).toBeCloseTo(i34.maxPoints * 0.75, 2);
    expect(i34.deductions).toHaveLength(1);
    expect(i34.deductions[0].points).toBeCloseTo(i34.maxPoints / 4, 2);
  });

  it('municipal 38: both powers sharing a name fail; a unit with nothing applicable keeps the weight', async () => {
    const same = (u: { id: string; code: string }) =>
      penaltyDraft(u, w.law.id, ++n, { name: '重复名称的事项' });
    const { unit } = await unitWith([same, same, clean, clean]);
    const i38 = item(await card('MUNICIPAL', { unitId: unit.id }), '38');
    expect(i38).toMatchObject({ applicable: 4, compliant: 2 });
    expect(i38.score).toBeCloseTo(i38.maxPoints / 2, 2);
    const empty = await unitWith([]);
    const e = item(await card('MUNICIPAL', { unitId: empty.unit.id }), '38');
    expect(e.score).toBe(e.maxPoints);
  });

  it('has 51 municipal items summing to 100', async () => {
    const r = await t.ok(
      `{ assessmentSchemes { code maxPoints sections { items { code derived } } } }`,
      {},
      w.tokens.unitOperator,
    );
    const m = r.assessmentSchemes.find((s: any) => s.code === 'MUNICIPAL');
    expect(m.maxPoints).toBe(100);
    expect(m.sections.flatMap((s: any) => s.items)).toHaveLength(51);
  });
});

describe('regions and rankings', () => {
  it('scores a region as one whole and ranks its units, ties sharing a rank', async () => {
    const region = await t.services.regions.createRegion(
      { code: String(700000 + seq), name: '排名区', level: 'COUNTY', parentId: w.city.id },
      SYS,
    );
    const a = await unitWith([clean], region.id);
    const b = await unitWith([clean], region.id);
    const c = await unitWith(
      [spoiled((d) => (d.externalFlow = null)), spoiled((d) => (d.discretion = null))],
      region.id,
    );
    const whole = await card('DISTRICT_SANHEYI', { regionId: region.id });
    expect(whole.region.id).toBe(region.id);
    expect(item(whole, '6')).toMatchObject({ cases: 1 });
    expect(item(whole, '8')).toMatchObject({ cases: 1 });
    const before = t.counter.count;
    const r = await t.ok(
      `query($id: ID!) { ranking(scheme: "DISTRICT_SANHEYI", regionId: $id, from: "${FROM}", to: "${TO}") { rank score deducted unit { id } } }`,
      { id: region.id },
      w.tokens.assessor,
    );
    const statements = t.counter.count - before;
    expect(r.ranking.map((x: any) => x.rank)).toEqual([1, 1, 3]);
    expect(r.ranking[2].unit.id).toBe(c.unit.id);
    expect([a.unit.id, b.unit.id]).toContain(r.ranking[0].unit.id);
    expect(r.ranking[2].score).toBeLessThan(r.ranking[0].score);
    // two more units cost no more statements
    await unitWith([clean], region.id);
    await unitWith([spoiled((d) => (d.externalFlow = null))], region.id);
    const before2 = t.counter.count;
    const r2 = await t.ok(
      `query($id: ID!) { ranking(scheme: "DISTRICT_SANHEYI", regionId: $id, from: "${FROM}", to: "${TO}") { rank unit { id } } }`,
      { id: region.id },
      w.tokens.assessor,
    );
    expect(r2.ranking).toHaveLength(5);
    expect(t.counter.count - before2).toBe(statements);
  });

  it('refuses both or neither of unitId and regionId, and scopes what you may score', async () => {
    const both = await t.fails(
      CARD,
      { scheme: 'DISTRICT_SANHEYI', unitId: w.unit.id, regionId: w.county.id, from: FROM, to: TO },
      w.tokens.assessor,
    );
    expect(both.extensions.code).toBe('BAD_USER_INPUT');
    const neither = await t.fails(
      CARD,
      { scheme: 'DISTRICT_SANHEYI', from: FROM, to: TO },
      w.tokens.assessor,
    );
    expect(neither.extensions.code).toBe('BAD_USER_INPUT');
    const other = await t.fails(
      CARD,
      { scheme: 'DISTRICT_SANHEYI', unitId: w.otherUnit.id, from: FROM, to: TO },
      w.tokens.countyReviewer,
    );
    expect(other.extensions.code).toBe('FORBIDDEN');
    const unknown = await t.fails(
      CARD,
      { scheme: 'NOPE', unitId: w.unit.id, from: FROM, to: TO },
      w.tokens.assessor,
    );
    expect(unknown.extensions.code).toBe('BAD_USER_INPUT');
    const own = await card('DISTRICT_SANHEYI', { unitId: w.unit.id }, w.tokens.unitOperator);
    expect(own.unit.id).toBe(w.unit.id);
  });
});
