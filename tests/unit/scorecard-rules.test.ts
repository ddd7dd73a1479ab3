import type { DetectedCase } from '../../src/modules/assessment/detector';
import { loadSchemes, type SchemeData } from '../../src/modules/assessment/scheme';
import {
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
});

describe('composeCard', () => {
  const d = scheme('DISTRICT_SANHEYI');

  it('scores full marks over an evaluation with no cases and no findings', () => {
    const card = composeCard(d, evaluation());
    expect(card).toMatchObject({ maxPoints: 100, score: 100, deducted: 0 });
    expect(card.sections.map((s) => s.code)).toEqual(d.sections.map((s) => s.code));
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
    expect(card).toMatchObject({ score: 99, deducted: 1 });
  });

  it('keeps the bonus and penalty rows out of the maximum', () => {
    const card = composeCard(d, {
      byDetector: new Map(),
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
    expect(card).toMatchObject({ maxPoints: 100, score: 102, deducted: 0 });
  });
});

describe('splitByUnit', () => {
  it('gives each unit its own cases, applicable counts and findings, and empty ones to units without', () => {
    const ev: Evaluation = {
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
