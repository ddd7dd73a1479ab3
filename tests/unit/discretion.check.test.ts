import type { DiscretionTierData } from '../../src/modules/catalog/power-content';
import { discretionProblems } from '../../src/modules/flow/checks/discretion.check';

import { benchmark, cleanContent, codes } from './fixtures/power-fixtures';

const check = (d: ReturnType<typeof benchmark> | null) =>
  discretionProblems(cleanContent('PENALTY', { discretion: d }));

const tier = (
  level: string,
  minFine: number | null,
  maxFine: number | null,
): DiscretionTierData => ({
  level,
  conditions: `${level}的情形`,
  sanction: `${level}的处罚`,
  minFine,
  maxFine,
});

describe('discretion benchmark checks', () => {
  it('finds nothing wrong with three rising tiers, the circumstances, rules and a filing date', () => {
    expect(check(benchmark())).toEqual([]);
  });

  it('checks penalties only', () => {
    expect(discretionProblems(cleanContent('LICENSING', { discretion: null }))).toEqual([]);
    expect(
      discretionProblems(cleanContent('COERCION', { discretion: benchmark({ tiers: [] }) })),
    ).toEqual([]);
  });

  it('flags a penalty with no benchmark, and only that', () => {
    expect(check(null)).toEqual([
      {
        code: 'DISCRETION_MISSING',
        message: expect.stringContaining('裁量基准'),
        path: 'discretion',
      },
    ]);
  });

  it('flags a benchmark with fewer than three tiers', () => {
    const d = benchmark();
    d.tiers = d.tiers.slice(0, 2);
    expect(check(d)).toEqual([
      {
        code: 'DISCRETION_TOO_FEW_TIERS',
        message: expect.stringContaining('只有 2 个档次'),
        path: 'discretion.tiers',
      },
    ]);
  });

  it('flags a tier with no conditions or no sanction', () => {
    const d = benchmark();
    d.tiers[1] = { ...d.tiers[1], conditions: '', sanction: ' ' };
    expect(check(d)).toEqual([
      {
        code: 'DISCRETION_TIER_INCOMPLETE',
        message: expect.stringContaining('第 2 档「一般」未写明适用情形'),
        path: 'discretion.tiers[1].conditions',
      },
      {
        code: 'DISCRETION_TIER_INCOMPLETE',
        message: expect.stringContaining('未写明处罚内容'),
        path: 'discretion.tiers[1].sanction',
      },
    ]);
  });

  it('flags a tier whose minimum fine is above its maximum', () => {
    const d = benchmark();
    d.tiers[1] = tier('一般', 20000, 5000);
    expect(check(d)).toEqual([
      {
        code: 'DISCRETION_FINE_RANGE_INVERTED',
        message: expect.stringContaining('最低罚款 20000 元高于最高罚款 5000 元'),
        path: 'discretion.tiers[1].minFine',
      },
    ]);
  });

  it('flags a tier whose range starts below where the previous one ends (overlap)', () => {
    const d = benchmark({
      tiers: [tier('轻微', 1000, 5000), tier('一般', 3000, 20000), tier('严重', 20000, 50000)],
    });
    expect(check(d)).toEqual([
      {
        code: 'DISCRETION_TIERS_OVERLAP',
        message: expect.stringMatching(/「一般」.*3000 元至20000 元.*「轻微」.*重叠/),
        path: 'discretion.tiers[1]',
      },
    ]);
  });

  it('flags tiers whose ranges do not rise with the tier (heaviest listed first)', () => {
    const d = benchmark({
      tiers: [tier('严重', 20000, 50000), tier('一般', 5000, 20000), tier('轻微', 1000, 5000)],
    });
    expect(check(d).map((p) => [p.code, p.path])).toEqual([
      ['DISCRETION_TIERS_NOT_RISING', 'discretion.tiers[1]'],
      ['DISCRETION_TIERS_NOT_RISING', 'discretion.tiers[2]'],
    ]);
  });

  it('flags two tiers with the same range as not rising', () => {
    const d = benchmark({
      tiers: [tier('轻微', 1000, 5000), tier('一般', 1000, 5000), tier('严重', 5000, 9000)],
    });
    expect(codes(check(d))).toEqual(['DISCRETION_TIERS_NOT_RISING']);
  });

  it('lets adjacent tiers share an end point (以上 / 以下 include the number)', () => {
    const d = benchmark({
      tiers: [tier('轻微', 0, 5000), tier('一般', 5000, 20000), tier('严重', 20000, 50000)],
    });
    expect(check(d)).toEqual([]);
  });

  it('skips tiers with no fine (a warning) when comparing ranges', () => {
    const d = benchmark({
      tiers: [
        tier('轻微', null, null),
        tier('一般', 1000, 5000),
        tier('较重', null, null),
        tier('严重', 5000, 10000),
      ],
    });
    expect(check(d)).toEqual([]);
  });

  it('reads a missing maximum as no upper bound and a missing minimum as 0', () => {
    const open = benchmark({
      tiers: [tier('轻微', null, 5000), tier('一般', 5000, 20000), tier('严重', 20000, null)],
    });
    expect(check(open)).toEqual([]);
    const capped = benchmark({
      tiers: [tier('轻微', null, 5000), tier('一般', 5000, null), tier('严重', 20000, 50000)],
    });
    expect(codes(check(capped))).toEqual(['DISCRETION_TIERS_NOT_RISING']);
  });

  it('flags a benchmark with no circumstance for no penalty', () => {
    const d = benchmark();
    d.circumstances = d.circumstances.filter((c) => c.kind !== 'NO_PENALTY');
    expect(check(d)).toEqual([
      {
        code: 'DISCRETION_NO_NO_PENALTY_CIRCUMSTANCE',
        message: expect.stringContaining('不予处罚'),
        path: 'discretion.circumstances',
      },
    ]);
  });

  it('flags a benchmark with no circumstance for a heavier penalty, an empty description counting as none', () => {
    const d = benchmark();
    d.circumstances = d.circumstances.map((c) =>
      c.kind === 'HEAVIER' ? { ...c, description: '  ' } : c,
    );
    expect(check(d)).toEqual([
      {
        code: 'DISCRETION_NO_HEAVIER_CIRCUMSTANCE',
        message: expect.stringContaining('从重处罚'),
        path: 'discretion.circumstances',
      },
    ]);
  });

  it('does not require mitigated or lighter circumstances', () => {
    const d = benchmark();
    d.circumstances = d.circumstances.filter(
      (c) => c.kind === 'NO_PENALTY' || c.kind === 'HEAVIER',
    );
    expect(check(d)).toEqual([]);
  });

  it('flags a benchmark with no rules of application', () => {
    expect(check(benchmark({ applicationRules: '' }))).toEqual([
      {
        code: 'DISCRETION_NO_RULES',
        message: expect.stringContaining('适用规则'),
        path: 'discretion.applicationRules',
      },
    ]);
  });

  it('flags a benchmark that has not been filed', () => {
    expect(check(benchmark({ filedOn: null }))).toEqual([
      {
        code: 'DISCRETION_NOT_FILED',
        message: expect.stringContaining('备案'),
        path: 'discretion.filedOn',
      },
    ]);
  });

  it('reports an empty benchmark in full', () => {
    expect(codes(check({ tiers: [], circumstances: [] }))).toEqual([
      'DISCRETION_TOO_FEW_TIERS',
      'DISCRETION_NO_NO_PENALTY_CIRCUMSTANCE',
      'DISCRETION_NO_HEAVIER_CIRCUMSTANCE',
      'DISCRETION_NO_RULES',
      'DISCRETION_NOT_FILED',
    ]);
  });
});
