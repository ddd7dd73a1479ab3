import type { DetectedCase } from '../../src/modules/assessment/detector';
import { loadSchemes, type SchemeData } from '../../src/modules/assessment/scheme';
import {
  assessmentPeriod,
  composeCard,
  rankUnits,
  splitByUnit,
  type Evaluation,
} from '../../src/modules/assessment/scorecard-rules';

const schemes = loadSchemes();
const scheme = (code: string): SchemeData => schemes.find((s) => s.code === code)!;
const aCase = (unitId: string, i: number): DetectedCase => ({
  unitId,
  reason: `case ${i}`,
  occurredOn: '2026-05-01',
  powerId: `p${unitId}${i}`,
});
const evaluation = (byDetector: Evaluation['byDetector'] = new Map()): Evaluation => ({
  byDetector,
  findings: [],
  appeals: new Map(),
});

describe('composeCard', () => {
  const d = scheme('DISTRICT_SANHEYI');

  // the district table's derived items: 5–11 (10 points) and 26–29 (8 points)
  const DERIVED_POINTS = 18;
  /** a 0-point finding ("checked, nothing to deduct") on every manual item */
  const checkedAll = (): Evaluation['findings'] =>
    d.sections
      .flatMap((s) => s.items)
      .filter((i) => !i.derived)
      .map((i, k) => ({
        id: `f${k}`,
        unitId: 'u1',
        itemCode: i.code,
        points: 0,
        reason: '已核查',
        occurredOn: '2026-02-01',
      }));

  it('scores only what was assessed: unassessed manual items count neither in the score nor in the maximum', () => {
    const card = composeCard(d, evaluation());
    expect(card).toMatchObject({
      maxPoints: DERIVED_POINTS,
      score: DERIVED_POINTS,
      deducted: 0,
      complete: false,
    });
    expect(card.sections.map((s) => s.code)).toEqual(d.sections.map((s) => s.code));
    const manual = card.sections.flatMap((s) => s.items).filter((i) => !i.derived);
    expect(manual.every((i) => !i.assessed && i.score === 0 && i.deducted === 0)).toBe(true);
    // a section of manual items only has nothing scored yet
    expect(card.sections[0]).toMatchObject({ maxPoints: 0, score: 0 });
  });

  it('scores full marks once every manual item is checked with nothing to deduct', () => {
    const card = composeCard(d, { ...evaluation(), findings: checkedAll() });
    expect(card).toMatchObject({ maxPoints: 100, score: 100, deducted: 0, complete: true });
    expect(card.sections.map((s) => s.maxPoints)).toEqual(d.sections.map((s) => s.maxPoints));
  });

  it('takes each case from its item, its section and the total', () => {
    const card = composeCard(
      d,
      evaluation(
        new Map([['internal-flowchart', { cases: [aCase('u1', 1)], applicable: new Map() }]]),
      ),
    );
    const item = card.sections.flatMap((s) => s.items).find((i) => i.code === '7')!;
    expect(item).toMatchObject({ deducted: 1, cases: 1 });
    const section = card.sections.find((s) => s.items.includes(item))!;
    expect(section.score).toBe(section.maxPoints - 1);
    expect(card).toMatchObject({ score: DERIVED_POINTS - 1, deducted: 1 });
  });

  it('keeps the bonus and penalty rows out of the maximum', () => {
    const card = composeCard(d, {
      byDetector: new Map(),
      appeals: new Map(),
      findings: [
        {
          id: 'f',
          unitId: 'u1',
          itemCode: 'BONUS',
          points: 2,
          reason: '创新',
          occurredOn: '2026-02-01',
        },
      ],
    });
    expect(card).toMatchObject({
      maxPoints: DERIVED_POINTS,
      score: DERIVED_POINTS + 2,
      deducted: 0,
    });
  });
});

describe('splitByUnit', () => {
  it('gives each unit its own cases, applicable counts and findings, and empty ones to units without', () => {
    const ev: Evaluation = {
      appeals: new Map(),
      byDetector: new Map([
        [
          'coding',
          {
            cases: [aCase('a', 1), aCase('b', 2), aCase('a', 3)],
            applicable: new Map([
              ['a', 5],
              ['b', 2],
            ]),
          },
        ],
      ]),
      findings: [
        { id: 'f', unitId: 'b', itemCode: '1', points: 1, reason: 'x', occurredOn: '2026-01-01' },
      ],
    };
    const split = splitByUnit(ev, ['a', 'b', 'c']);
    expect(
      split
        .get('a')!
        .byDetector.get('coding')!
        .cases.map((c) => c.reason),
    ).toEqual(['case 1', 'case 3']);
    expect([...split.get('b')!.byDetector.get('coding')!.applicable]).toEqual([['b', 2]]);
    expect(split.get('b')!.findings).toHaveLength(1);
    expect(split.get('c')!.byDetector.get('coding')!.cases).toEqual([]);
    expect(split.get('c')!.findings).toEqual([]);
  });
});

describe('rankUnits', () => {
  it('ranks best first, ties sharing a rank and ordered by code (1, 1, 3)', () => {
    const ranked = rankUnits([
      { unitId: 'x', code: 'B', score: 90, deducted: 10 },
      { unitId: 'y', code: 'A', score: 90, deducted: 10 },
      { unitId: 'z', code: 'C', score: 95, deducted: 5 },
      { unitId: 'w', code: 'D', score: 80, deducted: 20 },
    ]);
    expect(ranked.map((r) => [r.unitId, r.rank])).toEqual([
      ['z', 1],
      ['y', 2],
      ['x', 2],
      ['w', 4],
    ]);
  });
});

describe('assessmentPeriod', () => {
  const at = (s: string) => new Date(s);

  it('judges a period that has ended as of the first instant after its last day', () => {
    const p = assessmentPeriod('2026-01-01', '2026-11-30', at('2026-12-01T10:00:00+08:00'));
    expect(p).toMatchObject({ provisional: false, asOfDate: '2026-12-01', through: '2026-11-30' });
    expect(p.asOf.toISOString()).toBe('2026-11-30T16:00:00.000Z');
  });

  it('judges a running period as of now, through today', () => {
    const now = at('2026-12-01T10:00:00+08:00');
    const p = assessmentPeriod('2026-01-01', '2026-12-31', now);
    expect(p).toMatchObject({ provisional: true, asOfDate: '2026-12-01', through: '2026-12-01' });
    expect(p.asOf).toEqual(now);
  });

  it('refuses a period that starts after today, and one that ends before it starts', () => {
    const now = at('2026-12-01T23:59:00+08:00');
    expect(() => assessmentPeriod('2026-12-02', '2026-12-31', now)).toThrow('考核期间尚未开始');
    expect(() => assessmentPeriod('2027-01-01', '2027-12-31', now)).toThrow('考核期间尚未开始');
    expect(() => assessmentPeriod('2026-05-02', '2026-05-01', now)).toThrow('不能晚于');
    expect(assessmentPeriod('2026-12-01', '2026-12-31', now).provisional).toBe(true);
  });
});
