import { generateProvince } from '../../bench/generate';
import { defaultWindowPolicy } from '../../src/modules/change/window-policy';
import { codeMatchesRule, DEFAULT_CODING_RULE } from '../../src/modules/flow/checks/coding-rule';
import { startTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await t.services.calendar.ensureSeeded();
  await generateProvince(t.ds, { units: 20, powersPerUnit: 60, seed: 3 });
});
afterAll(() => t.close());

describe('the benchmark province', () => {
  it('codes its powers by the default coding rule, a few with the wrong letters on purpose', async () => {
    const rows: { code: string; unit: string; category: any }[] = await t.ds.query(
      `SELECT p.code, u.code AS unit, p.category FROM power p JOIN unit u ON u.id = p.unit_id`,
    );
    expect(rows.length).toBe(20 * 60);
    const wrong = rows.filter(
      (r) => !codeMatchesRule(r.code, DEFAULT_CODING_RULE, r.unit, r.category).ok,
    );
    for (const r of wrong) {
      expect(codeMatchesRule(r.code, DEFAULT_CODING_RULE, r.unit, r.category)).toMatchObject({
        part: 'category',
      });
    }
    expect(wrong.length).toBeLessThan(rows.length * 0.05);
  });

  it("opens obligations with the unit's default window, due when the calendar says", async () => {
    const rows: any[] = await t.ds.query(
      `SELECT o.triggered_on::text AS trig, o.due_on::text AS due, o.policy_days, o.policy_count,
              o.policy_measure, r.level
         FROM obligation o JOIN unit u ON u.id = o.unit_id JOIN region r ON r.id = u.region_id`,
    );
    expect(rows.length).toBeGreaterThan(20);
    const cal = await t.services.calendar.calendar();
    for (const o of rows) {
      const policy = defaultWindowPolicy(o.level);
      expect({ days: o.policy_days, count: o.policy_count, measure: o.policy_measure }).toEqual(
        policy,
      );
      if (o.due !== null) expect(o.due).toBe(cal.deadline(o.trig, policy.days, policy.count));
    }
    expect(new Set(rows.map((o) => o.level)).size).toBeGreaterThan(1);
  });

  it('dates the requests that answer no obligation by the same window, late only when the service would mark it', async () => {
    const rows: any[] = await t.ds.query(
      `SELECT cr.triggered_on::text AS trig, cr.due_on::text AS due, cr.late, r.level,
              to_char(cr.submitted_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS filed
         FROM change_request cr JOIN unit u ON u.id = cr.unit_id JOIN region r ON r.id = u.region_id
        WHERE cr.obligation_id IS NULL AND cr.triggered_on IS NOT NULL`,
    );
    expect(rows.length).toBeGreaterThan(0);
    const cal = await t.services.calendar.calendar();
    for (const cr of rows) {
      const policy = defaultWindowPolicy(cr.level);
      expect(cr.due).toBe(cal.deadline(cr.trig, policy.days, policy.count));
      expect(cr.filed > cr.trig).toBe(true);
      expect(cr.late).toBe(policy.measure === 'FILED' && cr.filed > cr.due);
    }
  });
});
