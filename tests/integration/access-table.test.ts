import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { buildSchema, getNamedType, isInputObjectType, isObjectType } from 'graphql';

import { User } from '../../src/modules/auth/user.entity';
import { makeUser, makeWorld, penaltyDraft, type World } from '../helpers/factories';
import { startTestApp, type TestApp } from '../helpers/test-app';

/**
 * The access table (DOMAIN.md, "Scope is a boundary"): every `ID` argument and every `ID` field
 * of every input type of the emitted schema has an entry here, and each entry is tried by every
 * role with an id inside the role's scope and one outside it. Outside: FORBIDDEN, nothing
 * written. Inside: never refused for scope (the role may still be refused for its role, or the
 * request for its state). A new `ID` field without an entry fails the first test.
 */

type Who = keyof World['tokens'];
const ROLES: Who[] = [
  'admin',
  'cityReviewer',
  'countyReviewer',
  'otherReviewer',
  'assessor',
  'unitLegal',
  'unitOperator',
  'otherUnitLegal',
];
type Kind =
  | 'unit'
  | 'region'
  | 'power'
  | 'request'
  | 'obligation'
  | 'document'
  | 'finding'
  | 'appeal'
  | 'deduction';

let t: TestApp;
let w: World;
let seq = 500;
/** per unit key: a unit, a power of it, a draft request of it, an obligation of it */
const fixture: Record<
  'unit' | 'otherUnit' | 'provinceUnit' | 'unit2',
  {
    id: string;
    code: string;
    power: string;
    request: string;
    obligation: string;
    finding: string;
    appeal: string;
    deduction: string;
  }
> = {} as never;
let provinceRegion: string;

/** The unit each role works on (inside its scope) and one outside it (null: none is outside). */
const IN_UNIT: Record<Who, keyof typeof fixture> = {
  admin: 'unit',
  cityReviewer: 'unit',
  countyReviewer: 'unit',
  otherReviewer: 'otherUnit',
  assessor: 'unit',
  unitLegal: 'unit',
  unitOperator: 'unit',
  otherUnitLegal: 'otherUnit',
};
const OUT_UNIT: Record<Who, keyof typeof fixture | null> = {
  admin: null,
  cityReviewer: 'provinceUnit',
  countyReviewer: 'otherUnit',
  otherReviewer: 'unit',
  assessor: 'provinceUnit',
  unitLegal: 'otherUnit',
  unitOperator: 'otherUnit',
  otherUnitLegal: 'unit',
};

/** A region inside / outside the role's scope (for a unit role: its own region / another). */
function regionFor(who: Who, inside: boolean): string | null {
  const own = IN_UNIT[who] === 'otherUnit' ? w.otherCounty.id : w.county.id;
  const other = IN_UNIT[who] === 'otherUnit' ? w.county.id : w.otherCounty.id;
  if (inside) return own;
  if (who === 'admin') return null;
  if (who === 'cityReviewer' || who === 'assessor') return provinceRegion;
  return other;
}

function idFor(kind: Kind, who: Who, inside: boolean): string | null {
  if (kind === 'document') return inside ? w.law.id : null;
  if (kind === 'region') return regionFor(who, inside);
  const key = inside ? IN_UNIT[who] : OUT_UNIT[who];
  if (!key) return null;
  const f = fixture[key];
  return {
    unit: f.id,
    power: f.power,
    request: f.request,
    obligation: f.obligation,
    finding: f.finding,
    appeal: f.appeal,
    deduction: f.deduction,
  }[kind];
}

interface Entry {
  kind: Kind;
  /** the operation that names the id, for a role */
  op: (id: string, who: Who) => { query: string; vars: Record<string, unknown> };
  /** regions a unit role may only read, never manage: no id inside its scope */
  manage?: boolean;
  /** a list filter: an id outside the scope is FORBIDDEN like any other */
  note?: string;
}

const q = (query: string, vars: Record<string, unknown>) => ({ query, vars });
const draftFor = (unitKey: keyof typeof fixture, over = {}) =>
  penaltyDraft(fixture[unitKey], w.law.id, ++seq, over);
const ownerOf = (who: Who) => IN_UNIT[who];
const supervision = (mutation: string, input: string, extra: Record<string, unknown>) => ({
  kind: 'unit' as const,
  op: (id: string) =>
    q(`mutation($i: ${input}!) { ${mutation}(input: $i) { id } }`, { i: { unitId: id, ...extra } }),
});
/** ADD filed by a unit role, import by the others: the draft's subject names the unit */
const draftOp = (subject: (id: string, who: Who) => object) => (id: string, who: Who) => {
  const unitKey = ownerOf(who);
  const draft = draftFor(unitKey, { subject: subject(id, who) });
  if (who === 'unitLegal' || who === 'unitOperator' || who === 'otherUnitLegal') {
    return q(`mutation($i: CreateChangeRequestInput!) { createChangeRequest(input: $i) { id } }`, {
      i: { kind: 'ADD', unitId: fixture[unitKey].id, reason: '新增', draft },
    });
  }
  return q(`mutation($i: [ImportPowerInput!]!) { importPowers(input: $i) { created } }`, {
    i: [{ unitId: fixture[unitKey].id, draft }],
  });
};
const period = { scheme: 'DISTRICT_SANHEYI', from: '2026-01-01', to: '2026-06-30' };

/** The fixture unit a finding, appeal or deduction id belongs to. */
const unitOf = (id: string) =>
  Object.values(fixture).find((f) => [f.finding, f.appeal, f.deduction].includes(id))!.id;

const TABLE: Record<string, Entry> = {
  'AppealFilter.regionId': {
    kind: 'region',
    op: (id) =>
      q(`query($f: AppealFilter) { appeals(filter: $f) { id } }`, { f: { regionId: id } }),
  },
  'AppealFilter.unitId': {
    kind: 'unit',
    op: (id) => q(`query($f: AppealFilter) { appeals(filter: $f) { id } }`, { f: { unitId: id } }),
  },
  'AppealInput.deductionId': {
    kind: 'deduction',
    note: 'the deduction of a unit’s card: its unit is the one in scope',
    op: (id) =>
      q(`mutation($i: AppealInput!) { fileAppeal(input: $i) { id } }`, {
        i: { ...period, unitId: unitOf(id), deductionId: id, reason: '申诉' },
      }),
  },
  'AppealInput.unitId': {
    kind: 'unit',
    op: (id) =>
      q(`mutation($i: AppealInput!) { fileAppeal(input: $i) { id } }`, {
        i: {
          ...period,
          unitId: id,
          deductionId: '00000000-0000-4000-8000-000000000000',
          reason: '申诉',
        },
      }),
  },
  'AuditFilter.entityId': {
    kind: 'unit',
    note: 'entries are filtered by the scope they were written in',
    op: (id) =>
      q(`query($f: AuditFilter) { auditEntries(filter: $f) { totalCount } }`, {
        f: { entityId: id },
      }),
  },
  'ChangeRequestFilter.regionId': {
    kind: 'region',
    op: (id) =>
      q(`query($f: ChangeRequestFilter) { changeRequests(filter: $f) { totalCount } }`, {
        f: { regionId: id },
      }),
  },
  'ChangeRequestFilter.unitId': {
    kind: 'unit',
    op: (id) =>
      q(`query($f: ChangeRequestFilter) { changeRequests(filter: $f) { totalCount } }`, {
        f: { unitId: id },
      }),
  },
  'CreateChangeRequestInput.obligationId': {
    kind: 'obligation',
    op: (id, who) =>
      q(`mutation($i: CreateChangeRequestInput!) { createChangeRequest(input: $i) { id } }`, {
        i: {
          kind: 'DORMANT',
          powerId: fixture[ownerOf(who)].power,
          reason: '答复',
          obligationId: id,
        },
      }),
  },
  'CreateChangeRequestInput.obligationIds': {
    kind: 'obligation',
    op: (id, who) =>
      q(`mutation($i: CreateChangeRequestInput!) { createChangeRequest(input: $i) { id } }`, {
        i: {
          kind: 'NO_CHANGE',
          powerId: fixture[ownerOf(who)].power,
          reason: '不涉及本事项',
          obligationIds: [id],
        },
      }),
  },
  'UpdateChangeRequestInput.obligationIds': {
    kind: 'obligation',
    note: 'tried on the role’s own draft, before it is withdrawn',
    op: (id, who) =>
      q(
        `mutation($id: ID!, $i: UpdateChangeRequestInput!) { updateChangeRequest(id: $id, input: $i) { id } }`,
        { id: fixture[ownerOf(who)].request, i: { obligationIds: [id] } },
      ),
  },
  'CreateChangeRequestInput.powerId': {
    kind: 'power',
    op: (id) =>
      q(`mutation($i: CreateChangeRequestInput!) { createChangeRequest(input: $i) { id } }`, {
        i: { kind: 'DORMANT', powerId: id, reason: '休眠' },
      }),
  },
  'CreateChangeRequestInput.unitId': {
    kind: 'unit',
    op: (id) =>
      q(`mutation($i: CreateChangeRequestInput!) { createChangeRequest(input: $i) { id } }`, {
        i: { kind: 'ADD', unitId: id, reason: '新增' },
      }),
  },
  'CreateRegionInput.parentId': {
    kind: 'region',
    manage: true,
    note: 'admin only',
    op: (id) =>
      q(`mutation($i: CreateRegionInput!) { createRegion(input: $i) { id } }`, {
        i: { code: String(990000 + ++seq), name: '新区', level: 'COUNTY', parentId: id },
      }),
  },
  'CreateUnitInput.regionId': {
    kind: 'region',
    manage: true,
    note: 'admin only',
    op: (id) =>
      q(`mutation($i: CreateUnitInput!) { createUnit(input: $i) { id } }`, {
        i: { code: `X${++seq}`, name: '新单位', regionId: id },
      }),
  },
  'CreateUserInput.regionId': {
    kind: 'region',
    manage: true,
    note: 'admin only',
    op: (id) =>
      q(`mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, {
        i: { username: `t${++seq}`, password: 'password-123', role: 'ASSESSOR', regionId: id },
      }),
  },
  'CreateUserInput.unitId': {
    kind: 'unit',
    note: 'admin only',
    op: (id) =>
      q(`mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, {
        i: { username: `t${++seq}`, password: 'password-123', role: 'UNIT_LEGAL', unitId: id },
      }),
  },
  'EnforcementOfficerInput.unitId': supervision(
    'recordEnforcementOfficer',
    'EnforcementOfficerInput',
    {
      name: '张三',
      certificateNo: `C${seq}`,
      status: 'ACTIVE',
      viaPlatform: true,
    },
  ),
  'EnforcementReportInput.unitId': supervision(
    'recordEnforcementReport',
    'EnforcementReportInput',
    {
      year: 2025,
      period: 'ANNUAL',
    },
  ),
  'FindingInput.unitId': {
    kind: 'unit',
    op: (id) =>
      q(`mutation($i: FindingInput!) { recordFinding(input: $i) { points } }`, {
        i: {
          unitId: id,
          scheme: 'DISTRICT_SANHEYI',
          itemCode: '1',
          points: 0.5,
          reason: '抽查',
          occurredOn: '2026-03-01',
        },
      }),
  },
  'ImplementingSubjectInput.coImplementerIds': {
    kind: 'unit',
    note: 'a co-implementer of the owning unit’s own region is allowed too (tested below)',
    op: draftOp((id, who) => ({
      unitId: fixture[ownerOf(who)].id,
      type: 'STATUTORY',
      coImplementerIds: [id],
    })),
  },
  'ImplementingSubjectInput.unitId': {
    kind: 'unit',
    note: 'inside: the owning unit itself',
    op: draftOp((id) => ({ unitId: id, type: 'STATUTORY' })),
  },
  'ImportPowerInput.unitId': {
    kind: 'unit',
    op: (id) => {
      const key = (Object.keys(fixture) as (keyof typeof fixture)[]).find(
        (k) => fixture[k].id === id,
      )!;
      return q(`mutation($i: [ImportPowerInput!]!) { importPowers(input: $i) { created } }`, {
        i: [{ unitId: id, draft: draftFor(key) }],
      });
    },
  },
  'LegalBasisInput.documentId': {
    kind: 'document',
    note: 'the law library is shared: no document is outside anyone’s scope',
    op: (id) => q(`query($id: ID!) { legalDocument(id: $id) { id } }`, { id }),
  },
  'MajorPenaltyFilingInput.unitId': supervision(
    'recordMajorPenaltyFiling',
    'MajorPenaltyFilingInput',
    { caseName: '某案', decidedOn: '2026-02-01', formCompliant: true },
  ),
  'Mutation.decideAppeal(id)': {
    kind: 'appeal',
    op: (id) =>
      q(`mutation($id: ID!) { decideAppeal(id: $id, overturn: false, note: "维持") { id } }`, {
        id,
      }),
  },
  'Mutation.withdrawFinding(id)': {
    kind: 'finding',
    op: (id) => q(`mutation($id: ID!) { withdrawFinding(id: $id, reason: "误录") { id } }`, { id }),
  },
  'Mutation.approveChangeRequest(id)': {
    kind: 'request',
    op: (id) => q(`mutation($id: ID!) { approveChangeRequest(id: $id) { id } }`, { id }),
  },
  'Mutation.recordUnitAdjustment(unitId)': {
    kind: 'unit',
    op: (id) =>
      q(
        `mutation($u: ID!) { recordUnitAdjustment(unitId: $u, decidedOn: "2026-03-01", note: "职能调整") { id } }`,
        { u: id },
      ),
  },
  'Mutation.rejectChangeRequest(id)': {
    kind: 'request',
    op: (id) =>
      q(`mutation($id: ID!) { rejectChangeRequest(id: $id, note: "不符") { id } }`, { id }),
  },
  'Mutation.setCodingRule(regionId)': {
    kind: 'region',
    manage: true,
    op: (id) =>
      q(`mutation($r: ID!) { setCodingRule(regionId: $r, pattern: null) { id } }`, { r: id }),
  },
  'Mutation.setWindowPolicy(regionId)': {
    kind: 'region',
    manage: true,
    op: (id) =>
      q(
        `mutation($r: ID!) { setWindowPolicy(regionId: $r, policy: { days: 30, count: WORKING_DAYS, measure: FILED }) { id } }`,
        { r: id },
      ),
  },
  'Mutation.submitChangeRequest(id)': {
    kind: 'request',
    op: (id) => q(`mutation($id: ID!) { submitChangeRequest(id: $id) { id } }`, { id }),
  },
  'Mutation.updateChangeRequest(id)': {
    kind: 'request',
    op: (id) =>
      q(`mutation($id: ID!) { updateChangeRequest(id: $id, input: { reason: "改" }) { id } }`, {
        id,
      }),
  },
  'Mutation.withdrawChangeRequest(id)': {
    kind: 'request',
    note: 'withdrawing ends the request: tried on its own request, last',
    op: (id) => q(`mutation($id: ID!) { withdrawChangeRequest(id: $id) { id } }`, { id }),
  },
  'NormativeDocumentInput.unitId': supervision(
    'recordNormativeDocument',
    'NormativeDocumentInput',
    { title: '某规范性文件', handledOnline: true, publishedOn: '2026-02-01' },
  ),
  'ObligationFilter.regionId': {
    kind: 'region',
    op: (id) =>
      q(`query($f: ObligationFilter) { obligations(filter: $f) { totalCount } }`, {
        f: { regionId: id },
      }),
  },
  'ObligationFilter.unitId': {
    kind: 'unit',
    op: (id) =>
      q(`query($f: ObligationFilter) { obligations(filter: $f) { totalCount } }`, {
        f: { unitId: id },
      }),
  },
  'ObligationFilter.powerId': {
    kind: 'power',
    op: (id) =>
      q(`query($f: ObligationFilter) { obligations(filter: $f) { totalCount } }`, {
        f: { powerId: id },
      }),
  },
  'WarningFilter.regionId': {
    kind: 'region',
    op: (id) =>
      q(`query($f: WarningFilter) { deadlineWarnings(filter: $f) { totalCount } }`, {
        f: { regionId: id },
      }),
  },
  'WarningFilter.unitId': {
    kind: 'unit',
    op: (id) =>
      q(`query($f: WarningFilter) { deadlineWarnings(filter: $f) { totalCount } }`, {
        f: { unitId: id },
      }),
  },
  'Mutation.retractAmendment(id)': {
    kind: 'document',
    note: 'an amendment is a fact about the shared law library; retracting withdraws only the caller’s obligations',
    op: (id) =>
      q(`mutation($id: ID!) { retractAmendment(id: $id, reason: "误录") { id } }`, { id }),
  },
  'PowerFilter.regionId': {
    kind: 'region',
    op: (id) =>
      q(`query($f: PowerFilter) { powers(filter: $f) { totalCount } }`, { f: { regionId: id } }),
  },
  'PowerFilter.unitId': {
    kind: 'unit',
    op: (id) =>
      q(`query($f: PowerFilter) { powers(filter: $f) { totalCount } }`, { f: { unitId: id } }),
  },
  'PowerUsageInput.powerId': {
    kind: 'power',
    op: (id) =>
      q(`mutation($i: PowerUsageInput!) { recordPowerUsage(input: $i) { year } }`, {
        i: { powerId: id, year: 2025, cases: 3 },
      }),
  },
  'Query.changeRequest(id)': {
    kind: 'request',
    op: (id) => q(`query($id: ID!) { changeRequest(id: $id) { id } }`, { id }),
  },
  'Query.legalDocument(id)': {
    kind: 'document',
    note: 'the law library is shared',
    op: (id) => q(`query($id: ID!) { legalDocument(id: $id) { id } }`, { id }),
  },
  'Query.power(id)': {
    kind: 'power',
    op: (id) => q(`query($id: ID) { power(id: $id) { id } }`, { id }),
  },
  'Query.ranking(regionId)': {
    kind: 'region',
    manage: true,
    op: (id) =>
      q(
        `query($r: ID!, $s: String!, $f: Date!, $t: Date!) { ranking(regionId: $r, scheme: $s, from: $f, to: $t) { rank } }`,
        { r: id, s: period.scheme, f: period.from, t: period.to },
      ),
  },
  'Query.region(id)': {
    kind: 'region',
    op: (id) => q(`query($id: ID!) { region(id: $id) { id } }`, { id }),
  },
  'Query.scorecard(regionId)': {
    kind: 'region',
    manage: true,
    op: (id) =>
      q(
        `query($r: ID, $s: String!, $f: Date!, $t: Date!) { scorecard(regionId: $r, scheme: $s, from: $f, to: $t) { score } }`,
        { r: id, s: period.scheme, f: period.from, t: period.to },
      ),
  },
  'Query.findings(regionId)': {
    kind: 'region',
    manage: true,
    op: (id) =>
      q(
        `query($r: ID, $s: String!, $f: Date!, $t: Date!) { findings(regionId: $r, scheme: $s, from: $f, to: $t) { id } }`,
        { r: id, s: period.scheme, f: period.from, t: period.to },
      ),
  },
  'Query.findings(unitId)': {
    kind: 'unit',
    op: (id) =>
      q(
        `query($u: ID, $s: String!, $f: Date!, $t: Date!) { findings(unitId: $u, scheme: $s, from: $f, to: $t) { id } }`,
        { u: id, s: period.scheme, f: period.from, t: period.to },
      ),
  },
  'Query.scorecard(unitId)': {
    kind: 'unit',
    op: (id) =>
      q(
        `query($u: ID, $s: String!, $f: Date!, $t: Date!) { scorecard(unitId: $u, scheme: $s, from: $f, to: $t) { score } }`,
        { u: id, s: period.scheme, f: period.from, t: period.to },
      ),
  },
  'Query.unit(id)': {
    kind: 'unit',
    op: (id) => q(`query($id: ID!) { unit(id: $id) { id } }`, { id }),
  },
  'ReconsiderationCaseInput.unitId': supervision(
    'recordReconsiderationCase',
    'ReconsiderationCaseInput',
    { kind: 'RECONSIDERATION', receivedOn: '2026-02-01', handledOnline: true },
  ),
  'RecordAmendmentInput.documentId': {
    kind: 'document',
    note: 'shared library; what recording causes stays in scope (tested below)',
    op: (id) =>
      q(`mutation($i: RecordAmendmentInput!) { recordAmendment(input: $i) { id } }`, {
        i: { documentId: id, amendedOn: '2026-04-01', note: `修改${++seq}` },
      }),
  },
  'SupervisedCaseInput.unitId': supervision('recordSupervisedCase', 'SupervisedCaseInput', {
    title: '督办',
    issuedOn: '2026-02-01',
    dueOn: '2026-03-01',
  }),
};

/** Every ID argument and ID field of an input type in the emitted schema. */
function idCoordinates(): string[] {
  const sdl = readFileSync(path.join(__dirname, '../../schema/schema.graphql'), 'utf8');
  const schema = buildSchema(sdl);
  const out: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isInputObjectType(type)) {
      for (const f of Object.values(type.getFields()))
        if (getNamedType(f.type).name === 'ID') out.push(`${type.name}.${f.name}`);
    }
    if (isObjectType(type)) {
      for (const f of Object.values(type.getFields()))
        for (const a of f.args)
          if (getNamedType(a.type).name === 'ID') out.push(`${type.name}.${f.name}(${a.name})`);
    }
  }
  return out.sort();
}

beforeAll(async () => {
  t = await startTestApp();
  w = await makeWorld(t);
  const SYS = { userId: null, requestId: 'test' };
  provinceRegion = w.province.id;
  const provinceUnit = await t.services.regions.createUnit(
    { code: `${w.province.code}001`, name: '省司法厅', regionId: w.province.id },
    SYS,
  );
  const unit2 = await t.services.regions.createUnit(
    { code: `${w.county.code}002`, name: '区教育局', regionId: w.county.id },
    SYS,
  );
  const units = { unit: w.unit, otherUnit: w.otherUnit, provinceUnit, unit2 };
  for (const [key, u] of Object.entries(units) as [keyof typeof fixture, typeof w.unit][]) {
    const [power] = await t.services.powers.importPowers(
      { kind: 'all' },
      [{ unitId: u.id, status: 'ACTIVE', draft: penaltyDraft(u, w.law.id, ++seq) as never }],
      SYS,
    );
    const legal = await makeUser(t, 'UNIT_LEGAL', { unitId: u.id });
    const user = await t.ds.getRepository(User).findOneByOrFail({ id: legal.id });
    const cr = await t.services.changes.create(
      { kind: 'DORMANT', powerId: power.id, reason: '休眠' } as never,
      user,
      { kind: 'unit', unitId: u.id, regionId: '', path: '' },
      SYS,
    );
    const [ob] = await t.services.obligations.recordUnitAdjustment(
      u.id,
      '2026-03-01',
      '职能调整',
      { kind: 'all' },
      SYS,
    );
    const finding = await t.services.assessment.recordFinding(
      { kind: 'all' },
      {
        scheme: 'DISTRICT_SANHEYI',
        itemCode: '1',
        unitId: u.id,
        points: 0.5,
        reason: '抽查',
        occurredOn: '2026-03-01',
      },
      SYS,
    );
    const deduction = randomUUID();
    const [appeal] = await t.ds.query(
      `INSERT INTO appeal (scheme, deduction_id, item_code, unit_id, period_from, period_to, deduction, reason, filed_by_id)
       VALUES ('DISTRICT_SANHEYI', $1, '6', $2, '2026-01-01', '2026-06-30', '{}', '申诉', $3) RETURNING id`,
      [deduction, u.id, legal.id],
    );
    fixture[key] = {
      id: u.id,
      code: u.code,
      power: power.id,
      request: cr.id,
      obligation: ob.id,
      finding: finding.id,
      appeal: appeal.id,
      deduction,
    };
  }
}, 60_000);
afterAll(() => t.close());

it('has an entry for every ID argument and every ID field of an input type, and no other', () => {
  expect(Object.keys(TABLE).sort()).toEqual(idCoordinates());
});

const auditCount = async () =>
  Number((await t.ds.query(`SELECT count(*)::int AS n FROM audit_entry`))[0].n);

describe.each(Object.entries(TABLE))('%s', (_coordinate, entry) => {
  it.each(ROLES)('outside the scope of %s: FORBIDDEN and nothing written', async (who) => {
    const id = idFor(entry.kind, who, false);
    if (id === null) {
      // nothing is outside: the admin's scope is everything, and the law library is shared
      expect(who === 'admin' || entry.kind === 'document').toBe(true);
      return;
    }
    const before = await auditCount();
    const { query, vars } = entry.op(id, who);
    const r = await t.gql(query, vars, w.tokens[who]);
    if (_coordinate === 'AuditFilter.entityId' && !r.errors) {
      // the audit is read in one's own scope: an entity outside it shows no entries
      expect(r.data?.auditEntries.totalCount).toBe(0);
    } else {
      expect(r.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    }
    expect(await auditCount()).toBe(before);
  });

  it.each(ROLES)('inside the scope of %s: never refused for scope', async (who) => {
    const unitRole = who === 'unitLegal' || who === 'unitOperator' || who === 'otherUnitLegal';
    if (entry.manage && unitRole) return; // a unit role manages no region: nothing is inside
    const id = idFor(entry.kind, who, true)!;
    const { query, vars } = entry.op(id, who);
    const r = await t.gql(query, vars, w.tokens[who]);
    for (const e of r.errors ?? []) {
      // the operation itself is well-formed: only the id's scope is being tried
      expect(e.extensions.code).not.toMatch(/^(INTERNAL_SERVER_ERROR|GRAPHQL_.*)$/);
      expect(e.message).not.toMatch(/管辖范围/);
    }
  });
});

describe('what a draft names', () => {
  it('lets a unit name a co-implementer of its own region, not one of another county', async () => {
    const own = await t.gql(
      `mutation($i: CreateChangeRequestInput!) { createChangeRequest(input: $i) { id } }`,
      {
        i: {
          kind: 'ADD',
          unitId: w.unit.id,
          reason: '新增',
          draft: draftFor('unit', {
            subject: { unitId: w.unit.id, type: 'STATUTORY', coImplementerIds: [fixture.unit2.id] },
          }),
        },
      },
      w.tokens.unitLegal,
    );
    expect(own.errors).toBeUndefined();
  });

  it('refuses a subject other than the owning unit, even inside the scope', async () => {
    const r = await t.gql(
      `mutation($i: [ImportPowerInput!]!) { importPowers(input: $i) { created } }`,
      {
        i: [
          {
            unitId: w.unit.id,
            draft: draftFor('unit', { subject: { unitId: fixture.unit2.id, type: 'STATUTORY' } }),
          },
        ],
      },
      w.tokens.countyReviewer,
    );
    expect(r.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'input[0].draft.subject.unitId' }],
    });
  });

  it('refuses to approve a draft naming a unit outside the reviewer’s scope', async () => {
    const legal = await t.ds.getRepository(User).findOneByOrFail({ id: w.userIds.unitLegal });
    const SYS = { userId: legal.id, requestId: 'test' };
    const all = { kind: 'all' } as const;
    const cr = await t.services.changes.create(
      {
        kind: 'ADD',
        unitId: w.unit.id,
        reason: '新增',
        draft: draftFor('unit', {
          subject: { unitId: w.unit.id, type: 'STATUTORY', coImplementerIds: [w.otherUnit.id] },
        }),
      } as never,
      legal,
      all,
      SYS,
    );
    await t.services.changes.submit(cr.id, legal, all, SYS);
    const r = await t.gql(
      `mutation($id: ID!) { approveChangeRequest(id: $id) { status } }`,
      { id: cr.id },
      w.tokens.countyReviewer,
    );
    expect(r.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const [{ status }] = await t.ds.query(`SELECT status FROM change_request WHERE id = $1`, [
      cr.id,
    ]);
    expect(status).toBe('SUBMITTED');
  });
});

describe('what a mutation causes', () => {
  it('opens obligations of an amendment only on powers in the recorder’s scope', async () => {
    const r = await t.ok(
      `mutation($i: RecordAmendmentInput!) { recordAmendment(input: $i) { id } }`,
      { i: { documentId: w.law.id, amendedOn: '2026-05-01', note: '县级复核的修改' } },
      w.tokens.countyReviewer,
    );
    const rows: { unit_id: string }[] = await t.ds.query(
      `SELECT unit_id FROM obligation WHERE amendment_id = $1`,
      [r.recordAmendment.id],
    );
    const county = new Set([w.unit.id, fixture.unit2.id]);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((o) => !county.has(o.unit_id))).toEqual([]);
  });
});
