import { addDays } from '../../src/modules/calendar/iso-date';
import { chinaDate } from '../../src/modules/change/change-rules';
import { makeUser, makeWorld, penaltyDraft, type World } from '../helpers/factories';
import { startTestApp, type TestApp } from '../helpers/test-app';

// Every date is taken from the day the file runs on, so the tests hold whatever day that is (the
// records they write are stamped by the database's clock, so the service's clock runs with it).
const TODAY = chinaDate(new Date());
const SYS = { userId: null, requestId: 'test' };

let t: TestApp;
let w: World;
let seq = 0;
let n = 0;

const CARD = `query($scheme: String!, $unitId: ID, $regionId: ID, $from: Date!, $to: Date!) {
  scorecard(scheme: $scheme, unitId: $unitId, regionId: $regionId, from: $from, to: $to) {
    maxPoints score deducted asOf provisional complete
    sections { code score items { code maxPoints deducted score capped cases derived assessed applicable compliant
      deductions { id itemCode points reason occurredOn manual recordId power { id code } obligation { id dueOn } changeRequest { id }
        finding { id points withdrawnAt } appeal { id status decisionNote } } } }
  }
}`;
const FINDING = `mutation($i: FindingInput!) { recordFinding(input: $i) { id itemCode points manual finding { id reason recordedBy { id } recordedAt } } }`;
const FINDINGS = `query($scheme: String!, $unitId: ID, $regionId: ID, $from: Date!, $to: Date!) {
  findings(scheme: $scheme, unitId: $unitId, regionId: $regionId, from: $from, to: $to) {
    id itemCode points reason occurredOn withdrawnAt withdrawReason unit { id } recordedBy { id } recordedAt } }`;
const WITHDRAW = `mutation($id: ID!, $reason: String!) { withdrawFinding(id: $id, reason: $reason) { id withdrawnAt withdrawReason } }`;
const FILE = `mutation($i: AppealInput!) { fileAppeal(input: $i) { id status deductionId itemCode scheme reason unit { id } filedBy { id } filedAt } }`;
const DECIDE = `mutation($id: ID!, $overturn: Boolean!, $note: String!) { decideAppeal(id: $id, overturn: $overturn, note: $note) { id status decisionNote decidedBy { id } decidedAt } }`;
const APPEALS = `query($f: AppealFilter) { appeals(filter: $f) { id status deductionId unit { id } } }`;

beforeAll(async () => {
  t = await startTestApp({ clock: { now: () => new Date() } });
  w = await makeWorld(t);
});
afterAll(() => t.close());

/** A fresh unit of the county with these powers (clean penalties unless spoiled), and its legal office. */
async function unitWith(count: number, spoil?: (d: any, i: number) => void) {
  const code = `8${String(++seq).padStart(8, '0')}`;
  const unit = await t.services.regions.createUnit(
    { code, name: `评审单位${seq}`, regionId: w.county.id },
    SYS,
  );
  const u = { id: unit.id, code };
  const drafts = Array.from({ length: count }, (_, i) => {
    const d = penaltyDraft(u, w.law.id, ++n) as any;
    spoil?.(d, i);
    return { unitId: u.id, draft: d };
  });
  const powers = drafts.length
    ? (
        await t.ok(
          `mutation($i: [ImportPowerInput!]!) { importPowers(input: $i) { powers { id code } } }`,
          { i: drafts },
          w.tokens.admin,
        )
      ).importPowers.powers
    : [];
  const legal = await makeUser(t, 'UNIT_LEGAL', { unitId: u.id });
  return { unit: u, powers: powers as { id: string; code: string }[], legal };
}

const card = async (vars: Record<string, unknown>, token = w.tokens.assessor) =>
  (await t.ok(CARD, { scheme: 'DISTRICT_SANHEYI', ...vars }, token)).scorecard;
const item = (c: any, code: string) =>
  c.sections.flatMap((s: any) => s.items).find((i: any) => i.code === code);

/** Three obligations of the unit's three powers, due yesterday, today and tomorrow. */
async function obligationsAround(unitId: string) {
  const obs = await t.services.obligations.recordUnitAdjustment(
    unitId,
    addDays(TODAY, -40),
    '职能调整',
    { kind: 'all' },
    SYS,
  );
  const due = [addDays(TODAY, -1), TODAY, addDays(TODAY, 1)];
  for (const [i, o] of obs.entries())
    await t.ds.query(`UPDATE obligation SET due_on = $2 WHERE id = $1`, [o.id, due[i]]);
  return obs.map((o, i) => ({ id: o.id, dueOn: due[i] }));
}

/**
 * A MODIFY request of the power answering no obligation, entered 40 days ago, due on `dueOn`
 * under a window of that measure, and filed (`filedAt`) unless left a draft.
 */
async function requestDue(
  powerId: string,
  token: string,
  dueOn: string,
  measure: 'FILED' | 'COMPLETED',
  filedAt?: string,
) {
  const id = (
    await t.ok(
      `mutation($i: CreateChangeRequestInput!) { createChangeRequest(input: $i) { id } }`,
      { i: { kind: 'MODIFY', powerId, reason: '名称调整', draft: { name: `调整后的名称${++n}` } } },
      token,
    )
  ).createChangeRequest.id as string;
  if (filedAt)
    await t.ok(`mutation($id: ID!) { submitChangeRequest(id: $id) { id } }`, { id }, token);
  await t.ds.query(
    `UPDATE change_request SET due_on = $2, policy_measure = $3, policy_days = 20,
            policy_count = 'WORKING_DAYS', created_at = now() - interval '40 days',
            submitted_at = CASE WHEN submitted_at IS NULL THEN NULL ELSE $4::timestamptz END
      WHERE id = $1`,
    [id, dueOn, measure, filedAt ?? null],
  );
  return id;
}

/** noon of a China Standard Time date */
const noon = (d: string) => `${d}T12:00:00+08:00`;

describe('the instant a scorecard judges', () => {
  it('judges a running period as of now, provisional: an obligation due yesterday counts, one due today or tomorrow does not', async () => {
    const { unit } = await unitWith(3);
    const obs = await obligationsAround(unit.id);
    const before = Date.now();
    const c = await card({ unitId: unit.id, from: addDays(TODAY, -60), to: addDays(TODAY, 30) });
    expect(c.provisional).toBe(true);
    expect(new Date(c.asOf).getTime()).toBeGreaterThanOrEqual(before);
    expect(new Date(c.asOf).getTime()).toBeLessThanOrEqual(Date.now());
    const i5 = item(c, '5');
    expect(i5.cases).toBe(1);
    expect(i5.deductions[0].obligation.id).toBe(obs[0].id);
    expect(i5.deductions[0].reason).toContain(`至 ${TODAY} 仍未完成`);
  });

  it('judges a period that ended yesterday as of its end, not provisional', async () => {
    const { unit } = await unitWith(3);
    const obs = await obligationsAround(unit.id);
    const c = await card({ unitId: unit.id, from: addDays(TODAY, -60), to: addDays(TODAY, -1) });
    expect(c.provisional).toBe(false);
    expect(new Date(c.asOf).toISOString()).toBe(new Date(`${TODAY}T00:00:00+08:00`).toISOString());
    const i5 = item(c, '5');
    expect(i5.deductions.map((d: any) => d.obligation.id)).toEqual([obs[0].id]);
    expect(i5.deductions[0].reason).toContain(`至 ${addDays(TODAY, -1)} 仍未完成`);
  });

  it('item 5: a filed request still waiting past its due date counts while the period runs; one due today or tomorrow does not', async () => {
    const { powers, legal } = await unitWith(3);
    const filed = noon(addDays(TODAY, -20));
    const [yesterday] = [
      await requestDue(powers[0].id, legal.token, addDays(TODAY, -1), 'COMPLETED', filed),
      await requestDue(powers[1].id, legal.token, TODAY, 'COMPLETED', filed),
      await requestDue(powers[2].id, legal.token, addDays(TODAY, 1), 'COMPLETED', filed),
    ];
    const unitId = (
      await t.ds.query(`SELECT unit_id FROM change_request WHERE id = $1`, [yesterday])
    )[0].unit_id;
    const c = await card({ unitId, from: addDays(TODAY, -60), to: addDays(TODAY, 30) });
    const i5 = item(c, '5');
    expect(i5.cases).toBe(1);
    expect(i5.deductions[0].changeRequest.id).toBe(yesterday);
    expect(i5.deductions[0].reason).toBe(
      `变更申请逾期：应于 ${addDays(TODAY, -1)} 前办结，至 ${TODAY} 仍未办结`,
    );
  });

  it('item 5: a period that ended yesterday judges each request by what was known at its end', async () => {
    const { unit, powers, legal } = await unitWith(4);
    const y = addDays(TODAY, -1);
    // due 3 days ago, filed, approved only today: still waiting at the period's end
    const approvedToday = await requestDue(
      powers[0].id,
      legal.token,
      addDays(TODAY, -3),
      'COMPLETED',
      noon(addDays(TODAY, -10)),
    );
    // due yesterday and approved yesterday: in time
    const inTime = await requestDue(
      powers[1].id,
      legal.token,
      y,
      'COMPLETED',
      noon(addDays(TODAY, -10)),
    );
    // a filing window that closed 5 days ago, filed 2 days ago: filed late
    const filedLate = await requestDue(
      powers[2].id,
      legal.token,
      addDays(TODAY, -5),
      'FILED',
      noon(addDays(TODAY, -2)),
    );
    // a filing window that closed 2 days ago, still a draft
    const draft = await requestDue(powers[3].id, legal.token, addDays(TODAY, -2), 'FILED');
    for (const id of [approvedToday, inTime])
      await t.ok(
        `mutation($id: ID!) { approveChangeRequest(id: $id) { id } }`,
        { id },
        w.tokens.countyReviewer,
      );
    await t.ds.query(`UPDATE change_request SET decided_at = $2 WHERE id = $1`, [inTime, noon(y)]);

    const c = await card({ unitId: unit.id, from: addDays(TODAY, -30), to: y });
    expect(c.provisional).toBe(false);
    const byRequest = Object.fromEntries(
      item(c, '5').deductions.map((d: any) => [d.changeRequest.id, d.reason]),
    );
    expect(byRequest).toEqual({
      [approvedToday]: `变更申请逾期：应于 ${addDays(TODAY, -3)} 前办结，至 ${y} 仍未办结`,
      [filedLate]: `变更申请超过时限：应于 ${addDays(TODAY, -5)} 前提交，实际于 ${addDays(TODAY, -2)} 提交`,
      [draft]: `变更申请逾期：应于 ${addDays(TODAY, -2)} 前提交，至 ${y} 仍未提交`,
    });
    // judged today, the request approved today is late once, with the day it was done
    const now = item(await card({ unitId: unit.id, from: addDays(TODAY, -30), to: TODAY }), '5');
    expect(now.deductions.find((d: any) => d.changeRequest.id === approvedToday).reason).toBe(
      `变更申请超过时限：应于 ${addDays(TODAY, -3)} 前办结，实际于 ${TODAY} 办结`,
    );
  });

  it('refuses a period that starts after today, and accepts one that starts today', async () => {
    const { unit } = await unitWith(0);
    const e = await t.fails(
      CARD,
      {
        scheme: 'DISTRICT_SANHEYI',
        unitId: unit.id,
        from: addDays(TODAY, 1),
        to: addDays(TODAY, 30),
      },
      w.tokens.assessor,
    );
    expect(e.extensions.code).toBe('BAD_USER_INPUT');
    expect(e.extensions.fields).toEqual([{ path: 'from', message: '不能晚于今天' }]);
    const c = await card({ unitId: unit.id, from: TODAY, to: addDays(TODAY, 30) });
    expect(c.provisional).toBe(true);
  });
});

describe('manual items and findings', () => {
  const period = () => ({ from: addDays(TODAY, -100), to: addDays(TODAY, -1) });

  it('marks manual items unassessed and the card incomplete until an assessor has a finding, a 0-point one included', async () => {
    const { unit } = await unitWith(1);
    const before = await card({ unitId: unit.id, ...period() });
    expect(before.complete).toBe(false);
    expect(item(before, '1')).toMatchObject({ derived: false, assessed: false, deducted: 0 });
    expect(item(before, '6')).toMatchObject({ derived: true, assessed: true });
    const r = await t.ok(
      FINDING,
      {
        i: {
          scheme: 'DISTRICT_SANHEYI',
          itemCode: '1',
          unitId: unit.id,
          points: 0,
          reason: '已核查，责任人明确',
          occurredOn: addDays(TODAY, -10),
        },
      },
      w.tokens.assessor,
    );
    expect(r.recordFinding).toMatchObject({ points: 0, manual: true });
    expect(r.recordFinding.finding).toMatchObject({
      id: r.recordFinding.id,
      reason: '已核查，责任人明确',
      recordedBy: { id: w.userIds.assessor },
    });
    const after = await card({ unitId: unit.id, ...period() });
    expect(item(after, '1')).toMatchObject({ assessed: true, deducted: 0, cases: 1 });
    expect(after.complete).toBe(false);

    // every other manual item checked: the card is complete
    const manual = after.sections
      .flatMap((s: any) => s.items)
      .filter((i: any) => !i.derived && i.code !== '1');
    for (const i of manual)
      await t.ok(
        FINDING,
        {
          i: {
            scheme: 'DISTRICT_SANHEYI',
            itemCode: i.code,
            unitId: unit.id,
            points: 0,
            reason: '已核查',
            occurredOn: addDays(TODAY, -10),
          },
        },
        w.tokens.assessor,
      );
    expect((await card({ unitId: unit.id, ...period() })).complete).toBe(true);
  });

  it('refuses a finding on a derived item, and one dated after today, writing nothing', async () => {
    const { unit } = await unitWith(1);
    const derived = await t.fails(
      FINDING,
      {
        i: {
          scheme: 'DISTRICT_SANHEYI',
          itemCode: '6',
          unitId: unit.id,
          points: 1,
          reason: '流程图缺失',
          occurredOn: TODAY,
        },
      },
      w.tokens.assessor,
    );
    expect(derived.extensions.code).toBe('BAD_USER_INPUT');
    expect(derived.extensions.fields).toEqual([
      { path: 'input.itemCode', message: '该项由系统计分' },
    ]);
    const future = await t.fails(
      FINDING,
      {
        i: {
          scheme: 'DISTRICT_SANHEYI',
          itemCode: '1',
          unitId: unit.id,
          points: 1,
          reason: 'x',
          occurredOn: addDays(TODAY, 1),
        },
      },
      w.tokens.assessor,
    );
    expect(future.extensions.code).toBe('BAD_USER_INPUT');
    const [{ count }] = await t.ds.query(
      `SELECT count(*)::int AS count FROM finding WHERE unit_id = $1`,
      [unit.id],
    );
    expect(count).toBe(0);
  });

  it('lists findings, withdrawn ones marked; a withdrawn finding is kept, audited, and no longer scored', async () => {
    const { unit, legal } = await unitWith(1);
    const r = await t.ok(
      FINDING,
      {
        i: {
          scheme: 'DISTRICT_SANHEYI',
          itemCode: '2',
          unitId: unit.id,
          points: 1,
          reason: '未按要求报送工作总结',
          occurredOn: addDays(TODAY, -5),
        },
      },
      w.tokens.assessor,
    );
    const id = r.recordFinding.id;
    expect(item(await card({ unitId: unit.id, ...period() }), '2')).toMatchObject({ deducted: 1 });

    const blank = await t.fails(WITHDRAW, { id, reason: '  ' }, w.tokens.assessor);
    expect(blank.extensions.code).toBe('BAD_USER_INPUT');
    const byUnit = await t.fails(WITHDRAW, { id, reason: '不同意' }, legal.token);
    expect(byUnit.extensions.code).toBe('FORBIDDEN');
    const out = await t.fails(
      WITHDRAW,
      { id, reason: '误录' },
      (await makeUser(t, 'ASSESSOR', { regionId: w.otherCounty.id })).token,
    );
    expect(out.extensions.code).toBe('FORBIDDEN');

    const done = await t.ok(WITHDRAW, { id, reason: '误录，该单位已按时报送' }, w.tokens.assessor);
    expect(done.withdrawFinding).toMatchObject({ id, withdrawReason: '误录，该单位已按时报送' });
    expect(done.withdrawFinding.withdrawnAt).toBeTruthy();
    const again = await t.fails(WITHDRAW, { id, reason: '再撤' }, w.tokens.assessor);
    expect(again.extensions.code).toBe('CONFLICT');

    const after = await card({ unitId: unit.id, ...period() });
    expect(item(after, '2')).toMatchObject({ deducted: 0, cases: 0, assessed: false });

    // the unit sees its findings too, the withdrawn one marked
    const list = await t.ok(
      FINDINGS,
      { scheme: 'DISTRICT_SANHEYI', unitId: unit.id, ...period() },
      legal.token,
    );
    expect(list.findings).toEqual([
      expect.objectContaining({
        id,
        itemCode: '2',
        points: 1,
        withdrawReason: '误录，该单位已按时报送',
        unit: { id: unit.id },
        recordedBy: { id: w.userIds.assessor },
      }),
    ]);
    const audit: { operation: string }[] = await t.ds.query(
      `SELECT operation FROM audit_entry WHERE $1 = ANY(entity_ids) ORDER BY at`,
      [id],
    );
    expect(audit.map((a) => a.operation)).toEqual(['recordFinding', 'withdrawFinding']);
    const other = await t.fails(
      FINDINGS,
      { scheme: 'DISTRICT_SANHEYI', unitId: unit.id, ...period() },
      w.tokens.otherUnitLegal,
    );
    expect(other.extensions.code).toBe('FORBIDDEN');
  });
});

describe('deduction ids and appeals', () => {
  // running periods: the powers these tests import exist only from today
  const period = () => ({ from: addDays(TODAY, -100), to: addDays(TODAY, 10) });

  it('keeps a deduction’s id while its evidence is the same', async () => {
    const { unit } = await unitWith(2, (d) => (d.externalFlow = null));
    const a = item(await card({ unitId: unit.id, ...period() }), '6');
    const b = item(
      await card({ unitId: unit.id, from: addDays(TODAY, -50), to: addDays(TODAY, 20) }),
      '6',
    );
    expect(a.deductions).toHaveLength(2);
    expect(b.deductions.map((d: any) => d.id)).toEqual(a.deductions.map((d: any) => d.id));
    expect(new Set(a.deductions.map((d: any) => d.id)).size).toBe(2);
  });

  it('lets the unit’s legal office appeal a deduction of its own unit, and an assessor overturn it: it then counts 0 and shows its appeal', async () => {
    // item 7 (internal flowchart, 1 point a case, 2 points): three powers with no internal chart
    const { unit, legal } = await unitWith(3, (d) => (d.internalFlow = null));
    const before = item(await card({ unitId: unit.id, ...period() }), '7');
    expect(before).toMatchObject({ cases: 3, deducted: 2, capped: true });
    expect(before.deductions.map((d: any) => d.points)).toEqual([1, 1, 0]);
    const target = before.deductions[0];
    const input = {
      scheme: 'DISTRICT_SANHEYI',
      unitId: unit.id,
      ...period(),
      deductionId: target.id,
      reason: '该事项的内部流程图已于线下备案，系统录入遗漏',
    };

    const byAssessor = await t.fails(FILE, { i: input }, w.tokens.assessor);
    expect(byAssessor.extensions.code).toBe('FORBIDDEN');
    const byOther = await t.fails(FILE, { i: input }, w.tokens.otherUnitLegal);
    expect(byOther.extensions.code).toBe('FORBIDDEN');
    const unknown = await t.fails(
      FILE,
      { i: { ...input, deductionId: '00000000-0000-4000-8000-000000000000' } },
      legal.token,
    );
    expect(unknown.extensions.code).toBe('NOT_FOUND');

    const filed = (await t.ok(FILE, { i: input }, legal.token)).fileAppeal;
    expect(filed).toMatchObject({
      status: 'OPEN',
      deductionId: target.id,
      itemCode: '7',
      scheme: 'DISTRICT_SANHEYI',
      unit: { id: unit.id },
      filedBy: { id: legal.id },
    });
    const twice = await t.fails(FILE, { i: input }, legal.token);
    expect(twice.extensions.code).toBe('CONFLICT');

    const open = item(await card({ unitId: unit.id, ...period() }), '7');
    expect(open.deductions[0]).toMatchObject({
      points: 1,
      appeal: { id: filed.id, status: 'OPEN' },
    });

    const noNote = await t.fails(
      DECIDE,
      { id: filed.id, overturn: true, note: ' ' },
      w.tokens.assessor,
    );
    expect(noNote.extensions.code).toBe('BAD_USER_INPUT');
    const byUnit = await t.fails(
      DECIDE,
      { id: filed.id, overturn: true, note: '同意' },
      legal.token,
    );
    expect(byUnit.extensions.code).toBe('FORBIDDEN');
    const outside = await t.fails(
      DECIDE,
      { id: filed.id, overturn: true, note: '同意' },
      (await makeUser(t, 'ASSESSOR', { regionId: w.otherCounty.id })).token,
    );
    expect(outside.extensions.code).toBe('FORBIDDEN');

    const decided = (
      await t.ok(
        DECIDE,
        { id: filed.id, overturn: true, note: '经核实已线下备案，撤销该扣分' },
        w.tokens.assessor,
      )
    ).decideAppeal;
    expect(decided).toMatchObject({
      status: 'OVERTURNED',
      decisionNote: '经核实已线下备案，撤销该扣分',
      decidedBy: { id: w.userIds.assessor },
    });
    const again = await t.fails(
      DECIDE,
      { id: filed.id, overturn: false, note: '维持' },
      w.tokens.assessor,
    );
    expect(again.extensions.code).toBe('CONFLICT');

    // still listed, with 0 points and its appeal; the case past the cap now counts
    const after = item(await card({ unitId: unit.id, ...period() }), '7');
    expect(after).toMatchObject({ cases: 3, deducted: 2, capped: false });
    expect(after.deductions.map((d: any) => d.points)).toEqual([0, 1, 1]);
    expect(after.deductions[0]).toMatchObject({
      id: target.id,
      appeal: { id: filed.id, status: 'OVERTURNED', decisionNote: '经核实已线下备案，撤销该扣分' },
    });

    const mine = await t.ok(APPEALS, {}, legal.token);
    expect(mine.appeals.map((a: any) => a.id)).toEqual([filed.id]);
    const assessorView = await t.ok(
      APPEALS,
      { f: { unitId: unit.id, status: 'OVERTURNED' } },
      w.tokens.assessor,
    );
    expect(assessorView.appeals.map((a: any) => a.id)).toEqual([filed.id]);
    expect((await t.ok(APPEALS, {}, w.tokens.otherUnitLegal)).appeals).toEqual([]);
    const audit: { operation: string }[] = await t.ds.query(
      `SELECT operation FROM audit_entry WHERE $1 = ANY(entity_ids) ORDER BY at`,
      [filed.id],
    );
    expect(audit.map((a) => a.operation)).toEqual(['fileAppeal', 'decideAppeal']);
  });

  it('counts an overturned record of a weighted item as compliant, in that scheme only', async () => {
    const { unit, legal } = await unitWith(4, (d, i) => {
      if (i === 0) d.internalFlow = null;
    });
    const prov = item(
      await card({ unitId: unit.id, ...period() })
        .then(() =>
          t.ok(
            CARD,
            { scheme: 'PROVINCIAL_DEPARTMENT', unitId: unit.id, ...period() },
            w.tokens.assessor,
          ),
        )
        .then((r) => r.scorecard),
      '39',
    );
    expect(prov).toMatchObject({ applicable: 4, compliant: 3 });
    const filed = (
      await t.ok(
        FILE,
        {
          i: {
            scheme: 'PROVINCIAL_DEPARTMENT',
            unitId: unit.id,
            ...period(),
            deductionId: prov.deductions[0].id,
            reason: '已线下备案',
          },
        },
        legal.token,
      )
    ).fileAppeal;
    await t.ok(DECIDE, { id: filed.id, overturn: true, note: '核实无误' }, w.tokens.assessor);
    const after = item(
      (
        await t.ok(
          CARD,
          { scheme: 'PROVINCIAL_DEPARTMENT', unitId: unit.id, ...period() },
          w.tokens.assessor,
        )
      ).scorecard,
      '39',
    );
    expect(after).toMatchObject({
      applicable: 4,
      compliant: 4,
      deducted: 0,
      score: after.maxPoints,
    });
    expect(after.deductions[0]).toMatchObject({ points: 0, appeal: { status: 'OVERTURNED' } });
    // a ranking, which only counts the state-based items' cases in SQL, honours the appeal too
    const ranked = (
      await t.ok(
        `query($r: ID!, $f: Date!, $t: Date!) { ranking(scheme: "PROVINCIAL_DEPARTMENT", regionId: $r, from: $f, to: $t) { score unit { id } } }`,
        { r: w.county.id, f: period().from, t: period().to },
        w.tokens.assessor,
      )
    ).ranking.find((x: any) => x.unit.id === unit.id);
    const whole = (
      await t.ok(
        CARD,
        { scheme: 'PROVINCIAL_DEPARTMENT', unitId: unit.id, ...period() },
        w.tokens.assessor,
      )
    ).scorecard;
    expect(ranked.score).toBe(whole.score);
    // the district scheme still counts it
    expect(item(await card({ unitId: unit.id, ...period() }), '7')).toMatchObject({ deducted: 1 });
  });
});
