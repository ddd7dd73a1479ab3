import { makeUser, makeWorld, penaltyDraft, type World } from '../helpers/factories';
import { startTestApp, type TestApp } from '../helpers/test-app';

/** District items 26–29 and 9 read the legal-supervision records a unit keeps. */
let t: TestApp;
let w: World;
let seq = 0;
const SYS = { userId: null, requestId: 'test' };

const CARD = `query($unitId: ID) { scorecard(scheme: "DISTRICT_SANHEYI", unitId: $unitId, from: "2026-01-01", to: "2026-12-31") {
  sections { items { code deducted cases capped deductions { points reason occurredOn recordId power { id } } } } } }`;

beforeAll(async () => {
  t = await startTestApp();
  w = await makeWorld(t);
});
afterAll(() => t.close());

async function freshUnit() {
  const code = `8${String(++seq).padStart(8, '0')}`;
  const unit = await t.services.regions.createUnit(
    { code, name: `监督单位${seq}`, regionId: w.county.id },
    SYS,
  );
  return { id: unit.id, code };
}
const item = (c: any, code: string) =>
  c.sections.flatMap((s: any) => s.items).find((i: any) => i.code === code);
const scorecard = async (unitId: string) =>
  (await t.ok(CARD, { unitId }, w.tokens.assessor)).scorecard;
const record = (mutation: string, input: Record<string, unknown>) =>
  t.ok(
    `mutation($i: ${mutation.slice(6)}Input!) { ${mutation}(input: $i) { id } }`,
    { i: input },
    w.tokens.admin,
  );

describe('district item 26: normative documents', () => {
  it('counts each document not handled online, one point each up to the item’s point', async () => {
    const u = await freshUnit();
    const a = await record('recordNormativeDocument', {
      unitId: u.id,
      title: '关于加强市场监管的通知',
      publishedOn: '2026-03-01',
      handledOnline: false,
    });
    await record('recordNormativeDocument', {
      unitId: u.id,
      title: '网上办理的文件',
      publishedOn: '2026-04-01',
      handledOnline: true,
    });
    await record('recordNormativeDocument', {
      unitId: u.id,
      title: '上年的文件',
      publishedOn: '2025-04-01',
      handledOnline: false,
    });
    const i26 = item(await scorecard(u.id), '26');
    expect(i26).toMatchObject({ cases: 1, deducted: 1, capped: false });
    expect(i26.deductions[0]).toMatchObject({
      recordId: a.recordNormativeDocument.id,
      occurredOn: '2026-03-01',
    });
  });
});

describe('district item 27: enforcement officers', () => {
  it('counts a change not reflected in time and a certificate not made through the platform', async () => {
    const u = await freshUnit();
    await record('recordEnforcementOfficer', {
      unitId: u.id,
      name: '张三',
      certificateNo: 'ZF001',
      status: 'TRANSFERRED',
      changedOn: '2026-03-01',
      updatedOn: '2026-05-15',
      viaPlatform: true,
    });
    await record('recordEnforcementOfficer', {
      unitId: u.id,
      name: '李四',
      certificateNo: 'ZF002',
      status: 'ACTIVE',
      changedOn: '2026-03-01',
      updatedOn: '2026-03-10',
      viaPlatform: false,
    });
    await record('recordEnforcementOfficer', {
      unitId: u.id,
      name: '王五',
      certificateNo: 'ZF003',
      status: 'RETIRED',
      changedOn: '2026-06-01',
      updatedOn: '2026-06-05',
      viaPlatform: true,
    });
    const i27 = item(await scorecard(u.id), '27');
    expect(i27).toMatchObject({ cases: 2, deducted: 2, capped: false });
    expect(i27.deductions.map((d: any) => d.reason).join()).toMatch(/张三.*未及时|2026-05-15/);
  });
});

describe('district item 28: major penalties, reports, supervised cases', () => {
  it('counts late or unfiled decisions, missing reports and late supervised cases, capped at 3', async () => {
    const u = await freshUnit();
    await record('recordMajorPenaltyFiling', {
      unitId: u.id,
      caseName: '某公司无证经营案',
      decidedOn: '2026-03-01',
      filedOn: '2026-03-10',
      formCompliant: true,
    });
    await record('recordMajorPenaltyFiling', {
      unitId: u.id,
      caseName: '某企业超标排放案',
      decidedOn: '2026-03-01',
      filedOn: '2026-04-20',
      formCompliant: true,
    });
    await record('recordEnforcementReport', {
      unitId: u.id,
      year: 2025,
      period: 'ANNUAL',
      submittedOn: '2026-01-20',
    });
    await record('recordEnforcementReport', {
      unitId: u.id,
      year: 2026,
      period: 'HALF_YEAR',
      submittedOn: '2026-08-15',
    });
    await record('recordSupervisedCase', {
      unitId: u.id,
      title: '督办件一',
      issuedOn: '2026-05-01',
      dueOn: '2026-05-31',
      answeredOn: '2026-05-20',
    });
    await record('recordSupervisedCase', {
      unitId: u.id,
      title: '督办件二',
      issuedOn: '2026-05-01',
      dueOn: '2026-05-31',
    });
    const i28 = item(await scorecard(u.id), '28');
    // the late filing, the late half-year report, the unanswered supervised case
    expect(i28).toMatchObject({ cases: 3, deducted: 3, capped: false });
    expect(i28.deductions.map((d: any) => d.reason).join('|')).toMatch(/超标排放案.*逾期备案/);
  });

  it('judges the records as they stood at the period’s end: a filing or answer dated after it was not yet made', async () => {
    const u = await freshUnit();
    // decided 04-01, due for filing by 04-16, filed 05-05: at the end of April still unfiled
    await record('recordMajorPenaltyFiling', {
      unitId: u.id,
      caseName: '五月才备案案',
      decidedOn: '2026-04-01',
      filedOn: '2026-05-05',
      formCompliant: true,
    });
    // decided 04-25, due by 05-10, filed 05-05: not yet due at the end of April, not judged
    await record('recordMajorPenaltyFiling', {
      unitId: u.id,
      caseName: '按期备案案',
      decidedOn: '2026-04-25',
      filedOn: '2026-05-05',
      formCompliant: true,
    });
    await record('recordSupervisedCase', {
      unitId: u.id,
      title: '五月才办结的督办件',
      issuedOn: '2026-04-01',
      dueOn: '2026-04-20',
      answeredOn: '2026-05-03',
    });
    const april = (
      await t.ok(
        `query($unitId: ID) { scorecard(scheme: "DISTRICT_SANHEYI", unitId: $unitId, from: "2026-04-01", to: "2026-04-30") {
          provisional sections { items { code cases deductions { reason occurredOn } } } } }`,
        { unitId: u.id },
        w.tokens.assessor,
      )
    ).scorecard;
    expect(april.provisional).toBe(false);
    expect(item(april, '28').deductions.map((d: any) => d.reason)).toEqual([
      '重大行政处罚「五月才备案案」未备案（应于 2026-04-16 前备案）',
      '督办案件「五月才办结的督办件」未按期办结并反馈（应于 2026-04-20 前）',
    ]);
    // judged over the year (to today), the same records are late, with the dates they were done
    const year = item(await scorecard(u.id), '28').deductions.map((d: any) => d.reason);
    expect(year).toContain(
      '重大行政处罚「五月才备案案」逾期备案（2026-05-05 备案，应于 2026-04-16 前）',
    );
    expect(year).toContain(
      '督办案件「五月才办结的督办件」逾期办结（应于 2026-04-20 前，实际 2026-05-03）',
    );
    expect(year.join('|')).not.toContain('按期备案案');
  });

  it('caps at the item’s points when cases exceed them', async () => {
    const u = await freshUnit();
    for (let i = 0; i < 5; i++) {
      await record('recordMajorPenaltyFiling', {
        unitId: u.id,
        caseName: `未备案案件${i}`,
        decidedOn: '2026-02-01',
        formCompliant: true,
      });
    }
    const i28 = item(await scorecard(u.id), '28');
    // five unfiled decisions and the two reports never submitted
    expect(i28).toMatchObject({ cases: 7, deducted: 3, capped: true });
  });
});

describe('district item 29: reconsideration and litigation', () => {
  it('counts each case not handled online and each with no report', async () => {
    const u = await freshUnit();
    await record('recordReconsiderationCase', {
      unitId: u.id,
      kind: 'RECONSIDERATION',
      receivedOn: '2026-04-01',
      handledOnline: true,
      reportedOn: '2026-07-10',
    });
    await record('recordReconsiderationCase', {
      unitId: u.id,
      kind: 'LITIGATION',
      receivedOn: '2026-04-01',
      handledOnline: false,
      reportedOn: '2026-07-10',
    });
    const i29 = item(await scorecard(u.id), '29');
    expect(i29).toMatchObject({ cases: 1, deducted: 1 });
  });
});

describe('district item 9: usage while dormant', () => {
  it('counts a use recorded while the power was dormant', async () => {
    const u = await freshUnit();
    const r = await t.ok(
      `mutation($i: [ImportPowerInput!]!) { importPowers(input: $i) { powers { id } } }`,
      {
        i: [
          { unitId: u.id, status: 'DORMANT', draft: penaltyDraft(u, w.law.id, 1) },
          { unitId: u.id, draft: penaltyDraft(u, w.law.id, 2) },
        ],
      },
      w.tokens.admin,
    );
    const [dormant, active] = r.importPowers.powers.map((p: { id: string }) => p.id);
    await t.ok(
      `mutation($i: PowerUsageInput!) { recordPowerUsage(input: $i) { cases } }`,
      { i: { powerId: dormant, year: 2026, cases: 3 } },
      w.tokens.admin,
    );
    await t.ok(
      `mutation($i: PowerUsageInput!) { recordPowerUsage(input: $i) { cases } }`,
      { i: { powerId: active, year: 2026, cases: 3 } },
      w.tokens.admin,
    );
    const i9 = item(await scorecard(u.id), '9');
    expect(i9).toMatchObject({ cases: 1, deducted: 1 });
    expect(i9.deductions[0].power.id).toBe(dormant);
  });
});

describe('provincial item 44: suspension', () => {
  it('applies only to powers that existed through the two full years, so a new catalog has none', async () => {
    const u = await freshUnit();
    await t.ok(
      `mutation($i: [ImportPowerInput!]!) { importPowers(input: $i) { created } }`,
      { i: [{ unitId: u.id, draft: penaltyDraft(u, w.law.id, 1) }] },
      w.tokens.admin,
    );
    const c = (
      await t.ok(
        `query($unitId: ID) { scorecard(scheme: "PROVINCIAL_DEPARTMENT", unitId: $unitId, from: "2026-01-01", to: "2026-12-31") { sections { items { code score maxPoints applicable } } } }`,
        { unitId: u.id },
        w.tokens.assessor,
      )
    ).scorecard;
    const i44 = item(c, '44');
    expect(i44.applicable).toBe(0);
    expect(i44.score).toBe(i44.maxPoints);
  });

  it('finds a power unused for two full years, and not one that was used', async () => {
    const u = await freshUnit();
    const r = await t.ok(
      `mutation($i: [ImportPowerInput!]!) { importPowers(input: $i) { powers { id } } }`,
      {
        i: [
          { unitId: u.id, draft: penaltyDraft(u, w.law.id, 1) },
          { unitId: u.id, draft: penaltyDraft(u, w.law.id, 2) },
        ],
      },
      w.tokens.admin,
    );
    const [unused, used] = r.importPowers.powers.map((p: { id: string }) => p.id);
    // the powers entered the catalog before 2024
    await t.ds.query(`UPDATE power SET created_at = '2023-06-01' WHERE id = ANY($1)`, [
      [unused, used],
    ]);
    await t.ok(
      `mutation($i: PowerUsageInput!) { recordPowerUsage(input: $i) { cases } }`,
      { i: { powerId: used, year: 2025, cases: 2 } },
      w.tokens.admin,
    );
    const c = (
      await t.ok(
        `query($unitId: ID) { scorecard(scheme: "PROVINCIAL_DEPARTMENT", unitId: $unitId, from: "2026-01-01", to: "2026-12-31") { sections { items { code score maxPoints applicable compliant deductions { power { id } } } } } }`,
        { unitId: u.id },
        w.tokens.assessor,
      )
    ).scorecard;
    const i44 = item(c, '44');
    expect(i44).toMatchObject({ applicable: 2, compliant: 1 });
    expect(i44.deductions.map((d: any) => d.power.id)).toEqual([unused]);
  });

  it('in a ranking, counts a unit’s cases in SQL without listing them, and lists those of a unit with an appeal overturned on item 44, so the appeal counts', async () => {
    const PROV = `query($unitId: ID) { scorecard(scheme: "PROVINCIAL_DEPARTMENT", unitId: $unitId, from: "2026-01-01", to: "2026-12-31") {
      score sections { items { code score applicable compliant cases deductions { id points appeal { status } } } } } }`;
    // two units, each with two powers in the catalog since 2023 and never used
    const units = [];
    for (let k = 0; k < 2; k++) {
      const u = await freshUnit();
      const r = await t.ok(
        `mutation($i: [ImportPowerInput!]!) { importPowers(input: $i) { powers { id } } }`,
        {
          i: [1, 2].map((i) => ({ unitId: u.id, draft: penaltyDraft(u, w.law.id, 10 * k + i) })),
        },
        w.tokens.admin,
      );
      await t.ds.query(`UPDATE power SET created_at = '2023-06-01' WHERE id = ANY($1)`, [
        r.importPowers.powers.map((p: { id: string }) => p.id),
      ]);
      units.push(u);
    }
    const [appealed, plain] = units;
    const card = async (unitId: string) =>
      (await t.ok(PROV, { unitId }, w.tokens.assessor)).scorecard;
    const before = item(await card(appealed.id), '44');
    expect(before).toMatchObject({ applicable: 2, compliant: 0, cases: 2 });
    const legal = await makeUser(t, 'UNIT_LEGAL', { unitId: appealed.id });
    const filed = (
      await t.ok(
        `mutation($i: AppealInput!) { fileAppeal(input: $i) { id } }`,
        {
          i: {
            scheme: 'PROVINCIAL_DEPARTMENT',
            unitId: appealed.id,
            from: '2026-01-01',
            to: '2026-12-31',
            deductionId: before.deductions[0].id,
            reason: '该事项已于线下办件',
          },
        },
        legal.token,
      )
    ).fileAppeal;
    await t.ok(
      `mutation($id: ID!) { decideAppeal(id: $id, overturn: true, note: "核实无误") { id } }`,
      { id: filed.id },
      w.tokens.assessor,
    );
    const ranked = await t.services.assessment.rankingCards(
      { kind: 'all' },
      'PROVINCIAL_DEPARTMENT',
      w.county.id,
      '2026-01-01',
      '2026-12-31',
    );
    const of = (unitId: string) => ranked.find((r) => r.unitId === unitId)!;
    const in44 = (unitId: string) =>
      of(unitId)
        .card.sections.flatMap((s) => s.items)
        .find((i) => i.code === '44')!;
    // the plain unit's cases only counted; the appealed unit's listed, the overturned one at 0
    expect(in44(plain.id)).toMatchObject({ cases: 2, applicable: 2, compliant: 0, deductions: [] });
    expect(in44(appealed.id)).toMatchObject({ cases: 2, applicable: 2, compliant: 1 });
    const listed = in44(appealed.id).deductions;
    expect(listed).toHaveLength(2);
    expect(listed.find((d) => d.id === before.deductions[0].id)).toMatchObject({
      points: 0,
      appeal: { status: 'OVERTURNED' },
    });
    for (const u of units) {
      const c = await card(u.id);
      expect({ unit: u.id, score: of(u.id).score }).toEqual({ unit: u.id, score: c.score });
      expect(in44(u.id)).toMatchObject({
        score: item(c, '44').score,
        compliant: item(c, '44').compliant,
      });
    }
    expect(item(await card(appealed.id), '44')).toMatchObject({ compliant: 1 });
  });
});
