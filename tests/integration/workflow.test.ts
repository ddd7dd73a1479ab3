import request from 'supertest';

import {
  calendarHorizonWarning,
  statutoryHolidayDays,
} from '../../src/modules/calendar/calendar.service';
import { addDays, chinaDate } from '../../src/modules/calendar/iso-date';
import { makeWorld, penaltyDraft, type World } from '../helpers/factories';
import { startTestApp, type TestApp } from '../helpers/test-app';

jest.setTimeout(60_000);

let t: TestApp;
let w: World;
const powers: Record<string, string> = {};
const today = chinaDate(new Date());
const thisYear = Number(today.slice(0, 4));

const IMPORT = `mutation($i: [ImportPowerInput!]!) { importPowers(input: $i) { powers { id code } } }`;
const AMEND = `mutation($i: RecordAmendmentInput!) { recordAmendment(input: $i) {
  id articles recordedBy { username } obligations { id dueOn state power { code } }
} }`;
const CREATE = `mutation($i: CreateChangeRequestInput!) { createChangeRequest(input: $i) {
  id dueOn daysLeft overdue triggeredOn obligations { id } obligation { id } } }`;
const code = (u: { code: string }, n: number) => `${u.code}-CF-${String(n).padStart(4, '0')}`;

/** 13 holiday dates of a year, enough for any year's statutory holidays. */
const holidaysOf = (y: number) =>
  ['01-01', '02-04', '02-05', '02-06', '02-07', '02-08', '02-11', '02-12', '02-13', '02-14']
    .concat(['02-15', '02-18', '02-19'])
    .map((d) => `${y}-${d}`);

beforeAll(async () => {
  t = await startTestApp();
  // this file's calendar ends with the current year, whatever the package holds later
  await t.ds.query(`DELETE FROM calendar_special_day WHERE year > $1`, [thisYear]);
  await t.ds.query(`DELETE FROM calendar_year WHERE year > $1`, [thisYear]);
  w = await makeWorld(t);
  const bases = (articles: string) => ({ legalBases: [{ documentId: w.law.id, articles }] });
  const r = await t.ok(
    IMPORT,
    {
      i: [
        { unitId: w.unit.id, draft: penaltyDraft(w.unit, w.law.id, 1, bases('第十二条')) },
        { unitId: w.unit.id, draft: penaltyDraft(w.unit, w.law.id, 2, bases('第30条')) },
        { unitId: w.unit.id, draft: penaltyDraft(w.unit, w.law.id, 3, bases('有关规定')) },
        { unitId: w.otherUnit.id, draft: penaltyDraft(w.otherUnit, w.law.id, 1, bases('第13条')) },
      ],
    },
    w.tokens.admin,
  );
  for (const p of r.importPowers.powers) powers[p.code] = p.id;
});
afterAll(() => t.close());

describe('amendments', () => {
  let amendmentId: string;

  it('opens obligations only in the recorder’s scope, on the powers citing an amended article', async () => {
    const r = await t.ok(
      AMEND,
      {
        i: {
          documentId: w.law.id,
          amendedOn: '2026-09-01',
          note: '罚款幅度修改',
          articles: '第12条至第十五条',
        },
      },
      w.tokens.countyReviewer,
    );
    amendmentId = r.recordAmendment.id;
    // 第十二条 is amended; 第30条 is not; 有关规定 cannot be read, so counts as affected; the other
    // county's power (第13条) is outside the county reviewer's scope
    expect(r.recordAmendment.obligations.map((o: any) => o.power.code).sort()).toEqual([
      code(w.unit, 1),
      code(w.unit, 3),
    ]);
    expect(r.recordAmendment.recordedBy).toEqual({ username: expect.any(String) });
  });

  it('is one amendment per document and date: the city applies it to the rest of its scope only', async () => {
    const r = await t.ok(
      AMEND,
      { i: { documentId: w.law.id, amendedOn: '2026-09-01', note: '另一种说法' } },
      w.tokens.cityReviewer,
    );
    expect(r.recordAmendment.id).toBe(amendmentId);
    expect(r.recordAmendment.articles).toBe('第12条至第十五条');
    // the city sees all three obligations; only the other county's one is new
    expect(r.recordAmendment.obligations.map((o: any) => o.power.code).sort()).toEqual(
      [code(w.otherUnit, 1), code(w.unit, 1), code(w.unit, 3)].sort(),
    );
  });

  it('is CONFLICT when recorded again with nothing new in scope, and opens nothing twice', async () => {
    const e = await t.fails(
      AMEND,
      { i: { documentId: w.law.id, amendedOn: '2026-09-01', note: '重复' } },
      w.tokens.countyReviewer,
    );
    expect(e.extensions.code).toBe('CONFLICT');
    const n = await t.ds.query(
      `SELECT count(*)::int AS n FROM obligation WHERE amendment_id = $1`,
      [amendmentId],
    );
    expect(n[0].n).toBe(3);
  });

  it('refuses an amendment dated after today, and articles that cannot be read', async () => {
    const late = await t.fails(
      AMEND,
      { i: { documentId: w.law.id, amendedOn: addDays(today, 1), note: '明天' } },
      w.tokens.admin,
    );
    expect(late.extensions.code).toBe('BAD_USER_INPUT');
    const unread = await t.fails(
      AMEND,
      { i: { documentId: w.law.id, amendedOn: '2026-08-01', note: 'x', articles: '附则' } },
      w.tokens.admin,
    );
    expect(unread.extensions.fields).toEqual([
      { path: 'input.articles', message: expect.stringContaining('第十二条') },
    ]);
  });

  it('retracts in scope: open obligations become WITHDRAWN, the others stay', async () => {
    const r = await t.ok(
      `mutation($id: ID!) { retractAmendment(id: $id, reason: "误录") { retractedAt retractReason obligations { state power { code } } } }`,
      { id: amendmentId },
      w.tokens.countyReviewer,
    );
    expect(r.retractAmendment.retractReason).toBe('误录');
    expect(r.retractAmendment.obligations.map((o: any) => o.state)).toEqual([
      'WITHDRAWN',
      'WITHDRAWN',
    ]);
    const city = await t.ok(
      `query($u: ID!) { obligations(filter: { unitId: $u }) { edges { node { state } } } }`,
      { u: w.otherUnit.id },
      w.tokens.cityReviewer,
    );
    expect(city.obligations.edges.map((e: any) => e.node.state)).toEqual(['OVERDUE']);
    const withdrawn = await t.ok(
      `{ obligations(filter: { state: WITHDRAWN }) { totalCount } }`,
      {},
      w.tokens.cityReviewer,
    );
    expect(withdrawn.obligations.totalCount).toBe(2);
  });

  it('opens one obligation per power per unit adjustment and date; again is CONFLICT', async () => {
    const q = `mutation($u: ID!) { recordUnitAdjustment(unitId: $u, decidedOn: "2026-10-09", note: "职能划入") { id } }`;
    const first = await t.ok(q, { u: w.unit.id }, w.tokens.countyReviewer);
    expect(first.recordUnitAdjustment).toHaveLength(3);
    const again = await t.fails(q, { u: w.unit.id }, w.tokens.cityReviewer);
    expect(again.extensions.code).toBe('CONFLICT');
  });
});

describe('answering obligations', () => {
  it('one NO_CHANGE request answers several obligations; approval meets them with no new version', async () => {
    const powerId = powers[code(w.unit, 2)]!;
    const adj = await t.ok(
      // decided a few days ago, so its obligations are still open whatever day the test runs
      `mutation($u: ID!, $d: Date!) { a: recordUnitAdjustment(unitId: $u, decidedOn: $d, note: "内设机构调整") { id power { id } } }`,
      { u: w.unit.id, d: addDays(today, -3) },
      w.tokens.countyReviewer,
    );
    const ids = (
      await t.ok(
        `query($p: ID!) { obligations(filter: { powerId: $p, state: OPEN }, orderBy: DUE_SOONEST) { edges { node { id dueOn } } } }`,
        { p: powerId },
        w.tokens.unitLegal,
      )
    ).obligations.edges.map((e: any) => e.node);
    expect(ids.map((o: any) => o.id)).toContain(adj.a.find((o: any) => o.power.id === powerId).id);
    const missing = await t.fails(
      CREATE,
      { i: { kind: 'NO_CHANGE', powerId, reason: '不涉及本事项' } },
      w.tokens.unitLegal,
    );
    expect(missing.extensions.code).toBe('BAD_USER_INPUT');
    const all = (
      await t.ok(
        `query($p: ID!) { obligations(filter: { powerId: $p }) { edges { node { id state dueOn } } } }`,
        { p: powerId },
        w.tokens.unitLegal,
      )
    ).obligations.edges
      .map((e: any) => e.node)
      .filter((o: any) => o.state === 'OPEN' || o.state === 'OVERDUE');
    expect(all.length).toBeGreaterThanOrEqual(2);
    const cr = await t.ok(
      CREATE,
      {
        i: {
          kind: 'NO_CHANGE',
          powerId,
          reason: '调整不涉及本事项',
          obligationIds: all.map((o: any) => o.id),
        },
      },
      w.tokens.unitLegal,
    );
    // a draft knows its due date from the start: the earliest of its obligations'
    const earliest = all.map((o: any) => o.dueOn).sort()[0];
    expect(cr.createChangeRequest.dueOn).toBe(earliest);
    expect(cr.createChangeRequest.obligations).toHaveLength(all.length);
    const id = cr.createChangeRequest.id;
    await t.ok(
      `mutation($id: ID!) { submitChangeRequest(id: $id) { id } }`,
      { id },
      w.tokens.unitLegal,
    );
    const ok = await t.ok(
      `mutation($id: ID!) { approveChangeRequest(id: $id) { status appliedVersion { id } obligations { metBy { id } } power { versions { versionNo } } } }`,
      { id },
      w.tokens.countyReviewer,
    );
    expect(ok.approveChangeRequest.status).toBe('APPROVED');
    expect(ok.approveChangeRequest.appliedVersion).toBeNull();
    expect(ok.approveChangeRequest.power.versions).toHaveLength(1);
    expect(ok.approveChangeRequest.obligations.every((o: any) => o.metBy?.id === id)).toBe(true);
  });

  it('refuses to answer an obligation of another power', async () => {
    const [other] = (
      await t.ok(
        `query($p: ID!) { obligations(filter: { powerId: $p }) { edges { node { id } } } }`,
        { p: powers[code(w.unit, 1)] },
        w.tokens.unitLegal,
      )
    ).obligations.edges.map((e: any) => e.node.id);
    const e = await t.fails(
      CREATE,
      {
        i: {
          kind: 'NO_CHANGE',
          powerId: powers[code(w.unit, 2)],
          reason: 'x',
          obligationIds: [other],
        },
      },
      w.tokens.unitLegal,
    );
    expect(e.extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('deadlines', () => {
  it('a draft answering an overdue obligation is overdue, with negative days left, found by the filters', async () => {
    const powerId = powers[code(w.unit, 1)]!;
    const open = (
      await t.ok(
        `query($p: ID!) { obligations(filter: { powerId: $p, state: OVERDUE }) { edges { node { id dueOn daysLeft warning } } } }`,
        { p: powerId },
        w.tokens.unitLegal,
      )
    ).obligations.edges.map((e: any) => e.node);
    expect(open.length).toBeGreaterThan(0);
    expect(open[0].warning).toBe('OVERDUE');
    expect(open[0].daysLeft).toBeLessThan(0);
    const cr = await t.ok(
      CREATE,
      {
        i: {
          kind: 'MODIFY',
          powerId,
          reason: '按职能调整更新',
          obligationId: open[0].id,
          draft: { name: '对违反测试规定行为的处罚（修订）' },
        },
      },
      w.tokens.unitLegal,
    );
    expect(cr.createChangeRequest).toMatchObject({
      dueOn: open[0].dueOn,
      overdue: true,
      daysLeft: open[0].daysLeft,
    });
    const id = cr.createChangeRequest.id;
    const list = async (filter: string, orderBy = 'NEWEST') =>
      (
        await t.ok(
          `{ changeRequests(filter: ${filter}, orderBy: ${orderBy}) { edges { node { id dueOn } } } }`,
          {},
          w.tokens.countyReviewer,
        )
      ).changeRequests.edges.map((e: any) => e.node);
    expect((await list('{ overdue: true }')).map((n: any) => n.id)).toContain(id);
    expect((await list('{ overdue: false }')).map((n: any) => n.id)).not.toContain(id);
    expect(
      (await list(`{ dueBefore: "${addDays(open[0].dueOn, 1)}" }`)).map((n: any) => n.id),
    ).toContain(id);
    expect((await list(`{ dueBefore: "${open[0].dueOn}" }`)).map((n: any) => n.id)).not.toContain(
      id,
    );
    const soonest = await list('{}', 'DUE_SOONEST');
    const dues = soonest.map((n: any) => n.dueOn ?? '9999');
    expect(dues).toEqual([...dues].sort());
    // filed, waiting for approval under a completion window: still overdue
    await t.ok(
      `mutation($id: ID!) { submitChangeRequest(id: $id) { id } }`,
      { id },
      w.tokens.unitLegal,
    );
    expect((await list('{ overdue: true }')).map((n: any) => n.id)).toContain(id);
  });

  it('lists deadline warnings in scope, most pressing first, with their obligation and request', async () => {
    const r = await t.ok(
      `{ deadlineWarnings(first: 50) { totalCount edges { node { level dueOn daysLeft unit { id } power { code } obligation { id } changeRequest { id } } } } }`,
      {},
      w.tokens.unitLegal,
    );
    const nodes = r.deadlineWarnings.edges.map((e: any) => e.node);
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.every((n: any) => n.unit.id === w.unit.id)).toBe(true);
    expect(nodes[0].level).toBe('OVERDUE');
    expect(nodes.some((n: any) => n.changeRequest && n.obligation)).toBe(true);
    const other = await t
      .ok(
        `query($u: ID!) { deadlineWarnings(filter: { unitId: $u, level: OVERDUE }) { totalCount } }`,
        { u: w.unit.id },
        w.tokens.otherReviewer,
      )
      .catch((e: Error) => e);
    expect(String(other)).toContain('FORBIDDEN');
  });
});

describe('the calendar never blocks', () => {
  it('warns in /readyz when the last loaded year ends within 60 days', async () => {
    const years = (await t.ds.query(`SELECT year FROM calendar_year`)).map((r: any) => r.year);
    const expected = calendarHorizonWarning(years, today);
    const res = await request(t.app).get('/readyz');
    expect(res.status).toBe(200);
    expect(res.body.warnings).toEqual(expected ? [expected] : undefined);
    expect(calendarHorizonWarning([2026], '2026-11-01')).toContain('2027');
    expect(calendarHorizonWarning([2026], '2026-10-31')).toBeNull();
    expect(calendarHorizonWarning([], '2026-10-31')).not.toBeNull();
  });

  it('lists the loaded years with their counts', async () => {
    const r = await t.ok(
      `{ calendarYears { year source holidays adjustedWorkdays workdays loadedAt } }`,
      {},
      w.tokens.unitOperator,
    );
    const last = r.calendarYears.at(-1);
    expect(last.year).toBe(thisYear);
    expect(last.source).toBe('chinese-days');
    expect(last.holidays).toBeGreaterThanOrEqual(statutoryHolidayDays(thisYear));
    expect(last.workdays).toBeGreaterThan(240);
  });

  it('refuses a year with fewer holiday dates than the statutory holidays', async () => {
    const e = await t.fails(
      `mutation { setCalendarYear(year: 2040, holidays: ["2040-01-01"], adjustedWorkdays: []) }`,
      {},
      w.tokens.admin,
    );
    expect(e.extensions.fields).toEqual([
      { path: 'holidays', message: '2040 年的法定节假日有 13 天，所给只有 1 天' },
    ]);
    const years = await t.ok(`{ calendarYears { year } }`, {}, w.tokens.admin);
    expect(years.calendarYears.map((y: any) => y.year)).not.toContain(2040);
  });

  it('records an event whose window reaches a missing year with dueOn null, dated when the year arrives', async () => {
    // a year-long window from an event this year reaches next year, which the calendar lacks
    await t.ok(
      `mutation($id: ID!) { setWindowPolicy(regionId: $id, policy: { days: 366, count: CALENDAR_DAYS, measure: COMPLETED }) { id } }`,
      { id: w.otherCounty.id },
      w.tokens.otherReviewer,
    );
    const on = `${thisYear}-01-05`;
    const r = await t.ok(
      `mutation($u: ID!, $on: Date!) { recordUnitAdjustment(unitId: $u, decidedOn: $on, note: "机构改革") { id dueOn daysLeft warning } }`,
      { u: w.otherUnit.id, on },
      w.tokens.otherReviewer,
    );
    expect(r.recordUnitAdjustment).toEqual([
      { id: expect.any(String), dueOn: null, daysLeft: null, warning: null },
    ]);
    const obId = r.recordUnitAdjustment[0].id;
    const draft = await t.ok(
      CREATE,
      {
        i: {
          kind: 'NO_CHANGE',
          powerId: powers[code(w.otherUnit, 1)],
          reason: '不涉及',
          obligationIds: [obId],
        },
      },
      w.tokens.otherUnitLegal,
    );
    expect(draft.createChangeRequest.dueOn).toBeNull();
    const next = thisYear + 1;
    await t.ok(
      `mutation($y: Int!, $h: [Date!]!) { setCalendarYear(year: $y, holidays: $h, adjustedWorkdays: []) }`,
      { y: next, h: holidaysOf(next) },
      w.tokens.admin,
    );
    const cal = await t.services.calendar.calendar();
    const due = cal.deadline(on, 366, 'CALENDAR_DAYS');
    const after = await t.ok(
      `query($id: ID!) { changeRequest(id: $id) { dueOn obligations { dueOn } } }`,
      { id: draft.createChangeRequest.id },
      w.tokens.otherUnitLegal,
    );
    expect(after.changeRequest).toEqual({ dueOn: due, obligations: [{ dueOn: due }] });
    const audit = await t.ok(
      `query($id: ID!) { auditEntries(filter: { entityId: $id }) { edges { node { operation before after } } } }`,
      { id: obId },
      w.tokens.admin,
    );
    expect(audit.auditEntries.edges.map((e: any) => e.node)).toContainEqual(
      expect.objectContaining({
        operation: 'recomputeObligationDueOn',
        before: { dueOn: null },
        after: { dueOn: due, calendarYear: next },
      }),
    );
  });

  it('moves an open due date when a year it crosses is replaced', async () => {
    const next = thisYear + 1;
    const on = `${thisYear}-01-05`;
    const before = (await t.services.calendar.calendar()).deadline(on, 366, 'CALENDAR_DAYS');
    // make the due date a holiday: the window now ends on the next working day
    const holidays = holidaysOf(next).slice(1).concat([before]);
    await t.ok(
      `mutation($y: Int!, $h: [Date!]!) { setCalendarYear(year: $y, holidays: $h, adjustedWorkdays: []) }`,
      { y: next, h: [...new Set(holidays)] },
      w.tokens.admin,
    );
    const moved = (await t.services.calendar.calendar()).deadline(on, 366, 'CALENDAR_DAYS');
    expect(moved > before).toBe(true);
    const r = await t.ok(
      `query($u: ID!) { obligations(filter: { unitId: $u, state: OPEN }) { edges { node { dueOn } } } }`,
      { u: w.otherUnit.id },
      w.tokens.otherReviewer,
    );
    expect(r.obligations.edges.map((e: any) => e.node.dueOn)).toContain(moved);
  });
});
