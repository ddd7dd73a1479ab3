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

  it('cites for each power the laws its matter rests on (a street-vending penalty not the Food Safety Law)', () => {
    const title = new Map(data.laws.map((l) => [l.key, l.title]));
    const swapped = new Set(
      data.defects.filter((d) => d.defect === 'repealed law cited').map((d) => d.code),
    );
    const expected: [matter: string, law: string][] = [
      ['食品', '食品'],
      ['道路运输', '中华人民共和国道路运输条例'],
      ['安全生产', '中华人民共和国安全生产法'],
      ['大气', '中华人民共和国大气污染防治法'],
      ['占道', '城市市容和环境卫生管理条例'],
      ['建筑', '中华人民共和国建筑法'],
    ];
    let checked = 0;
    for (const p of data.powers) {
      if (swapped.has(p.content.code!)) continue;
      const titles = (p.content.legalBases ?? []).map((b) => title.get(b.lawKey)!);
      const name = p.content.name ?? '';
      expect(titles.length).toBeGreaterThan(0);
      for (const [matter, law] of expected) {
        if (!name.includes(matter)) continue;
        checked++;
        expect({ power: name, cites: titles.some((t) => t.includes(law)) }).toEqual({
          power: name,
          cites: true,
        });
      }
      if (name.includes('占道')) expect(titles).not.toContain('中华人民共和国食品安全法');
    }
    expect(checked).toBeGreaterThan(50);
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

  it('plans a past in order: entry, a revision, the 2025 amendments, the moves of 2026', () => {
    const answered = data.amendments.filter((a) => a.answered).map((a) => a.amendedOn);
    const firstAnswered = answered.sort()[0];
    expect(data.amendments.map((a) => a.amendedOn)).toEqual(
      [...data.amendments.map((a) => a.amendedOn)].sort(),
    );
    for (const p of data.powers) {
      expect(p.enteredOn < firstAnswered).toBe(true);
      if (p.revision) {
        expect(p.revision.on > p.enteredOn && p.revision.on < firstAnswered).toBe(true);
      }
      expect(p.statusChangedOn === null).toBe(p.status === 'ACTIVE');
      if (p.statusChangedOn) expect(p.statusChangedOn > '2026-01-31').toBe(true);
    }
    expect(data.powers.filter((p) => p.revision).length).toBeGreaterThan(20);
    expect(new Set(data.powers.map((p) => p.answer))).toEqual(new Set(['ON_TIME', 'LATE', 'OPEN']));
    // every amended law is cited by some power
    const cited = new Set(
      data.powers.flatMap((p) => (p.content.legalBases ?? []).map((b) => b.lawKey)),
    );
    for (const a of data.amendments) expect(cited.has(a.lawKey)).toBe(true);
  });
});
