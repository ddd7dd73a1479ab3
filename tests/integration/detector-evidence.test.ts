import { SCHEME_CODES } from '../../src/modules/assessment/scheme';
import { addDays } from '../../src/modules/calendar/iso-date';
import { applyChange } from '../../src/modules/catalog/versioning';
import { chinaDate } from '../../src/modules/change/change-rules';
import { codesFeeding } from '../../src/modules/flow/problem-codes';
import { CLEAN, makeDefectiveUnit, PROBLEM_DETECTORS } from '../helpers/defects';
import { makeUser, makeWorld, type World } from '../helpers/factories';
import { startTestApp, type TestApp } from '../helpers/test-app';

/**
 * One test per detector: each case it counts for a power shows among that power's problems (what
 * a unit reads in `Power.problems`), or, for the items that count events, carries the record that
 * shows the event (an obligation or a request the unit sees as overdue, a status change, a use, a
 * legal-supervision record).
 */
const TODAY = chinaDate(new Date());
const FROM = addDays(TODAY, -100);
const TO = addDays(TODAY, 10);
const SYS = { userId: null, requestId: 'test' };

let t: TestApp;
let w: World;
let unit: { id: string; code: string };
let powers: { id: string; code: string }[];
const records: Record<string, string> = {};
let lateRequest: string;
let overdueObligation: string;
let unchanged: string;

const CARD = `query($scheme: String!, $unitId: ID!, $from: Date!, $to: Date!) {
  scorecard(scheme: $scheme, unitId: $unitId, from: $from, to: $to) {
    scheme { sections { items { code detector } } }
    sections { items { code deductions { id reason recordId
      power { id status problems { code } obligations { id state } }
      obligation { id } changeRequest { id late overdue } } } }
  } }`;

/** The deductions of the items a detector scores, in the first scheme that names it. */
async function casesOf(detector: string) {
  for (const scheme of SCHEME_CODES) {
    const c = (await t.ok(CARD, { scheme, unitId: unit.id, from: FROM, to: TO }, w.tokens.assessor))
      .scorecard;
    const codes = c.scheme.sections
      .flatMap((s: any) => s.items)
      .filter((i: any) => i.detector === detector)
      .map((i: any) => i.code);
    if (!codes.length) continue;
    const items = c.sections
      .flatMap((s: any) => s.items)
      .filter((i: any) => codes.includes(i.code));
    return { scheme, items };
  }
  throw new Error(`no scheme names ${detector}`);
}

const record = async (mutation: string, input: Record<string, unknown>) =>
  (
    await t.ok(
      `mutation($i: ${mutation.slice(6)}Input!) { ${mutation}(input: $i) { id } }`,
      { i: input },
      w.tokens.admin,
    )
  )[mutation].id as string;

beforeAll(async () => {
  t = await startTestApp({ clock: { now: () => new Date() } });
  w = await makeWorld(t);
  // 0: clean, its status changed without a request below; 11: an obligation overdue, a late
  // request; 12: in the catalog for years, never used
  ({ unit, powers } = await makeDefectiveUnit(t, w, {
    codeSuffix: '778',
    name: '证据单位',
    more: [CLEAN, CLEAN],
  }));

  // events: a status change with no request; an obligation past its due date; a request filed late
  await t.ds.transaction((m) =>
    applyChange(m, {
      powerId: powers[0].id,
      unitId: unit.id,
      status: 'DORMANT',
      changeRequestId: null,
      actorId: null,
    }),
  );
  await t.ok(
    `mutation($i: PowerUsageInput!) { recordPowerUsage(input: $i) { cases } }`,
    { i: { powerId: powers[0].id, year: Number(TODAY.slice(0, 4)), cases: 2 } },
    w.tokens.admin,
  );
  const [o] = await t.services.obligations.recordUnitAdjustment(
    unit.id,
    addDays(TODAY, -40),
    '职能调整',
    { kind: 'all' },
    SYS,
  );
  overdueObligation = o.id;
  await t.ds.query(`UPDATE obligation SET due_on = $2 WHERE unit_id = $1`, [
    unit.id,
    addDays(TODAY, -5),
  ]);
  // the unit answers every obligation but one, so that only that one is overdue
  await t.ds.query(`UPDATE obligation SET met_on = $2 WHERE unit_id = $1 AND id <> $3`, [
    unit.id,
    addDays(TODAY, -10),
    overdueObligation,
  ]);
  const legal = await makeUser(t, 'UNIT_LEGAL', { unitId: unit.id });
  lateRequest = (
    await t.ok(
      `mutation($i: CreateChangeRequestInput!) { createChangeRequest(input: $i) { id } }`,
      {
        i: { kind: 'MODIFY', powerId: powers[11].id, reason: '名称调整', draft: { name: '改名' } },
      },
      legal.token,
    )
  ).createChangeRequest.id;
  await t.ok(
    `mutation($id: ID!) { submitChangeRequest(id: $id) { id } }`,
    { id: lateRequest },
    legal.token,
  );
  await t.ds.query(
    `UPDATE change_request SET due_on = $2, policy_measure = 'COMPLETED', created_at = now() - interval '30 days'
      WHERE id = $1`,
    [lateRequest, addDays(TODAY, -3)],
  );
  // a power in the catalog since long before the two years the suspension item looks at
  await t.ds.query(`UPDATE power SET created_at = '2015-01-01' WHERE id = $1`, [powers[12].id]);
  unchanged = powers[12].id;

  // legal-supervision records
  records.normative = await record('recordNormativeDocument', {
    unitId: unit.id,
    title: '线下起草的规范性文件',
    publishedOn: addDays(TODAY, -20),
    handledOnline: false,
  });
  records.officer = await record('recordEnforcementOfficer', {
    unitId: unit.id,
    name: '张三',
    certificateNo: 'ZF-0001',
    status: 'ACTIVE',
    changedOn: addDays(TODAY, -20),
    updatedOn: addDays(TODAY, -19),
    viaPlatform: false,
  });
  records.penalty = await record('recordMajorPenaltyFiling', {
    unitId: unit.id,
    caseName: '未备案的重大处罚',
    decidedOn: addDays(TODAY, -60),
    formCompliant: true,
  });
  records.reconsideration = await record('recordReconsiderationCase', {
    unitId: unit.id,
    kind: 'RECONSIDERATION',
    receivedOn: addDays(TODAY, -30),
    handledOnline: false,
    reportedOn: addDays(TODAY, -5),
  });
});
afterAll(() => t.close());

describe('each case a state-based detector counts shows among its power’s problems', () => {
  it.each(PROBLEM_DETECTORS)('%s', async (detector) => {
    const { scheme, items } = await casesOf(detector);
    let shown = 0;
    for (const item of items) {
      const feeding = codesFeeding(scheme, [Number(item.code)]);
      for (const d of item.deductions) {
        const codes = d.power.problems.map((p: any) => p.code);
        expect({
          reason: d.reason,
          shown: codes.some((c: string) => feeding.has(c as never)),
        }).toEqual({ reason: d.reason, shown: true });
        shown++;
      }
    }
    expect(shown).toBeGreaterThan(0);
  });
});

describe('each case an event detector counts carries the record that shows the event', () => {
  it('changes-filed: the obligation the power lists as overdue, the request it sees as overdue', async () => {
    const { items } = await casesOf('changes-filed');
    const ds = items.flatMap((i: any) => i.deductions);
    expect(ds.map((d: any) => d.obligation?.id ?? d.changeRequest?.id).sort()).toEqual(
      [overdueObligation, lateRequest].sort(),
    );
    for (const d of ds) {
      if (d.obligation)
        expect(d.power.obligations).toContainEqual({ id: d.obligation.id, state: 'OVERDUE' });
      else expect(d.changeRequest).toMatchObject({ id: lateRequest, overdue: true });
    }
  });

  it('dormant-active: the status change and the use, recorded on a power that shows the status', async () => {
    const { items } = await casesOf('dormant-active');
    const ds = items.flatMap((i: any) => i.deductions);
    expect(ds).toHaveLength(2);
    for (const d of ds) {
      expect(d.power).toMatchObject({ id: powers[0].id, status: 'DORMANT' });
      expect(d.recordId).toEqual(expect.any(String));
    }
    const [change] = await t.ds.query(
      `SELECT id FROM power_status_change WHERE power_id = $1 AND status = 'DORMANT'`,
      [powers[0].id],
    );
    expect(ds.map((d: any) => d.recordId)).toContain(change.id);
  });

  it('suspension: a power with no recorded use for the two years, which its record shows', async () => {
    const { items } = await casesOf('suspension');
    const ds = items.flatMap((i: any) => i.deductions);
    expect(ds.map((d: any) => d.power.id)).toContain(unchanged);
    for (const d of ds) {
      const [{ n }] = await t.ds.query(
        `SELECT count(*)::int AS n FROM power_usage WHERE power_id = $1 AND cases > 0`,
        [d.power.id],
      );
      expect({ reason: d.reason, uses: n }).toEqual({ reason: d.reason, uses: 0 });
    }
  });

  it.each([
    ['normative-documents', 'normative'],
    ['enforcement-officers', 'officer'],
    ['major-penalties', 'penalty'],
    ['reconsideration', 'reconsideration'],
  ])('%s: the legal-supervision record it names', async (detector, key) => {
    const { items } = await casesOf(detector);
    const ids = items.flatMap((i: any) => i.deductions.map((d: any) => d.recordId));
    expect(ids.length).toBeGreaterThan(0);
    expect(ids).toContain(records[key]);
    // every case names a record (the reports due and missing name none: nothing was recorded)
    for (const i of items)
      for (const d of i.deductions) if (d.recordId === null) expect(d.reason).toMatch(/未报送/);
  });
});
