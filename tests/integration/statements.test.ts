import { makeWorld, penaltyDraft, type World } from '../helpers/factories';
import { startTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let w: World;

const PAGE = `query($first: Int) { powers(first: $first) {
  totalCount
  edges { node {
    code status
    unit { code region { code name } }
    current {
      versionNo name category
      subject { type unit { code } coImplementers { code } }
      legalBases { articles document { title level } }
    }
  } }
} }`;

/** The page of powers `npm run bench:api` loads. */
const BENCH_PAGE = `{ powers(first: 50) { edges { node {
  code status unit { name } current { name category legalBases { articles document { title } } }
} } } }`;

beforeAll(async () => {
  t = await startTestApp();
  w = await makeWorld(t);
  const input = [];
  for (let i = 1; i <= 120; i++) {
    const unit = i % 2 ? w.unit : w.otherUnit;
    const draft = penaltyDraft(unit, i % 3 ? w.law.id : w.repealedLaw.id, i);
    draft.subject = {
      unitId: unit.id,
      type: 'STATUTORY',
      coImplementerIds: [w.cityUnit.id],
    } as never;
    input.push({ unitId: unit.id, draft });
  }
  await t.ok(
    `mutation($i: [ImportPowerInput!]!) { importPowers(input: $i) { created } }`,
    { i: input },
    w.tokens.admin,
  );
}, 60_000);
afterAll(() => t.close());

/** Statements one request sends; `fresh` drops the user's cached row first, so it counts too. */
async function statements(query: string, token: string, userId: string, fresh: boolean) {
  if (fresh) t.services.auth.forget(userId);
  const before = t.counter.count;
  const data = await t.ok(query, {}, token);
  return { count: t.counter.count - before, data };
}

async function statementsFor(first: number): Promise<{ count: number; edges: number }> {
  t.services.auth.forget(w.userIds.cityReviewer);
  const before = t.counter.count;
  const r = await t.ok(PAGE, { first }, w.tokens.cityReviewer);
  return { count: t.counter.count - before, edges: r.powers.edges.length };
}

describe('listing powers with their relations', () => {
  it('costs the same number of statements for 5 powers as for 100', async () => {
    const small = await statementsFor(5);
    const large = await statementsFor(100);
    expect(small.edges).toBe(5);
    expect(large.edges).toBe(100);
    expect(large.count).toBe(small.count);
    // user, count, page (with units and versions), regions, subject units, co-implementers, bases
    expect(large.count).toBeLessThanOrEqual(7);
  });
});

describe('the page of powers the API benchmark loads', () => {
  it('costs at most 3 statements, the authentication of a new request included', async () => {
    const r = await statements(BENCH_PAGE, w.tokens.cityReviewer, w.userIds.cityReviewer, true);
    expect(r.data.powers.edges).toHaveLength(50);
    expect(r.data.powers.edges[0].node.current.legalBases[0].document.title).toContain('测试');
    expect(r.count).toBeLessThanOrEqual(3);
  });

  it('costs one statement fewer while the user is still remembered', async () => {
    await t.ok(BENCH_PAGE, {}, w.tokens.cityReviewer);
    const warm = await statements(BENCH_PAGE, w.tokens.cityReviewer, '', false);
    const cold = await statements(BENCH_PAGE, w.tokens.cityReviewer, w.userIds.cityReviewer, true);
    expect(warm.count).toBe(cold.count - 1);
  });

  it('counts the catalog only when totalCount is selected, in one more statement', async () => {
    const without = await statements(BENCH_PAGE, w.tokens.cityReviewer, '', false);
    const withCount = await statements(
      BENCH_PAGE.replace('powers(first: 50) {', 'powers(first: 50) { totalCount'),
      w.tokens.cityReviewer,
      '',
      false,
    );
    expect(withCount.data.powers.totalCount).toBe(120);
    expect(withCount.count).toBe(without.count + 1);
  });

  it('reads a power by code with its current version in one statement', async () => {
    const r = await statements(
      `{ power(code: "${w.unit.code}-CF-0001") { code current { name versionNo } } }`,
      w.tokens.cityReviewer,
      '',
      false,
    );
    expect(r.data.power.current.versionNo).toBe(1);
    expect(r.count).toBe(1);
  });
});

describe("a unit's scorecard", () => {
  const CARD = `query($scheme: String!, $unitId: ID!) {
    scorecard(scheme: $scheme, unitId: $unitId, from: "2026-01-01", to: "2026-06-30") { score }
  }`;
  const cardStatements = async (scheme: string) => {
    await t.ok(CARD, { scheme, unitId: w.unit.id }, w.tokens.assessor);
    const before = t.counter.count;
    await t.ok(CARD, { scheme, unitId: w.unit.id }, w.tokens.assessor);
    return t.counter.count - before;
  };

  it('reads its event detectors, findings and appeals in one statement, whatever the scheme names', async () => {
    // district: six event detectors; municipal: two
    const district = await cardStatements('DISTRICT_SANHEYI');
    const municipal = await cardStatements('MUNICIPAL');
    // unit, transaction, state-based items, their evidence (the defective powers; their documents
    // and coding rules), events with findings and appeals, commit
    expect(district).toBeLessThanOrEqual(7);
    expect(municipal).toBeLessThanOrEqual(7);
  });
});
