import { buildDemoData } from '../../seeds/demo-catalog';
import { POWER_CATEGORIES } from '../../src/modules/catalog/power-content';
import { contentIntegrityErrors } from '../../src/modules/flow/integrity';

describe('the demo catalog', () => {
  const data = buildDemoData();

  it('is the same every time it is built', () => {
    expect(JSON.stringify(buildDemoData())).toBe(JSON.stringify(data));
  });

  it('holds about two hundred powers across all ten categories, with unique codes', () => {
    expect(data.powers.length).toBeGreaterThanOrEqual(180);
    expect(data.powers.length).toBeLessThanOrEqual(220);
    expect(new Set(data.powers.map((p) => p.content.category))).toEqual(new Set(POWER_CATEGORIES));
    expect(new Set(data.powers.map((p) => p.content.code)).size).toBe(data.powers.length);
  });

  it('refers only to regions, units and laws it defines', () => {
    const regions = new Set(data.regions.map((r) => r.code));
    const units = new Set(data.units.map((u) => u.code));
    const laws = new Set(data.laws.map((l) => l.key));
    expect(data.units.every((u) => regions.has(u.regionCode))).toBe(true);
    for (const p of data.powers) {
      expect(units.has(p.unitCode)).toBe(true);
      expect(units.has(p.content.subject!.unitCode)).toBe(true);
      for (const b of p.content.legalBases ?? []) expect(laws.has(b.lawKey)).toBe(true);
    }
  });

  it('has well-formed flowcharts and benchmarks (they would be refused otherwise)', () => {
    for (const p of data.powers) {
      expect(contentIntegrityErrors(p.content as never, p.content.code!)).toEqual([]);
    }
  });

  it('carries deliberate defects of many kinds, so an assessment finds something', () => {
    expect(new Set(data.defects.map((d) => d.defect)).size).toBeGreaterThanOrEqual(12);
    expect(data.defects.length).toBeGreaterThanOrEqual(20);
  });

  it('has a few dormant, suspended and cancelled powers', () => {
    const statuses = new Set(data.powers.map((p) => p.status));
    expect(statuses).toEqual(new Set(['ACTIVE', 'DORMANT', 'SUSPENDED', 'CANCELLED']));
  });
});
