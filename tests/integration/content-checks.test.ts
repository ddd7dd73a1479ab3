/**
 * The stored content checks (power_version_check): written with each version, filled for versions
 * written otherwise, recomputed under a new revision, and never what decides a score on its own.
 */
import { loadVersionContents } from '../../src/modules/flow/content-checks';
import { CONTENT_CHECKS_REVISION, contentProblems } from '../../src/modules/flow/problems';
import { makeWorld, penaltyDraft, type World } from '../helpers/factories';
import { startTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let w: World;
let n = 0;
const SYS = { userId: null, requestId: 'test' };

beforeAll(async () => {
  t = await startTestApp();
  w = await makeWorld(t);
});
afterAll(() => t.close());

async function unitWithSpoiledChart() {
  const code = `7${String(++n).padStart(8, '0')}`;
  const unit = await t.services.regions.createUnit(
    { code, name: `检查单位${n}`, regionId: w.county.id },
    SYS,
  );
  const u = { id: unit.id, code };
  const bad = penaltyDraft(u, w.law.id, 1);
  bad.externalFlow!.complaintChannel = null as unknown as string;
  const r = await t.ok(
    `mutation($i: [ImportPowerInput!]!) { importPowers(input: $i) { powers { id currentVersion: current { id } } } }`,
    {
      i: [
        { unitId: u.id, draft: bad },
        { unitId: u.id, draft: penaltyDraft(u, w.law.id, 2) },
      ],
    },
    w.tokens.admin,
  );
  const versionIds: string[] = r.importPowers.powers.map((p: any) => p.currentVersion.id);
  return { unit: u, versionIds };
}

const item6 = async (unitId: string) =>
  (
    await t.ok(
      `query($u: ID) { scorecard(scheme: "DISTRICT_SANHEYI", unitId: $u, from: "2026-01-01", to: "2026-12-31") { sections { items { code cases deductions { reason version { id } } } } } }`,
      { u: unitId },
      w.tokens.assessor,
    )
  ).scorecard.sections
    .flatMap((s: any) => s.items)
    .find((i: any) => i.code === '6');

const stored = (ids: string[]) =>
  t.ds.query(
    `SELECT version_id, revision, problems FROM power_version_check WHERE version_id = ANY($1) ORDER BY version_id`,
    [ids],
  );

it('stores the content checks of every version as it is written, equal to checking it read back', async () => {
  const { versionIds } = await unitWithSpoiledChart();
  const rows = await stored(versionIds);
  expect(rows).toHaveLength(2);
  const contents = await loadVersionContents(t.ds, versionIds);
  for (const row of rows) {
    expect(row.revision).toBe(CONTENT_CHECKS_REVISION);
    expect(row.problems).toEqual(
      JSON.parse(JSON.stringify(contentProblems(contents.get(row.version_id)!))),
    );
  }
  const bad = rows.find((r: any) => r.problems.rest.length > 0);
  expect(bad.problems.rest.map((p: any) => p.code)).toEqual(['EXTERNAL_FLOW_NO_COMPLAINT_CHANNEL']);
});

it('fills the checks of versions written without them before scoring, with the same result', async () => {
  const { unit, versionIds } = await unitWithSpoiledChart();
  const before = await item6(unit.id);
  expect(before.cases).toBe(1);
  await t.ds.query(`DELETE FROM power_version_check WHERE version_id = ANY($1)`, [versionIds]);
  expect(await stored(versionIds)).toHaveLength(0);
  expect(await item6(unit.id)).toEqual(before);
  expect(await stored(versionIds)).toHaveLength(2);
});

it('recomputes checks stored under another revision instead of trusting them', async () => {
  const { unit, versionIds } = await unitWithSpoiledChart();
  const empty = { name: [], category: [], subject: [], rest: [] };
  await t.ds.query(
    `UPDATE power_version_check SET revision = $2, problems = $3 WHERE version_id = ANY($1)`,
    [versionIds, CONTENT_CHECKS_REVISION - 1, JSON.stringify(empty)],
  );
  const i6 = await item6(unit.id);
  expect(i6.cases).toBe(1);
  expect(i6.deductions[0].reason).toContain('投诉');
  const rows = await stored(versionIds);
  expect(rows.map((r: any) => r.revision)).toEqual([
    CONTENT_CHECKS_REVISION,
    CONTENT_CHECKS_REVISION,
  ]);
});

it('checks a version that has no stored checks when read (written after the fill) from its content', async () => {
  const { unit, versionIds } = await unitWithSpoiledChart();
  const before = await item6(unit.id);
  // as if the versions were written by bulk SQL between the fill and the snapshot read
  const fill = jest
    .spyOn(
      t.services.assessment as unknown as { fillContentChecks: () => Promise<number> },
      'fillContentChecks',
    )
    .mockResolvedValue(0);
  try {
    await t.ds.query(`DELETE FROM power_version_check WHERE version_id = ANY($1)`, [versionIds]);
    expect(await item6(unit.id)).toEqual(before);
    expect(fill).toHaveBeenCalled();
    // the read stored nothing: the snapshot's transaction only reads
    expect(await stored(versionIds)).toHaveLength(0);
  } finally {
    fill.mockRestore();
  }
});
