import { makeWorld, penaltyDraft, type World } from '../helpers/factories';
import { startTestApp, type TestApp } from '../helpers/test-app';

/**
 * Every operation of the catalog for every role: allowed, forbidden by role, or out of scope.
 * `expect` is the error code, or 'ok'.
 */
type Who = keyof World['tokens'] | 'anonymous';
type Outcome = 'ok' | 'FORBIDDEN' | 'UNAUTHENTICATED';

let t: TestApp;
let w: World;
let powerInUnit: string;
let powerInOtherUnit: string;
let seq = 100;
let amendSeq = 0;
let retractSeq = 0;
const retractable: string[] = [];

beforeAll(async () => {
  t = await startTestApp();
  w = await makeWorld(t);
  const r = await t.ok(
    `mutation($input: [ImportPowerInput!]!) { importPowers(input: $input) { powers { id } } }`,
    {
      input: [
        { unitId: w.unit.id, draft: penaltyDraft(w.unit, w.law.id, 1) },
        { unitId: w.otherUnit.id, draft: penaltyDraft(w.otherUnit, w.law.id, 1) },
      ],
    },
    w.tokens.admin,
  );
  [powerInUnit, powerInOtherUnit] = r.importPowers.powers.map((p: { id: string }) => p.id);
  // one amendment for each role to try to retract
  for (let i = 1; i <= 9; i++) {
    const a = await t.services.obligations.recordAmendment(
      { documentId: w.law.id, amendedOn: `2025-03-${String(i).padStart(2, '0')}`, note: '待撤销' },
      { kind: 'all' },
      { userId: null, requestId: 'test' },
    );
    retractable.push(a.amendment.id);
  }
}, 60_000);
afterAll(() => t.close());

interface Case {
  op: string;
  query: () => string;
  vars: () => Record<string, unknown>;
  outcomes: Partial<Record<Who, Outcome>>;
}

const ALL: Who[] = [
  'admin',
  'cityReviewer',
  'countyReviewer',
  'otherReviewer',
  'assessor',
  'unitLegal',
  'unitOperator',
  'otherUnitLegal',
  'anonymous',
];
/** Fills the roles not named with `rest`. */
const outcomes = (named: Partial<Record<Who, Outcome>>, rest: Outcome): Record<Who, Outcome> =>
  Object.fromEntries(
    ALL.map((who) => [who, who === 'anonymous' ? 'UNAUTHENTICATED' : (named[who] ?? rest)]),
  ) as Record<Who, Outcome>;

const cases: Case[] = [
  { op: 'me', query: () => `{ me { id role } }`, vars: () => ({}), outcomes: outcomes({}, 'ok') },
  {
    op: 'regions',
    query: () => `{ regions { id } }`,
    vars: () => ({}),
    outcomes: outcomes({}, 'ok'),
  },
  {
    op: 'region (the county)',
    query: () => `query($id: ID!) { region(id: $id) { id } }`,
    vars: () => ({ id: w.county.id }),
    outcomes: outcomes({ otherReviewer: 'FORBIDDEN', otherUnitLegal: 'FORBIDDEN' }, 'ok'),
  },
  {
    op: 'unit (the county unit)',
    query: () => `query($id: ID!) { unit(id: $id) { id } }`,
    vars: () => ({ id: w.unit.id }),
    outcomes: outcomes({ otherReviewer: 'FORBIDDEN', otherUnitLegal: 'FORBIDDEN' }, 'ok'),
  },
  {
    op: 'power (in the county unit)',
    query: () => `query($id: ID) { power(id: $id) { id } }`,
    vars: () => ({ id: powerInUnit }),
    outcomes: outcomes({ otherReviewer: 'FORBIDDEN', otherUnitLegal: 'FORBIDDEN' }, 'ok'),
  },
  {
    op: 'power (in the other unit)',
    query: () => `query($id: ID) { power(id: $id) { id } }`,
    vars: () => ({ id: powerInOtherUnit }),
    outcomes: outcomes(
      { countyReviewer: 'FORBIDDEN', unitLegal: 'FORBIDDEN', unitOperator: 'FORBIDDEN' },
      'ok',
    ),
  },
  {
    op: 'powers filtered to the county unit',
    query: () => `query($f: PowerFilter) { powers(filter: $f) { totalCount } }`,
    vars: () => ({ f: { unitId: w.unit.id } }),
    outcomes: outcomes({ otherReviewer: 'FORBIDDEN', otherUnitLegal: 'FORBIDDEN' }, 'ok'),
  },
  {
    op: 'powers filtered to the city region',
    query: () => `query($f: PowerFilter) { powers(filter: $f) { totalCount } }`,
    vars: () => ({ f: { regionId: w.city.id } }),
    outcomes: outcomes({ countyReviewer: 'FORBIDDEN', otherReviewer: 'FORBIDDEN' }, 'ok'),
  },
  {
    op: 'legalDocuments',
    query: () => `{ legalDocuments { id } }`,
    vars: () => ({}),
    outcomes: outcomes({}, 'ok'),
  },
  {
    op: 'legalDocument',
    query: () => `query($id: ID!) { legalDocument(id: $id) { id } }`,
    vars: () => ({ id: w.law.id }),
    outcomes: outcomes({}, 'ok'),
  },
  {
    op: 'createRegion',
    query: () => `mutation($i: CreateRegionInput!) { createRegion(input: $i) { id } }`,
    vars: () => ({ i: { code: String(900000 + ++seq), name: '新省', level: 'PROVINCE' } }),
    outcomes: outcomes({ admin: 'ok' }, 'FORBIDDEN'),
  },
  {
    op: 'setCodingRule (of the county)',
    query: () =>
      `mutation($r: ID!, $p: String) { setCodingRule(regionId: $r, pattern: $p) { codingRule { pattern } } }`,
    vars: () => ({ r: w.county.id, p: '{unit}-{letters}-{seq4}' }),
    outcomes: outcomes(
      { admin: 'ok', cityReviewer: 'ok', countyReviewer: 'ok', otherReviewer: 'FORBIDDEN' },
      'FORBIDDEN',
    ),
  },
  {
    op: 'createUnit',
    query: () => `mutation($i: CreateUnitInput!) { createUnit(input: $i) { id } }`,
    vars: () => ({ i: { code: `U${++seq}`, name: '新单位', regionId: w.county.id } }),
    outcomes: outcomes({ admin: 'ok' }, 'FORBIDDEN'),
  },
  {
    op: 'createUser',
    query: () => `mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`,
    vars: () => ({
      i: {
        username: `acc${++seq}`,
        password: 'password-123',
        role: 'ASSESSOR',
        regionId: w.city.id,
      },
    }),
    outcomes: outcomes({ admin: 'ok' }, 'FORBIDDEN'),
  },
  {
    op: 'createLegalDocument',
    query: () =>
      `mutation($i: CreateLegalDocumentInput!) { createLegalDocument(input: $i) { id } }`,
    vars: () => ({
      i: {
        title: `某某条例${++seq}`,
        issuer: '省人大常委会',
        level: 'LOCAL_REGULATION',
        promulgatedOn: '2024-05-01',
      },
    }),
    outcomes: outcomes(
      { admin: 'ok', cityReviewer: 'ok', countyReviewer: 'ok', otherReviewer: 'ok' },
      'FORBIDDEN',
    ),
  },
  {
    op: 'importPowers into the county unit',
    query: () => `mutation($i: [ImportPowerInput!]!) { importPowers(input: $i) { created } }`,
    vars: () => ({ i: [{ unitId: w.unit.id, draft: penaltyDraft(w.unit, w.law.id, ++seq) }] }),
    outcomes: outcomes({ admin: 'ok', cityReviewer: 'ok', countyReviewer: 'ok' }, 'FORBIDDEN'),
  },
  {
    op: 'calendarYears',
    query: () => `{ calendarYears { year } }`,
    vars: () => ({}),
    outcomes: outcomes({}, 'ok'),
  },
  {
    op: 'deadlineWarnings filtered to the county unit',
    query: () => `query($u: ID!) { deadlineWarnings(filter: { unitId: $u }) { totalCount } }`,
    vars: () => ({ u: w.unit.id }),
    outcomes: outcomes({ otherReviewer: 'FORBIDDEN', otherUnitLegal: 'FORBIDDEN' }, 'ok'),
  },
  {
    op: 'obligations of a power in the county unit',
    query: () =>
      `query($p: ID!) { obligations(filter: { powerId: $p }, orderBy: DUE_SOONEST) { totalCount } }`,
    vars: () => ({ p: powerInUnit }),
    outcomes: outcomes({ otherReviewer: 'FORBIDDEN', otherUnitLegal: 'FORBIDDEN' }, 'ok'),
  },
  {
    op: 'changeRequests due soonest',
    query: () =>
      `{ changeRequests(orderBy: DUE_SOONEST, filter: { overdue: true }) { totalCount } }`,
    vars: () => ({}),
    outcomes: outcomes({}, 'ok'),
  },
  {
    op: 'recordAmendment (applied in the recorder’s scope)',
    query: () => `mutation($i: RecordAmendmentInput!) { recordAmendment(input: $i) { id } }`,
    vars: () => ({
      i: {
        documentId: w.law.id,
        amendedOn: `2025-04-${String(++amendSeq).padStart(2, '0')}`,
        note: '修改',
      },
    }),
    outcomes: outcomes(
      { admin: 'ok', cityReviewer: 'ok', countyReviewer: 'ok', otherReviewer: 'ok' },
      'FORBIDDEN',
    ),
  },
  {
    op: 'retractAmendment (withdraws in the caller’s scope)',
    query: () => `mutation($id: ID!) { retractAmendment(id: $id, reason: "误录") { id } }`,
    vars: () => ({ id: retractable[retractSeq++] }),
    outcomes: outcomes(
      { admin: 'ok', cityReviewer: 'ok', countyReviewer: 'ok', otherReviewer: 'ok' },
      'FORBIDDEN',
    ),
  },
];

describe.each(cases)('$op', (c) => {
  it.each(ALL)('as %s', async (who) => {
    const token = who === 'anonymous' ? undefined : w.tokens[who];
    const r = await t.gql(c.query(), c.vars(), token);
    const expected = c.outcomes[who];
    if (expected === 'ok') {
      expect(r.errors).toBeUndefined();
    } else {
      expect(r.errors?.[0]?.extensions.code).toBe(expected);
    }
  });
});

describe('tokens', () => {
  it('refuses a forged token with UNAUTHENTICATED', async () => {
    const r = await t.gql(`{ me { id } }`, {}, w.tokens.admin.slice(0, -4) + 'AAAA');
    expect(r.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a wrong password with UNAUTHENTICATED and logs in with the right one', async () => {
    await t.services.auth.createUser(
      { username: 'loginuser', password: 'right-password', role: 'ADMIN' },
      { userId: null, requestId: null },
    );
    const bad = await t.gql(
      `mutation { login(username: "loginuser", password: "wrong-password") { token } }`,
    );
    expect(bad.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    const good = await t.ok(
      `mutation { login(username: "loginuser", password: "right-password") { token user { username role } } }`,
    );
    expect(good.login.user).toEqual({ username: 'loginuser', role: 'ADMIN' });
    const me = await t.ok(`{ me { username } }`, {}, good.login.token);
    expect(me.me.username).toBe('loginuser');
  });

  it('refuses an expired token with UNAUTHENTICATED', async () => {
    const { TokenService } = await import('../../src/modules/auth/token');
    const expired = new TokenService('test-secret-test-secret-test-secret!', 1);
    const token = await expired.sign(w.userIds.admin);
    await new Promise((r) => setTimeout(r, 2100));
    const r = await t.gql(`{ me { id } }`, {}, token);
    expect(r.errors?.[0]).toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
      message: '登录已过期，请重新登录',
    });
  });

  it('shows a county reviewer only their subtree in the regions list', async () => {
    const r = await t.ok(`{ regions { code } }`, {}, w.tokens.countyReviewer);
    expect(r.regions.map((x: { code: string }) => x.code)).toEqual([w.county.code]);
    const city = await t.ok(
      `{ regions { code children { code } units { code } } }`,
      {},
      w.tokens.cityReviewer,
    );
    expect(city.regions.map((x: { code: string }) => x.code)).toEqual([
      w.city.code,
      w.county.code,
      w.otherCounty.code,
    ]);
  });
});
