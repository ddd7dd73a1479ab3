import { makeWorld, penaltyDraft, type World } from '../helpers/factories';
import { startTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let w: World;
let powerId: string;
const N = 12;

beforeAll(async () => {
  t = await startTestApp();
  w = await makeWorld(t);
  const r = await t.ok(
    `mutation($i: [ImportPowerInput!]!) { importPowers(input: $i) { powers { id } } }`,
    { i: [{ unitId: w.unit.id, draft: penaltyDraft(w.unit, w.law.id, 1) }] },
    w.tokens.admin,
  );
  powerId = r.importPowers.powers[0].id;
});
afterAll(() => t.close());

describe('concurrent approvals of one power', () => {
  it('apply one after the other: no update is lost, versions stay contiguous with one open', async () => {
    const ids: string[] = [];
    for (let i = 0; i < N; i++) {
      const r = await t.ok(
        `mutation($i: CreateChangeRequestInput!) { createChangeRequest(input: $i) { id } }`,
        {
          i: {
            kind: 'MODIFY',
            powerId,
            reason: `并发 ${i}`,
            draft: i % 2 ? { promisedTimeLimitDays: 30 + i } : { name: `并发名称 ${i}` },
          },
        },
        w.tokens.unitLegal,
      );
      ids.push(r.createChangeRequest.id);
      await t.ok(
        `mutation($id: ID!) { submitChangeRequest(id: $id) { id } }`,
        { id: r.createChangeRequest.id },
        w.tokens.unitLegal,
      );
    }
    // every approval at once, and each twice: a request may be approved only once
    const results = await Promise.all(
      ids.flatMap((id) =>
        [w.tokens.countyReviewer, w.tokens.cityReviewer].map((token) =>
          t.gql(
            `mutation($id: ID!) { approveChangeRequest(id: $id) { id status appliedVersion { versionNo } } }`,
            { id },
            token,
          ),
        ),
      ),
    );
    const ok = results.filter((r) => !r.errors);
    const refused = results.filter((r) => r.errors);
    expect(ok).toHaveLength(N);
    expect(refused.every((r) => r.errors![0].extensions.code === 'CONFLICT')).toBe(true);
    const applied = ok
      .map((r) => r.data!.approveChangeRequest.appliedVersion.versionNo)
      .sort((a: number, b: number) => a - b);
    expect(applied).toEqual(Array.from({ length: N }, (_, i) => i + 2));

    const rows: { version_no: number; valid_from: Date; valid_to: Date | null }[] =
      await t.ds.query(
        `SELECT version_no, valid_from, valid_to FROM power_version WHERE power_id = $1 ORDER BY version_no`,
        [powerId],
      );
    expect(rows).toHaveLength(N + 1);
    for (let i = 0; i + 1 < rows.length; i++)
      expect(rows[i].valid_to).toEqual(rows[i + 1].valid_from);
    expect(rows.filter((r) => r.valid_to === null)).toHaveLength(1);
    // both kinds of change survive: the last name and the last time limit are in the current version
    const current = await t.ok(
      `query($id: ID) { power(id: $id) { current { versionNo name promisedTimeLimitDays } } }`,
      { id: powerId },
      w.tokens.admin,
    );
    expect(current.power.current.versionNo).toBe(N + 1);
    expect(current.power.current.name).toMatch(/^并发名称 \d+$/);
    expect(current.power.current.promisedTimeLimitDays).toBeGreaterThanOrEqual(31);
  });
});
