import { seedDemo } from '../../seeds/load-demo';
import { startTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const counts = async () =>
  (
    await t.ds
      .query(`SELECT (SELECT count(*) FROM region)::int AS regions, (SELECT count(*) FROM unit)::int AS units,
      (SELECT count(*) FROM legal_document)::int AS laws, (SELECT count(*) FROM power)::int AS powers,
      (SELECT count(*) FROM power_version)::int AS versions, (SELECT count(*) FROM app_user)::int AS users,
      (SELECT count(*) FROM obligation)::int AS obligations`)
  )[0];

describe('the demo seed', () => {
  it('loads the demo catalog, and loading it twice changes nothing', async () => {
    const first = await seedDemo(t.ds, t.services);
    expect(first.powersImported).toBeGreaterThanOrEqual(180);
    const after = await counts();
    expect(after.regions).toBe(4);
    expect(after.units).toBe(12);
    expect(after.obligations).toBeGreaterThan(0);
    const second = await seedDemo(t.ds, t.services);
    expect(second.powersImported).toBe(0);
    expect(await counts()).toEqual(after);
  });

  it('gives an assessment something to find', async () => {
    const token = await t.services.tokens.sign(
      (await t.ds.query(`SELECT id FROM app_user WHERE username = 'kh_320400'`))[0].id,
    );
    const region = (await t.ds.query(`SELECT id FROM region WHERE code = '320411'`))[0].id;
    const r = await t.ok(
      `query($r: ID!) { scorecard(scheme: "DISTRICT_SANHEYI", regionId: $r, from: "2026-01-01", to: "2026-12-31") { score deducted sections { items { code cases } } } }`,
      { r: region },
      token,
    );
    expect(r.scorecard.deducted).toBeGreaterThan(0);
    const problems = await t.ok(
      `{ powers(first: 100, filter: { search: "320411" }) { edges { node { problemCount } } } }`,
      {},
      token,
    );
    expect(problems.powers.edges.some((e: any) => e.node.problemCount > 0)).toBe(true);
  });

  it('has a past: versions valid from earlier dates, contiguous, one in force per power', async () => {
    const [v] = await t.ds.query(`
      SELECT count(*) FILTER (WHERE valid_from < '2025-01-01')::int AS before2025,
             count(DISTINCT power_id) FILTER (WHERE version_no > 1)::int AS changed,
             count(*) FILTER (WHERE version_no > 1 AND change_request_id IS NULL)::int AS unrequested
        FROM power_version`);
    expect(v.before2025).toBeGreaterThan(100);
    expect(v.changed).toBeGreaterThan(30);
    // every later version was made by an approved request
    expect(v.unrequested).toBe(0);
    const [gaps] = await t.ds.query(`
      SELECT count(*) FILTER (WHERE nxt.id IS NULL AND v.valid_to IS NOT NULL)::int AS broken,
             (SELECT count(*) FROM power p WHERE (SELECT count(*) FROM power_version o
                WHERE o.power_id = p.id AND o.valid_to IS NULL) <> 1)::int AS not_one_open,
             (SELECT count(*) FROM power p JOIN power_version o ON o.id = p.current_version_id
               WHERE o.valid_to IS NOT NULL)::int AS current_closed
        FROM power_version v
        LEFT JOIN power_version nxt ON nxt.power_id = v.power_id AND nxt.version_no = v.version_no + 1
             AND nxt.valid_from = v.valid_to`);
    expect(gaps).toEqual({ broken: 0, not_one_open: 0, current_closed: 0 });
    // the amendments of 2025 answered through approved requests, in time and late; a few not at all
    const [o] = await t.ds.query(`
      SELECT count(*) FILTER (WHERE o.met_on <= o.due_on)::int AS in_time,
             count(*) FILTER (WHERE o.met_on > o.due_on)::int AS late,
             count(*) FILTER (WHERE o.met_on IS NULL AND o.due_on < '2026-01-01')::int AS overdue,
             count(*) FILTER (WHERE cr.status = 'APPROVED' AND cr.late)::int AS late_requests
        FROM obligation o LEFT JOIN change_request cr ON cr.id = o.met_by_id
       WHERE o.triggered_on < '2026-01-01'`);
    expect(o.in_time).toBeGreaterThan(5);
    expect(o.late).toBeGreaterThan(0);
    expect(o.overdue).toBeGreaterThan(0);
    expect(o.late_requests).toBe(o.late);
    // the powers not active now were moved by approved requests, after they entered the catalog
    const [s] = await t.ds.query(`
      SELECT count(*)::int AS moved, count(*) FILTER (WHERE sc.change_request_id IS NULL)::int AS unrequested
        FROM power p JOIN power_status_change sc ON sc.power_id = p.id AND sc.status = p.status
       WHERE p.status <> 'ACTIVE'`);
    expect(s.moved).toBeGreaterThan(0);
    expect(s.unrequested).toBe(0);
  });

  it('gives a scorecard of 2025 deductions with evidence from the catalog as it stood then', async () => {
    const token = await t.services.tokens.sign(
      (await t.ds.query(`SELECT id FROM app_user WHERE username = 'kh_320400'`))[0].id,
    );
    const region = (await t.ds.query(`SELECT id FROM region WHERE code = '320411'`))[0].id;
    const r = await t.ok<any>(
      `query($r: ID!) { scorecard(scheme: "DISTRICT_SANHEYI", regionId: $r, from: "2025-01-01", to: "2025-12-31") {
        deducted provisional asOf sections { items { code deductions {
          itemCode points reason occurredOn power { code } version { versionNo validFrom }
          obligation { id dueOn metOn } changeRequest { id } } } } } }`,
      { r: region },
      token,
    );
    expect(r.scorecard.provisional).toBe(false);
    expect(r.scorecard.deducted).toBeGreaterThan(0);
    const deductions = r.scorecard.sections.flatMap((s: any) =>
      s.items.flatMap((i: any) => i.deductions),
    );
    // the versions judged are the ones in force at the end of 2025
    const onVersions = deductions.filter((d: any) => d.version);
    expect(onVersions.length).toBeGreaterThan(0);
    for (const d of onVersions) {
      expect(d.power.code).toMatch(/^320411/);
      expect(new Date(d.version.validFrom).getTime()).toBeLessThan(
        new Date('2026-01-01T00:00:00+08:00').getTime(),
      );
    }
    // obligations of the 2025 amendments answered late or not at all
    const onObligations = deductions.filter((d: any) => d.obligation);
    expect(onObligations.length).toBeGreaterThan(0);
    for (const d of onObligations) {
      expect(d.obligation.metOn === null || d.obligation.metOn > d.obligation.dueOn).toBe(true);
    }
  });
});
