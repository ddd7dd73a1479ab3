import { powersWithProblems, type PowerSnapshot } from '../../src/modules/assessment/detector';
import { reportsDue } from '../../src/modules/assessment/detectors/major-penalties.detector';
import { loadSchemes, schemeItems, type SchemeData } from '../../src/modules/assessment/scheme';
import { deductionId, round2, scoreItem } from '../../src/modules/assessment/scoring';

const schemes = loadSchemes();
const scheme = (code: string): SchemeData => schemes.find((s) => s.code === code)!;
const itemOf = (s: SchemeData, code: string) => schemeItems(s).find((i) => i.code === code)!;
const aCase = (i: number) => ({
  unitId: 'u1',
  reason: `case ${i}`,
  occurredOn: '2026-05-01',
  powerId: `p${i}`,
});

describe('scoreItem, district (per case, 扣完为止)', () => {
  const d = scheme('DISTRICT_SANHEYI');
  it('takes the per-case points for each case', () => {
    const s = scoreItem(d, itemOf(d, '7'), [aCase(1)], 0, []);
    expect(s).toMatchObject({ maxPoints: 2, deducted: 1, score: 1, cases: 1, capped: false });
    expect(s.deductions[0]).toMatchObject({
      itemCode: '7',
      points: 1,
      powerId: 'p1',
      manual: false,
    });
  });

  it('never goes below zero and says so with capped', () => {
    const s = scoreItem(d, itemOf(d, '6'), [aCase(1), aCase(2), aCase(3)], 0, []);
    expect(s).toMatchObject({ maxPoints: 1, deducted: 1, score: 0, cases: 3, capped: true });
  });

  it('keeps every point with no cases', () => {
    expect(scoreItem(d, itemOf(d, '28'), [], 0, [])).toMatchObject({
      deducted: 0,
      score: 3,
      capped: false,
    });
  });

  it('scores a manual item from findings, capped at its points', () => {
    const s = scoreItem(d, itemOf(d, '1'), [], 0, [
      { id: 'f1', unitId: 'u1', points: 1.5, reason: 'a', occurredOn: '2026-01-02' },
      { id: 'f2', unitId: 'u1', points: 5, reason: 'b', occurredOn: '2026-01-03' },
    ]);
    expect(s.deducted).toBe(itemOf(d, '1').maxPoints);
    expect(s.capped).toBe(true);
    expect(s.deductions.every((x) => x.manual)).toBe(true);
  });

  it('adds a bonus item’s findings as points', () => {
    const s = scoreItem(d, itemOf(d, 'BONUS'), [], 0, [
      { id: 'f', unitId: 'u1', points: 2, reason: '创新', occurredOn: '2026-01-02' },
    ]);
    expect(s).toMatchObject({ score: 2, deducted: 0 });
  });

  it('gives a penalty (减分) row minus the points taken, and nothing when none are', () => {
    const item = itemOf(d, 'PENALTY');
    expect(scoreItem(d, item, [], 0, [])).toMatchObject({ score: 0, deducted: 0 });
    const s = scoreItem(d, item, [], 0, [
      { id: 'f', unitId: 'u1', points: 3, reason: '整改不到位', occurredOn: '2026-03-02' },
    ]);
    expect(s).toMatchObject({ score: -3, deducted: 3, capped: false });
  });
});

describe('scoreItem, weighted (provincial, municipal)', () => {
  const p = scheme('PROVINCIAL_DEPARTMENT');
  it('scores the weight times the share that complies', () => {
    const i = itemOf(p, '38');
    const s = scoreItem(p, i, [aCase(1)], 4, []);
    expect(s).toMatchObject({ applicable: 4, compliant: 3 });
    expect(s.score).toBe(round2(i.maxPoints * 0.75));
    expect(s.deductions[0].points).toBe(round2(i.maxPoints / 4));
  });

  it('keeps the full weight when nothing applies', () => {
    const i = itemOf(p, '38');
    expect(scoreItem(p, i, [], 0, []).score).toBe(i.maxPoints);
  });

  it('counts a record with two cases once', () => {
    const i = itemOf(p, '43');
    const twice = [
      { unitId: 'u1', reason: 'a', occurredOn: null, obligationId: 'o1' },
      { unitId: 'u1', reason: 'b', occurredOn: null, obligationId: 'o1' },
    ];
    expect(scoreItem(p, i, twice, 2, [])).toMatchObject({ applicable: 2, compliant: 1 });
  });
});

describe('deductionId', () => {
  // the ids are stored with appeals: these are the values the first implementation gave
  it('keeps the ids appeals were filed against', () => {
    expect(
      deductionId('MUNICIPAL', '37', {
        unitId: 'u1',
        reason: 'r',
        occurredOn: '2026-05-01',
        powerId: 'p1',
        versionId: 'v1',
      }),
    ).toBe('fb190de7-fc0e-53f7-874f-00b0e3fdde5f');
    expect(
      deductionId('DISTRICT_SANHEYI', '9', {
        unitId: 'u2',
        reason: 'r',
        occurredOn: '2026-05-01',
        recordId: 's1',
        key: 'late',
      }),
    ).toBe('bafa0510-afd4-51a9-84f8-bc61b1f8407c');
  });
});

describe('round2', () => {
  it('rounds half up to two decimals', () => {
    expect(round2(1.005)).toBe(1.01);
    expect(round2(2 / 3)).toBe(0.67);
  });
});

describe('reportsDue', () => {
  it('lists the half-year report due in July and the annual report due the next January', () => {
    expect(reportsDue('2026-01-01', '2026-12-31', '07-31', '01-31')).toEqual([
      { year: 2025, period: 'ANNUAL', dueOn: '2026-01-31' },
      { year: 2026, period: 'HALF_YEAR', dueOn: '2026-07-31' },
    ]);
    expect(reportsDue('2026-08-01', '2026-12-31', '07-31', '01-31')).toEqual([]);
  });
});

describe('state-based detectors', () => {
  const snap = (id: string, codes: string[], isKey = false): PowerSnapshot => ({
    powerId: id,
    unitId: 'u1',
    code: `C-${id}`,
    versionId: `v-${id}`,
    status: 'ACTIVE',
    content: {
      code: `C-${id}`,
      name: `事项${id}`,
      category: 'PENALTY',
      isKey,
      legalBases: [],
      externalFlow: null,
      discretion: null,
    },
    problems: codes.map((code) => ({ code, message: `${code} 说明`, path: null })),
  });
  const input = (snapshot: PowerSnapshot[]) => ({ snapshot, through: '2026-12-31' });

  it('counts a power once however many of its problems match, listing them all', () => {
    const r = powersWithProblems(
      input([snap('1', ['A', 'B', 'Z']), snap('2', ['Z']), snap('3', [])]),
      new Set(['A', 'B']),
      '测试',
    );
    expect(r.cases).toHaveLength(1);
    expect(r.cases[0].reason).toBe('测试：权力事项 C-1「事项1」A 说明；B 说明');
    expect(r.applicable.get('u1')).toBe(3);
  });

  it('judges only the powers the item applies to', () => {
    const r = powersWithProblems(
      input([snap('1', ['A'], true), snap('2', ['A'], false)]),
      new Set(['A']),
      '重点',
      (p) => p.content.isKey === true,
    );
    expect(r.cases.map((c) => c.powerId)).toEqual(['1']);
    expect(r.applicable.get('u1')).toBe(1);
  });
});
