import { makeWorld, penaltyDraft, type World } from '../helpers/factories';
import { startTestApp, type TestApp } from '../helpers/test-app';

const UNIT = 'unit { id code }';
const NORMATIVE = `mutation($input: NormativeDocumentInput!) {
  recordNormativeDocument(input: $input) {
    id title plannedOn draftedOn publishedOn filedOn handledOnline ${UNIT}
  }
}`;
const OFFICER = `mutation($input: EnforcementOfficerInput!) {
  recordEnforcementOfficer(input: $input) {
    id name certificateNo status changedOn updatedOn viaPlatform ${UNIT}
  }
}`;
const FILING = `mutation($input: MajorPenaltyFilingInput!) {
  recordMajorPenaltyFiling(input: $input) { id caseName decidedOn filedOn formCompliant ${UNIT} }
}`;
const REPORT = `mutation($input: EnforcementReportInput!) {
  recordEnforcementReport(input: $input) { id year period submittedOn ${UNIT} }
}`;
const SUPERVISED = `mutation($input: SupervisedCaseInput!) {
  recordSupervisedCase(input: $input) { id title issuedOn dueOn answeredOn ${UNIT} }
}`;
const RECONSIDERATION = `mutation($input: ReconsiderationCaseInput!) {
  recordReconsiderationCase(input: $input) { id kind receivedOn handledOnline reportedOn ${UNIT} }
}`;
const USAGE = `mutation($input: PowerUsageInput!) {
  recordPowerUsage(input: $input) { year cases power { id code status } }
}`;
const IMPORT = `mutation($input: [ImportPowerInput!]!) {
  importPowers(input: $input) { powers { id code status } }
}`;

let t: TestApp;
let w: World;
let seqNo = 0;
beforeAll(async () => {
  t = await startTestApp();
  w = await makeWorld(t);
});
afterAll(() => t.close());

/** A power of `unit` entered with `status`, through importPowers. */
async function importPower(unit: { id: string; code: string }, status = 'ACTIVE') {
  const data = await t.ok(
    IMPORT,
    { input: [{ unitId: unit.id, status, draft: penaltyDraft(unit, w.law.id, ++seqNo) }] },
    w.tokens.admin,
  );
  return data.importPowers.powers[0] as { id: string; code: string; status: string };
}

async function auditOf(id: string) {
  return t.ds.query(
    `SELECT operation, user_id, scope_path, before, after FROM audit_entry
      WHERE $1 = ANY(entity_ids) ORDER BY id`,
    [id],
  );
}

describe('recording the legal supervision records', () => {
  it('records a normative document for the unit and audits it in the unit’s region', async () => {
    const input = {
      unitId: w.unit.id,
      title: '  关于规范行政执法公示工作的通知  ',
      plannedOn: '2025-01-10',
      draftedOn: '2025-02-10',
      publishedOn: '2025-03-01',
      filedOn: '2025-03-20',
      handledOnline: false,
    };
    const data = await t.ok(NORMATIVE, { input }, w.tokens.unitLegal);
    const doc = data.recordNormativeDocument;
    expect(doc).toMatchObject({
      title: '关于规范行政执法公示工作的通知',
      plannedOn: '2025-01-10',
      publishedOn: '2025-03-01',
      filedOn: '2025-03-20',
      handledOnline: false,
      unit: { id: w.unit.id, code: w.unit.code },
    });
    const audit = await auditOf(doc.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      operation: 'recordNormativeDocument',
      user_id: w.userIds.unitLegal,
      scope_path: expect.stringMatching(new RegExp(`/${w.county.code}$`)),
      after: { unitId: w.unit.id, title: '关于规范行政执法公示工作的通知', handledOnline: false },
    });
    const [row] = await t.ds.query(`SELECT * FROM normative_document WHERE id = $1`, [doc.id]);
    expect(row).toMatchObject({ unit_id: w.unit.id, created_by_id: w.userIds.unitLegal });
  });

  it('records an enforcement officer’s personnel change', async () => {
    const input = {
      unitId: w.unit.id,
      name: '张三',
      certificateNo: 'ZF32040001',
      status: 'TRANSFERRED',
      changedOn: '2025-04-01',
      updatedOn: '2025-04-20',
      viaPlatform: true,
    };
    const data = await t.ok(OFFICER, { input }, w.tokens.unitOperator);
    expect(data.recordEnforcementOfficer).toMatchObject({
      name: '张三',
      certificateNo: 'ZF32040001',
      status: 'TRANSFERRED',
      changedOn: '2025-04-01',
      updatedOn: '2025-04-20',
      viaPlatform: true,
      unit: { id: w.unit.id },
    });
    const audit = await auditOf(data.recordEnforcementOfficer.id);
    expect(audit.map((a: { operation: string }) => a.operation)).toEqual([
      'recordEnforcementOfficer',
    ]);
  });

  it('records a major penalty filing, unfiled as well as filed', async () => {
    const filed = await t.ok(
      FILING,
      {
        input: {
          unitId: w.unit.id,
          caseName: '某公司无证经营案',
          decidedOn: '2025-05-06',
          filedOn: '2025-05-12',
          formCompliant: true,
        },
      },
      w.tokens.countyReviewer,
    );
    expect(filed.recordMajorPenaltyFiling).toMatchObject({
      caseName: '某公司无证经营案',
      decidedOn: '2025-05-06',
      filedOn: '2025-05-12',
      formCompliant: true,
      unit: { id: w.unit.id },
    });
    const unfiled = await t.ok(
      FILING,
      {
        input: {
          unitId: w.unit.id,
          caseName: '某超市销售过期食品案',
          decidedOn: '2025-06-01',
          formCompliant: false,
        },
      },
      w.tokens.unitLegal,
    );
    expect(unfiled.recordMajorPenaltyFiling).toMatchObject({ filedOn: null, formCompliant: false });
  });

  it('records a supervised case', async () => {
    const data = await t.ok(
      SUPERVISED,
      {
        input: {
          unitId: w.unit.id,
          title: '群众举报违法建设督办件',
          issuedOn: '2025-03-01',
          dueOn: '2025-03-31',
          answeredOn: '2025-04-02',
        },
      },
      w.tokens.cityReviewer,
    );
    expect(data.recordSupervisedCase).toMatchObject({
      title: '群众举报违法建设督办件',
      issuedOn: '2025-03-01',
      dueOn: '2025-03-31',
      answeredOn: '2025-04-02',
      unit: { id: w.unit.id },
    });
    expect(await auditOf(data.recordSupervisedCase.id)).toHaveLength(1);
  });

  it('records a reconsideration or litigation case', async () => {
    const data = await t.ok(
      RECONSIDERATION,
      {
        input: {
          unitId: w.unit.id,
          kind: 'BEING_RECONSIDERED',
          receivedOn: '2025-07-01',
          handledOnline: true,
        },
      },
      w.tokens.admin,
    );
    expect(data.recordReconsiderationCase).toMatchObject({
      kind: 'BEING_RECONSIDERED',
      receivedOn: '2025-07-01',
      handledOnline: true,
      reportedOn: null,
      unit: { id: w.unit.id },
    });
    const [entry] = await auditOf(data.recordReconsiderationCase.id);
    expect(entry).toMatchObject({
      operation: 'recordReconsiderationCase',
      user_id: w.userIds.admin,
    });
  });
});

describe('enforcement reports', () => {
  it('records a report once per unit, year and period, and updates it when recorded again', async () => {
    const input = { unitId: w.unit.id, year: 2025, period: 'HALF_YEAR' };
    const first = await t.ok(REPORT, { input }, w.tokens.unitLegal);
    expect(first.recordEnforcementReport).toMatchObject({
      year: 2025,
      period: 'HALF_YEAR',
      submittedOn: null,
      unit: { id: w.unit.id },
    });
    const again = await t.ok(
      REPORT,
      { input: { ...input, submittedOn: '2025-07-28' } },
      w.tokens.unitLegal,
    );
    expect(again.recordEnforcementReport).toMatchObject({
      id: first.recordEnforcementReport.id,
      submittedOn: '2025-07-28',
    });
    const rows = await t.ds.query(
      `SELECT submitted_on::text FROM enforcement_report WHERE unit_id = $1 AND year = 2025 AND period = 'HALF_YEAR'`,
      [w.unit.id],
    );
    expect(rows).toEqual([{ submitted_on: '2025-07-28' }]);
    const audit = await auditOf(first.recordEnforcementReport.id);
    expect(audit.map((a: { before: unknown; after: unknown }) => [a.before, a.after])).toEqual([
      [null, { unitId: w.unit.id, year: 2025, period: 'HALF_YEAR', submittedOn: null }],
      [
        { unitId: w.unit.id, year: 2025, period: 'HALF_YEAR', submittedOn: null },
        { unitId: w.unit.id, year: 2025, period: 'HALF_YEAR', submittedOn: '2025-07-28' },
      ],
    ]);
  });

  it('records one report when the first recordings arrive at once', async () => {
    const input = { unitId: w.unit.id, year: 2021, period: 'ANNUAL', submittedOn: '2022-01-10' };
    const results = await Promise.all(
      Array.from({ length: 5 }, () => t.gql(REPORT, { input }, w.tokens.unitLegal)),
    );
    expect(results.map((r) => r.errors)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    const ids = new Set(results.map((r) => r.data!.recordEnforcementReport.id));
    expect(ids.size).toBe(1);
    const audit = await auditOf([...ids][0]);
    expect(audit.filter((a: { before: unknown }) => a.before === null)).toHaveLength(1);
  });

  it('keeps the periods apart: the annual report is another record', async () => {
    const half = await t.ok(
      REPORT,
      { input: { unitId: w.unit.id, year: 2024, period: 'HALF_YEAR', submittedOn: '2024-07-15' } },
      w.tokens.unitLegal,
    );
    const annual = await t.ok(
      REPORT,
      { input: { unitId: w.unit.id, year: 2024, period: 'ANNUAL', submittedOn: '2025-01-20' } },
      w.tokens.unitLegal,
    );
    expect(annual.recordEnforcementReport.id).not.toBe(half.recordEnforcementReport.id);
  });

  it('accepts a report from the period’s last month, refuses one before it', async () => {
    const ok = await t.ok(
      REPORT,
      { input: { unitId: w.unit.id, year: 2023, period: 'ANNUAL', submittedOn: '2023-12-28' } },
      w.tokens.unitLegal,
    );
    expect(ok.recordEnforcementReport.submittedOn).toBe('2023-12-28');
    const err = await t.fails(
      REPORT,
      { input: { unitId: w.unit.id, year: 2023, period: 'HALF_YEAR', submittedOn: '2023-05-31' } },
      w.tokens.unitLegal,
    );
    expect(err.extensions.code).toBe('BAD_USER_INPUT');
    expect(err.extensions.fields).toEqual([
      { path: 'input.submittedOn', message: '2023 年上半年报告的报送日期不能早于 2023-06-01' },
    ]);
  });
});

describe('power usage', () => {
  it('records a year’s cases with the power, and the power’s status at the time', async () => {
    const power = await importPower(w.unit);
    const data = await t.ok(
      USAGE,
      { input: { powerId: power.id, year: 2025, cases: 12 } },
      w.tokens.unitOperator,
    );
    expect(data.recordPowerUsage).toEqual({
      year: 2025,
      cases: 12,
      power: { id: power.id, code: power.code, status: 'ACTIVE' },
    });
    const rows = await t.ds.query(
      `SELECT unit_id, cases, status_at_record, created_by_id, recorded_at IS NOT NULL AS stamped
         FROM power_usage WHERE power_id = $1`,
      [power.id],
    );
    expect(rows).toEqual([
      {
        unit_id: w.unit.id,
        cases: 12,
        status_at_record: 'ACTIVE',
        created_by_id: w.userIds.unitOperator,
        stamped: true,
      },
    ]);
  });

  it('stores DORMANT as the status of a use recorded while the power is dormant', async () => {
    const power = await importPower(w.unit, 'DORMANT');
    expect(power.status).toBe('DORMANT');
    await t.ok(USAGE, { input: { powerId: power.id, year: 2025, cases: 3 } }, w.tokens.unitLegal);
    const rows = await t.ds.query(`SELECT status_at_record FROM power_usage WHERE power_id = $1`, [
      power.id,
    ]);
    expect(rows).toEqual([{ status_at_record: 'DORMANT' }]);
  });

  it('replaces the cases when a year is recorded again, audited before and after', async () => {
    const power = await importPower(w.unit);
    await t.ok(USAGE, { input: { powerId: power.id, year: 2024, cases: 5 } }, w.tokens.unitLegal);
    const [{ recorded_at: firstAt }] = await t.ds.query(
      `SELECT recorded_at FROM power_usage WHERE power_id = $1`,
      [power.id],
    );
    const again = await t.ok(
      USAGE,
      { input: { powerId: power.id, year: 2024, cases: 0 } },
      w.tokens.countyReviewer,
    );
    expect(again.recordPowerUsage).toMatchObject({ year: 2024, cases: 0 });
    const rows = await t.ds.query(
      `SELECT year, cases, recorded_at FROM power_usage WHERE power_id = $1`,
      [power.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ year: 2024, cases: 0 });
    expect(rows[0].recorded_at.getTime()).toBeGreaterThan(firstAt.getTime());
    const audit = await auditOf(power.id);
    const usage = audit.filter((a: { operation: string }) => a.operation === 'recordPowerUsage');
    expect(usage).toHaveLength(2);
    expect(usage[0]).toMatchObject({
      before: null,
      after: { powerId: power.id, year: 2024, cases: 5, statusAtRecord: 'ACTIVE' },
    });
    expect(usage[1]).toMatchObject({
      user_id: w.userIds.countyReviewer,
      before: { year: 2024, cases: 5, statusAtRecord: 'ACTIVE' },
      after: { year: 2024, cases: 0 },
    });
  });

  it('keeps years apart', async () => {
    const power = await importPower(w.unit);
    for (const year of [2023, 2024, 2025]) {
      await t.ok(USAGE, { input: { powerId: power.id, year, cases: year - 2000 } }, w.tokens.admin);
    }
    const rows = await t.ds.query(
      `SELECT year, cases FROM power_usage WHERE power_id = $1 ORDER BY year`,
      [power.id],
    );
    expect(rows).toEqual([
      { year: 2023, cases: 23 },
      { year: 2024, cases: 24 },
      { year: 2025, cases: 25 },
    ]);
  });

  it('is NOT_FOUND for a power that does not exist', async () => {
    const err = await t.fails(
      USAGE,
      { input: { powerId: '00000000-0000-4000-8000-000000000000', year: 2025, cases: 1 } },
      w.tokens.admin,
    );
    expect(err.extensions.code).toBe('NOT_FOUND');
  });

  it('is FORBIDDEN for a power of another unit', async () => {
    const power = await importPower(w.otherUnit);
    for (const token of [w.tokens.unitLegal, w.tokens.unitOperator, w.tokens.countyReviewer]) {
      const err = await t.fails(
        USAGE,
        { input: { powerId: power.id, year: 2025, cases: 1 } },
        token,
      );
      expect(err.extensions.code).toBe('FORBIDDEN');
    }
    const rows = await t.ds.query(`SELECT 1 FROM power_usage WHERE power_id = $1`, [power.id]);
    expect(rows).toEqual([]);
  });

  it('refuses a year out of range and negative cases, naming both fields', async () => {
    const power = await importPower(w.unit);
    const err = await t.fails(
      USAGE,
      { input: { powerId: power.id, year: 1999, cases: -1 } },
      w.tokens.unitLegal,
    );
    expect(err.extensions.code).toBe('BAD_USER_INPUT');
    expect(err.extensions.fields).toEqual(
      expect.arrayContaining([
        { path: 'input.year', message: '不能小于 2000' },
        { path: 'input.cases', message: '不能小于 0' },
      ]),
    );
  });
});

describe('validation', () => {
  it('refuses a filing before the decision, on input.filedOn', async () => {
    const err = await t.fails(
      FILING,
      {
        input: {
          unitId: w.unit.id,
          caseName: '案件',
          decidedOn: '2025-05-06',
          filedOn: '2025-05-01',
          formCompliant: true,
        },
      },
      w.tokens.unitLegal,
    );
    expect(err.extensions.code).toBe('BAD_USER_INPUT');
    expect(err.extensions.fields).toEqual([
      { path: 'input.filedOn', message: '备案日期不能早于处罚决定日期（2025-05-06）' },
    ]);
  });

  it('refuses a supervised case due or answered before it was issued', async () => {
    const err = await t.fails(
      SUPERVISED,
      {
        input: {
          unitId: w.unit.id,
          title: '督办件',
          issuedOn: '2025-03-10',
          dueOn: '2025-03-01',
          answeredOn: '2025-03-09',
        },
      },
      w.tokens.unitLegal,
    );
    expect(err.extensions.code).toBe('BAD_USER_INPUT');
    expect(err.extensions.fields).toEqual([
      { path: 'input.dueOn', message: '办结期限不能早于交办日期（2025-03-10）' },
      { path: 'input.answeredOn', message: '办结反馈日期不能早于交办日期（2025-03-10）' },
    ]);
  });

  it('refuses a normative document with no date, or with its steps out of order', async () => {
    const base = { unitId: w.unit.id, title: '通知', handledOnline: true };
    const none = await t.fails(NORMATIVE, { input: base }, w.tokens.unitLegal);
    expect(none.extensions.fields).toEqual([
      { path: 'input.publishedOn', message: '发布日期与计划、起草、备案日期至少应填写一项' },
    ]);
    const disordered = await t.fails(
      NORMATIVE,
      { input: { ...base, plannedOn: '2025-03-01', publishedOn: '2025-02-01' } },
      w.tokens.unitLegal,
    );
    expect(disordered.extensions.fields).toEqual([
      { path: 'input.publishedOn', message: '发布日期不能早于计划日期（2025-03-01）' },
    ]);
  });

  it('refuses an officer who left with no date of the change, or updated before it', async () => {
    const base = { unitId: w.unit.id, name: '李四', certificateNo: 'ZF1', viaPlatform: true };
    const noDate = await t.fails(
      OFFICER,
      { input: { ...base, status: 'RETIRED' } },
      w.tokens.admin,
    );
    expect(noDate.extensions.fields).toEqual([
      { path: 'input.changedOn', message: '人员调离、退休或证件注销时应填写变动日期' },
    ]);
    const early = await t.fails(
      OFFICER,
      { input: { ...base, status: 'ACTIVE', changedOn: '2025-05-01', updatedOn: '2025-04-30' } },
      w.tokens.admin,
    );
    expect(early.extensions.fields).toEqual([
      { path: 'input.updatedOn', message: '更新日期不能早于变动日期（2025-05-01）' },
    ]);
  });

  it('refuses a reconsideration case reported before it was received', async () => {
    const err = await t.fails(
      RECONSIDERATION,
      {
        input: {
          unitId: w.unit.id,
          kind: 'LITIGATION',
          receivedOn: '2025-07-01',
          handledOnline: true,
          reportedOn: '2025-06-30',
        },
      },
      w.tokens.unitLegal,
    );
    expect(err.extensions.fields).toEqual([
      { path: 'input.reportedOn', message: '报送日期不能早于收案日期（2025-07-01）' },
    ]);
  });

  it('lists every bad field of the input with its path', async () => {
    // a malformed id is refused by the schema's input guard before the input's own checks run
    const id = await t.fails(
      REPORT,
      { input: { unitId: 'not-a-uuid', year: 2026, period: 'ANNUAL' } },
      w.tokens.admin,
    );
    expect(id.extensions.code).toBe('BAD_USER_INPUT');
    expect(id.extensions.fields).toEqual([{ path: 'input.unitId', message: expect.any(String) }]);
    const err = await t.fails(
      REPORT,
      { input: { unitId: w.unit.id, year: 2101, period: 'ANNUAL' } },
      w.tokens.admin,
    );
    expect(err.extensions.code).toBe('BAD_USER_INPUT');
    expect(err.extensions.fields).toEqual(
      expect.arrayContaining([{ path: 'input.year', message: '不能大于 2100' }]),
    );
    const blank = await t.fails(
      SUPERVISED,
      {
        input: { unitId: w.unit.id, title: '  ', issuedOn: '2025-01-01', dueOn: '2025-01-31' },
      },
      w.tokens.admin,
    );
    expect(blank.extensions.fields).toEqual([{ path: 'input.title', message: '不能为空' }]);
  });

  it('writes nothing when the input is refused', async () => {
    const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM major_penalty_filing`);
    await t.fails(
      FILING,
      {
        input: {
          unitId: w.unit.id,
          caseName: '案件',
          decidedOn: '2025-05-06',
          filedOn: '2025-05-01',
          formCompliant: true,
        },
      },
      w.tokens.unitLegal,
    );
    const [{ n: after }] = await t.ds.query(`SELECT count(*)::int AS n FROM major_penalty_filing`);
    expect(after).toBe(n);
  });
});

describe('who may record', () => {
  const records = () =>
    [
      [NORMATIVE, { title: '通知', publishedOn: '2025-03-01', handledOnline: true }],
      [OFFICER, { name: '王五', certificateNo: 'ZF2', status: 'ACTIVE', viaPlatform: true }],
      [FILING, { caseName: '案件', decidedOn: '2025-05-06', formCompliant: true }],
      [REPORT, { year: 2022, period: 'ANNUAL' }],
      [SUPERVISED, { title: '督办件', issuedOn: '2025-01-01', dueOn: '2025-01-31' }],
      [RECONSIDERATION, { kind: 'RECONSIDERATION', receivedOn: '2025-01-01', handledOnline: true }],
    ] as const;

  it('is FORBIDDEN for a unit outside the caller’s scope, and writes nothing', async () => {
    const before = await t.ds.query(`SELECT count(*)::int AS n FROM audit_entry`);
    for (const [query, fields] of records()) {
      for (const token of [w.tokens.unitLegal, w.tokens.unitOperator, w.tokens.countyReviewer]) {
        const err = await t.fails(query, { input: { unitId: w.otherUnit.id, ...fields } }, token);
        expect(err.extensions.code).toBe('FORBIDDEN');
      }
    }
    const after = await t.ds.query(`SELECT count(*)::int AS n FROM audit_entry`);
    expect(after[0].n).toBe(before[0].n);
  });

  it('lets a unit’s own users, reviewers over it and admins record for it', async () => {
    for (const [query, fields] of records()) {
      for (const token of [w.tokens.otherUnitLegal, w.tokens.otherReviewer, w.tokens.admin]) {
        const r = await t.gql(query, { input: { unitId: w.otherUnit.id, ...fields } }, token);
        expect(r.errors).toBeUndefined();
      }
    }
  });

  it('is FORBIDDEN for an assessor, even in scope', async () => {
    for (const [query, fields] of records()) {
      const err = await t.fails(
        query,
        { input: { unitId: w.unit.id, ...fields } },
        w.tokens.assessor,
      );
      expect(err.extensions.code).toBe('FORBIDDEN');
    }
    const power = await importPower(w.unit);
    const err = await t.fails(
      USAGE,
      { input: { powerId: power.id, year: 2025, cases: 1 } },
      w.tokens.assessor,
    );
    expect(err.extensions.code).toBe('FORBIDDEN');
  });

  it('is UNAUTHENTICATED without a token', async () => {
    const [query, fields] = records()[0];
    const err = await t.fails(query, { input: { unitId: w.unit.id, ...fields } });
    expect(err.extensions.code).toBe('UNAUTHENTICATED');
  });

  it('is NOT_FOUND for a unit that does not exist', async () => {
    const [query, fields] = records()[2];
    const err = await t.fails(
      query,
      { input: { unitId: '00000000-0000-4000-8000-000000000000', ...fields } },
      w.tokens.admin,
    );
    expect(err.extensions.code).toBe('NOT_FOUND');
  });
});
