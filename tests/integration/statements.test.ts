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
});
afterAll(() => t.close());

async function statementsFor(first: number): Promise<{ count: number; edges: number }> {
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
    // user, count, page, units, regions, versions, subject units, co-implementers, bases, documents
    expect(large.count).toBeLessThanOrEqual(10);
  });
});
