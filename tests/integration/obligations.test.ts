import { chinaDate } from '../../src/modules/calendar/iso-date';
import { makeWorld, penaltyDraft, type World } from '../helpers/factories';
import { startTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let w: World;
const powers: Record<string, string> = {};

const IMPORT = `mutation($i: [ImportPowerInput!]!) { importPowers(input: $i) { powers { id code } } }`;
const AMEND = `mutation($i: RecordAmendmentInput!) { recordAmendment(input: $i) {
  id amendedOn repeal document { id repealedOn } obligations { id triggeredOn dueOn policy { days count measure } power { code } }
} }`;

beforeAll(async () => {
  t = await startTestApp();
  w = await makeWorld(t);
  // the province keeps its default (10 working days, filed); the city and counties 30 days, completed
  const r = await t.ok(
    IMPORT,
    {
      i: [
        { unitId: w.unit.id, draft: penaltyDraft(w.unit, w.law.id, 1) },
        { unitId: w.unit.id, draft: penaltyDraft(w.unit, w.law.id, 2) },
        { unitId: w.unit.id, status: 'CANCELLED', draft: penaltyDraft(w.unit, w.law.id, 3) },
        { unitId: w.otherUnit.id, draft: penaltyDraft(w.otherUnit, w.repealedLaw.id, 1) },
      ],
    },
    w.tokens.admin,
  );
  for (const p of r.importPowers.powers) powers[p.code] = p.id;
});
afterAll(() => t.close());

describe('calendar', () => {
  it('computes the DOMAIN example: 2026-09-25 plus 10 working days is 2026-10-15', async () => {
    const r = await t.ok(
      `{ deadline(start: "2026-09-25", days: 10, count: WORKING_DAYS) }`,
      {},
      w.tokens.unitOperator,
    );
    expect(r.deadline).toBe('2026-10-15');
  });

  it('rolls a 30-day period ending on a holiday to the next working day', async () => {
    const r = await t.ok(
      `{ deadline(start: "2026-09-01", days: 30, count: CALENDAR_DAYS) }`,
      {},
      w.tokens.unitOperator,
    );
    expect(r.deadline).toBe('2026-10-08');
  });

  it('lists working days with holiday names and adjusted working days', async () => {
    const r = await t.ok(
      `{ workdays(from: "2026-10-07", to: "2026-10-10") { date workday holiday } }`,
      {},
      w.tokens.unitOperator,
    );
    expect(r.workdays).toEqual([
      { date: '2026-10-07', workday: false, holiday: expect.stringContaining('国庆') },
      { date: '2026-10-08', workday: true, holiday: null },
      { date: '2026-10-09', workday: true, holiday: null },
      { date: '2026-10-10', workday: true, holiday: null },
    ]);
  });

  it('says CALENDAR_MISSING for a count that reaches a year it lacks, then takes the year from an admin', async () => {
    const e = await t.fails(
      `{ deadline(start: "2030-12-20", days: 10, count: WORKING_DAYS) }`,
      {},
      w.tokens.admin,
    );
    expect(e.extensions.code).toBe('CALENDAR_MISSING');
    // 13 statutory holiday dates: 01-01 and twelve weekdays of February
    const y2030 = [
      '2030-01-01',
      ...['04', '05', '06', '07', '08', '11', '12', '13', '14', '15', '18', '19'].map(
        (d) => `2030-02-${d}`,
      ),
    ];
    const set = await t.ok(
      `mutation($h: [Date!]!) { setCalendarYear(year: 2030, holidays: $h, adjustedWorkdays: []) }`,
      { h: y2030 },
      w.tokens.admin,
    );
    expect(set.setCalendarYear).toBe(248);
    await t.ok(
      `mutation($h: [Date!]!) { setCalendarYear(year: 2031, holidays: $h, adjustedWorkdays: ["2031-01-04"]) }`,
      { h: y2030.map((d) => d.replace('2030', '2031')) },
      w.tokens.admin,
    );
    const r = await t.ok(
      `{ deadline(start: "2030-12-20", days: 10, count: WORKING_DAYS) }`,
      {},
      w.tokens.admin,
    );
    // 12-23..27 (5), 12-30, 12-31, then 2031-01-01 is a holiday, 01-02, 01-03, 01-04 (adjusted Saturday)
    expect(r.deadline).toBe('2031-01-04');
  });

  it('refuses setCalendarYear to anyone but admin, and dates outside the year', async () => {
    const f = await t.fails(
      `mutation { setCalendarYear(year: 2032, holidays: [], adjustedWorkdays: []) }`,
      {},
      w.tokens.cityReviewer,
    );
    expect(f.extensions.code).toBe('FORBIDDEN');
    const b = await t.fails(
      `mutation { setCalendarYear(year: 2032, holidays: ["2033-01-01"], adjustedWorkdays: []) }`,
      {},
      w.tokens.admin,
    );
    expect(b.extensions.code).toBe('BAD_USER_INPUT');
    expect(b.extensions.fields).toEqual([
      { path: 'holidays[0]', message: '2033-01-01 不是 2032 年的日期' },
      { path: 'holidays', message: '2032 年的法定节假日有 13 天，所给只有 1 天' },
    ]);
  });
});

describe('window policies', () => {
  it('defaults by level and can be changed', async () => {
    const q = `query($id: ID!) { region(id: $id) { windowPolicy { days count measure } } }`;
    expect((await t.ok(q, { id: w.province.id }, w.tokens.admin)).region.windowPolicy).toEqual({
      days: 10,
      count: 'WORKING_DAYS',
      measure: 'FILED',
    });
    expect((await t.ok(q, { id: w.county.id }, w.tokens.admin)).region.windowPolicy).toEqual({
      days: 30,
      count: 'CALENDAR_DAYS',
      measure: 'COMPLETED',
    });
    const set = await t.ok(
      `mutation($id: ID!) { setWindowPolicy(regionId: $id, policy: { days: 10, count: WORKING_DAYS, measure: FILED }) { windowPolicy { days count measure } } }`,
      { id: w.otherCounty.id },
      w.tokens.otherReviewer,
    );
    expect(set.setWindowPolicy.windowPolicy).toEqual({
      days: 10,
      count: 'WORKING_DAYS',
      measure: 'FILED',
    });
    const f = await t.fails(
      `mutation($id: ID!) { setWindowPolicy(regionId: $id, policy: { days: 5, count: WORKING_DAYS, measure: FILED }) { id } }`,
      { id: w.county.id },
      w.tokens.otherReviewer,
    );
    expect(f.extensions.code).toBe('FORBIDDEN');
  });
});

describe('obligations', () => {
  it('opens one on every live power citing an amended law, due by its region policy', async () => {
    const r = await t.ok(
      AMEND,
      { i: { documentId: w.law.id, amendedOn: '2026-09-01', note: '第二十八条修改' } },
      w.tokens.cityReviewer,
    );
    const obs = r.recordAmendment.obligations;
    // two live powers of the county unit cite it; the cancelled one does not count
    expect(obs.map((o: any) => o.power.code).sort()).toEqual([
      `${w.unit.code}-CF-0001`,
      `${w.unit.code}-CF-0002`,
    ]);
    expect(obs[0]).toMatchObject({
      triggeredOn: '2026-09-01',
      dueOn: '2026-10-08',
      policy: { days: 30, count: 'CALENDAR_DAYS', measure: 'COMPLETED' },
    });
  });

  it('uses a 10-working-day filing window where the region sets one', async () => {
    const r = await t.ok(
      `mutation($u: ID!) { recordUnitAdjustment(unitId: $u, decidedOn: "2026-09-25", note: "职能划转") { dueOn policy { measure } power { code } } }`,
      { u: w.otherUnit.id },
      w.tokens.otherReviewer,
    );
    expect(r.recordUnitAdjustment).toEqual([
      {
        dueOn: '2026-10-15',
        policy: { measure: 'FILED' },
        power: { code: `${w.otherUnit.code}-CF-0001` },
      },
    ]);
  });

  it('is met late when the request naming it is filed after the window (filing policy)', async () => {
    const [ob] = (
      await t.ok(
        `{ obligations(filter: { state: OPEN, asOf: "2026-10-01" }) { edges { node { id dueOn power { id } } } } }`,
        {},
        w.tokens.otherUnitLegal,
      )
    ).obligations.edges.map((e: any) => e.node);
    expect(ob.dueOn).toBe('2026-10-15');
    const cr = await t.ok(
      `mutation($i: CreateChangeRequestInput!) { createChangeRequest(input: $i) { id triggeredOn } }`,
      {
        i: {
          kind: 'MODIFY',
          powerId: ob.power.id,
          obligationId: ob.id,
          reason: '职能调整后更新',
          draft: { legalBases: [{ documentId: w.law.id, articles: '第三十条' }] },
        },
      },
      w.tokens.otherUnitLegal,
    );
    expect(cr.createChangeRequest.triggeredOn).toBe('2026-09-25');
    const filed = await t.ok(
      `mutation($id: ID!) { submitChangeRequest(id: $id) { dueOn late submittedAt } }`,
      { id: cr.createChangeRequest.id },
      w.tokens.otherUnitLegal,
    );
    expect(filed.submitChangeRequest.dueOn).toBe('2026-10-15');
    // filed today (after 2026-10-15), so late; a MODIFY meets the obligation only when approved
    expect(filed.submitChangeRequest.late).toBe(true);
    const q = `query($id: ID) { power(id: $id) { obligations { state metOn metBy { id } } } }`;
    const before = await t.ok(q, { id: ob.power.id }, w.tokens.otherUnitLegal);
    expect(before.power.obligations[0]).toMatchObject({ state: 'OVERDUE', metBy: null });
    await t.ok(
      `mutation($id: ID!) { approveChangeRequest(id: $id) { status } }`,
      { id: cr.createChangeRequest.id },
      w.tokens.otherReviewer,
    );
    // a filing window: met on the day it was filed, so met late
    const after = await t.ok(q, { id: ob.power.id }, w.tokens.otherUnitLegal);
    expect(after.power.obligations[0]).toMatchObject({
      state: 'MET_LATE',
      metOn: chinaDate(new Date(filed.submitChangeRequest.submittedAt)),
      metBy: { id: cr.createChangeRequest.id },
    });
  });

  it('reads state as of a date: OPEN before the due date, OVERDUE after, MET once met', async () => {
    const r = await t.ok(
      `query($u: ID!) { obligations(filter: { unitId: $u }) { totalCount edges { node { dueOn a: state(asOf: "2026-10-08") b: state(asOf: "2026-10-09") } } } }`,
      { u: w.unit.id },
      w.tokens.countyReviewer,
    );
    expect(r.obligations.totalCount).toBe(2);
    expect(r.obligations.edges[0].node).toEqual({ dueOn: '2026-10-08', a: 'OPEN', b: 'OVERDUE' });
    const overdue = await t.ok(
      `query($u: ID!) { obligations(filter: { unitId: $u, state: OVERDUE, asOf: "2026-10-09" }) { totalCount } }`,
      { u: w.unit.id },
      w.tokens.countyReviewer,
    );
    expect(overdue.obligations.totalCount).toBe(2);
  });

  it('marks the document repealed when an amendment repeals it', async () => {
    const doc = await t.services.legalDocuments.create(
      {
        title: '将废止的办法',
        issuer: '市政府',
        level: 'LOCAL_GOVERNMENT_RULE',
        promulgatedOn: '2015-01-01',
      },
      { userId: null, requestId: null },
    );
    const r = await t.ok(
      AMEND,
      { i: { documentId: doc.id, amendedOn: '2026-03-01', note: '废止', repeal: true } },
      w.tokens.admin,
    );
    expect(r.recordAmendment.document.repealedOn).toBe('2026-03-01');
    const again = await t.fails(
      AMEND,
      { i: { documentId: doc.id, amendedOn: '2026-04-01', note: '再次' } },
      w.tokens.admin,
    );
    expect(again.extensions.code).toBe('BAD_USER_INPUT');
  });

  it('lets units see only their own obligations', async () => {
    const r = await t.ok(`{ obligations(first: 100) { totalCount } }`, {}, w.tokens.unitLegal);
    expect(r.obligations.totalCount).toBe(2);
  });
});
