import {
  chinaDate,
  mergeDraft,
  obligationState,
  statusAfter,
  statusRefusal,
} from '../../src/modules/change/change-rules';

describe('chinaDate', () => {
  it('reads an instant as the date in China Standard Time', () => {
    expect(chinaDate(new Date('2026-09-30T15:59:59Z'))).toBe('2026-09-30');
    expect(chinaDate(new Date('2026-09-30T16:00:00Z'))).toBe('2026-10-01');
  });
});

describe('status kinds', () => {
  it.each([
    ['DORMANT', 'ACTIVE', null],
    ['DORMANT', 'DORMANT', '权力事项当前为「休眠」状态，不能申请休眠'],
    ['ACTIVATE', 'DORMANT', null],
    ['ACTIVATE', 'ACTIVE', '权力事项当前为「在用」状态，不能申请激活'],
    ['SUSPEND', 'DORMANT', null],
    ['SUSPEND', 'SUSPENDED', '权力事项当前为「挂起」状态，不能申请挂起'],
    ['RESUME', 'SUSPENDED', null],
    ['RESUME', 'ACTIVE', '权力事项当前为「在用」状态，不能申请恢复'],
    ['CANCEL', 'SUSPENDED', null],
    ['MODIFY', 'DORMANT', null],
  ] as const)('%s of a %s power: %s', (kind, status, refusal) => {
    expect(statusRefusal(kind, status)).toBe(refusal);
  });

  it.each(['MODIFY', 'CANCEL', 'ACTIVATE', 'RESUME'] as const)(
    'refuses %s of a cancelled power: cancelled is final',
    (kind) => {
      expect(statusRefusal(kind, 'CANCELLED')).toBe('该权力事项已取消，不能再变更');
    },
  );

  it('moves the status as the kind says', () => {
    expect(statusAfter('DORMANT')).toBe('DORMANT');
    expect(statusAfter('RESUME')).toBe('ACTIVE');
    expect(statusAfter('CANCEL')).toBe('CANCELLED');
    expect(statusAfter('MODIFY')).toBeNull();
  });
});

describe('mergeDraft', () => {
  it('keeps the current fields a MODIFY does not name and takes the ones it does', () => {
    const merged = mergeDraft(
      { name: '旧', legalTimeLimitDays: 20, promisedTimeLimitDays: 10 },
      { name: '新', promisedTimeLimitDays: null },
    );
    expect(merged).toEqual({ name: '新', legalTimeLimitDays: 20, promisedTimeLimitDays: 10 });
  });
});

describe('obligationState', () => {
  const o = { dueOn: '2026-10-15', metOn: null };
  it.each([
    [o, '2026-10-15', 'OPEN'],
    [o, '2026-10-16', 'OVERDUE'],
    [{ ...o, metOn: '2026-10-15' }, '2026-10-20', 'MET'],
    [{ ...o, metOn: '2026-10-16' }, '2026-10-20', 'MET_LATE'],
    [{ ...o, metOn: '2026-10-16' }, '2026-10-15', 'OPEN'],
    [{ ...o, metOn: '2026-10-18' }, '2026-10-17', 'OVERDUE'],
  ])('%j as of %s is %s', (ob, asOf, state) => {
    expect(obligationState(ob, asOf)).toBe(state);
  });
});
