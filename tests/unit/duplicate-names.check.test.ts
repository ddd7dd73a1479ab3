import {
  duplicateNameProblems,
  findDuplicateNames,
  indexLiveNames,
  nameKey,
  type NamedPower,
} from '../../src/modules/flow/checks/duplicate-names.check';

import { cleanPower } from './fixtures/power-fixtures';

const power = (powerId: string, name: string, extra: Partial<NamedPower> = {}): NamedPower => ({
  powerId,
  unitId: 'unit-1',
  name,
  status: 'ACTIVE',
  code: `320411001-CF-000${powerId.slice(-1)}`,
  ...extra,
});

const facts = (p: NamedPower) =>
  cleanPower(
    'PENALTY',
    { name: p.name },
    { powerId: p.powerId, unitId: p.unitId, status: p.status },
  );

describe('duplicate names', () => {
  it('flags both of two live powers of one unit with the same name, naming the other', () => {
    const a = power('p1', '对违法占道经营的处罚');
    const b = power('p2', '对违法占道经营的处罚');
    const dup = findDuplicateNames([a, b, power('p3', '另一个事项')]);
    expect(duplicateNameProblems(facts(a), dup)).toEqual([
      {
        code: 'NAME_DUPLICATE',
        message: expect.stringContaining('（320411001-CF-0002）与「对违法占道经营的处罚」同名'),
        path: 'name',
      },
    ]);
    expect(duplicateNameProblems(facts(b), dup)[0].message).toContain('320411001-CF-0001');
    expect(duplicateNameProblems(facts(power('p3', '另一个事项')), dup)).toEqual([]);
  });

  it('compares names trimmed, with full-width and half-width forms alike', () => {
    const dup = findDuplicateNames([
      power('p1', ' 对（某）行为的处罚　'),
      power('p2', '对(某)行为的处罚'),
    ]);
    expect(dup.size).toBe(1);
    expect(nameKey('unit-1', '对(某)行为的处罚')).toBe(nameKey('unit-1', '对（某）行为的处罚 '));
  });

  it('does not count a cancelled power, nor flag one', () => {
    const a = power('p1', '同名事项');
    const gone = power('p2', '同名事项', { status: 'CANCELLED' });
    const dup = findDuplicateNames([a, gone]);
    expect(dup.size).toBe(0);
    expect(duplicateNameProblems(facts(gone), indexLiveNames([a]))).toEqual([]);
  });

  it('counts dormant and suspended powers as live', () => {
    const dup = findDuplicateNames([
      power('p1', '同名事项', { status: 'DORMANT' }),
      power('p2', '同名事项', { status: 'SUSPENDED' }),
    ]);
    expect(dup.size).toBe(1);
  });

  it('lets two units each have a power of the same name', () => {
    const dup = findDuplicateNames([
      power('p1', '同名事项'),
      power('p2', '同名事项', { unitId: 'unit-2' }),
    ]);
    expect(dup.size).toBe(0);
  });

  it('does not flag a power against itself, even if listed twice', () => {
    const a = power('p1', '唯一事项');
    const index = indexLiveNames([a, a]);
    expect(duplicateNameProblems(facts(a), index)).toEqual([]);
    expect(findDuplicateNames([a, a]).size).toBe(0);
  });

  it('flags a draft of a new power (no id yet) whose name a live power of its unit holds', () => {
    const index = indexLiveNames([power('p1', '已有事项')]);
    const draft = cleanPower('PENALTY', { name: '已有事项' }, { powerId: undefined });
    expect(duplicateNameProblems(draft, index).map((p) => p.code)).toEqual(['NAME_DUPLICATE']);
  });

  it('says nothing of a power with no name (NAME_MISSING does)', () => {
    const dup = findDuplicateNames([power('p1', ''), power('p2', '')]);
    expect(dup.size).toBe(0);
    expect(duplicateNameProblems(cleanPower('PENALTY', { name: null }), dup)).toEqual([]);
  });

  it('checks a page of many powers with one index', () => {
    const powers = Array.from({ length: 1000 }, (_, i) => power(`p${i}`, `事项${i % 500}`));
    const dup = findDuplicateNames(powers);
    expect(dup.size).toBe(500);
    const flagged = powers.filter((p) => duplicateNameProblems(facts(p), dup).length > 0);
    expect(flagged).toHaveLength(1000);
  });
});
