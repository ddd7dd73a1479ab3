import fc from 'fast-check';

import { WorkCalendar } from '../../src/modules/calendar/work-calendar';
import {
  daysLeft,
  requestOverdue,
  warningLevel,
  type RequestTiming,
} from '../../src/modules/change/deadline-rules';

/**
 * A hand-made year: October 2030 has 国庆节 on Tue 1 to Mon 7 and an adjusted working day on Sat
 * 12; weekends otherwise rest. Nothing else is special.
 */
const cal = new WorkCalendar([
  {
    year: 2030,
    holidays: Object.fromEntries(
      ['01', '02', '03', '04', '05', '06', '07'].map((d) => [`2030-10-${d}`, '国庆节']),
    ),
    adjustedWorkdays: ['2030-10-12'],
  },
]);

describe('warningLevel, calendar-day window (10 days from 2030-06-03, due 2030-06-13)', () => {
  const w = {
    triggeredOn: '2030-06-03',
    dueOn: '2030-06-13',
    days: 10,
    count: 'CALENDAR_DAYS' as const,
    done: false,
  };
  it.each([
    ['2030-06-07', null], // 4 days passed: under half
    ['2030-06-08', 'REMINDER'], // 5 of 10: half
    ['2030-06-10', 'REMINDER'], // 7 of 10
    ['2030-06-11', 'WARNING'], // 8 of 10: four fifths
    ['2030-06-13', 'WARNING'], // the due date itself is not overdue
    ['2030-06-14', 'OVERDUE'],
  ])('on %s is %s', (today, level) => {
    expect(warningLevel(cal, w, today)).toBe(level);
  });

  it('has no warning once done, even past the due date', () => {
    expect(warningLevel(cal, { ...w, done: true }, '2030-07-01')).toBeNull();
  });

  it('has no warning while the due date is not known', () => {
    expect(warningLevel(cal, { ...w, dueOn: null }, '2030-07-01')).toBeNull();
  });
});

describe('warningLevel, working-day window over the National Day holiday', () => {
  // 10 working days from Fri 2030-09-27: Mon 30, (holiday 1-7), 8, 9, 10, 11, Sat 12, 14, 15, 16, 17 → due Thu 10-17
  const w = {
    triggeredOn: '2030-09-27',
    dueOn: '2030-10-17',
    days: 10,
    count: 'WORKING_DAYS' as const,
    done: false,
  };
  it('agrees with the calendar on the due date', () => {
    expect(cal.deadline('2030-09-27', 10, 'WORKING_DAYS')).toBe('2030-10-17');
  });
  it.each([
    ['2030-10-07', null], // only Mon 30 counted: holidays do not
    ['2030-10-10', null], // 4 working days
    ['2030-10-11', 'REMINDER'], // 5 of 10
    ['2030-10-13', 'REMINDER'], // Sunday: still 6 (Sat 12 was worked)
    ['2030-10-14', 'REMINDER'], // 7 of 10
    ['2030-10-15', 'WARNING'], // 8 of 10 (Sat 12 adjusted working day counts)
    ['2030-10-17', 'WARNING'],
    ['2030-10-18', 'OVERDUE'],
  ])('on %s is %s', (today, level) => {
    expect(warningLevel(cal, w, today)).toBe(level);
  });
});

describe('warningLevel with odd window lengths', () => {
  it('rounds the reminder point up: 3 of 5 days, and four fifths of 7 is 6 days', () => {
    const five = {
      triggeredOn: '2030-06-02',
      dueOn: '2030-06-07',
      days: 5,
      count: 'CALENDAR_DAYS' as const,
      done: false,
    };
    expect(warningLevel(cal, five, '2030-06-04')).toBeNull(); // 2 of 5
    expect(warningLevel(cal, five, '2030-06-05')).toBe('REMINDER'); // 3 of 5 (≥ 2.5)
    const seven = { ...five, dueOn: '2030-06-10', days: 7 };
    expect(warningLevel(cal, seven, '2030-06-07')).toBe('REMINDER'); // 5 of 7 < 5.6
    expect(warningLevel(cal, seven, '2030-06-08')).toBe('WARNING'); // 6 of 7
  });
});

describe('daysLeft', () => {
  it('is 0 on the due date and counts the days after today up to it', () => {
    expect(daysLeft(cal, '2030-06-13', '2030-06-13', 'CALENDAR_DAYS')).toBe(0);
    expect(daysLeft(cal, '2030-06-10', '2030-06-13', 'CALENDAR_DAYS')).toBe(3);
  });
  it('counts working days only under a working-day window', () => {
    // from Fri 09-27 to Thu 10-17: 30, 8, 9, 10, 11, 12 (adjusted), 14, 15, 16, 17
    expect(daysLeft(cal, '2030-09-27', '2030-10-17', 'WORKING_DAYS')).toBe(10);
  });
  it('is negative after the due date, minus the days past', () => {
    expect(daysLeft(cal, '2030-06-15', '2030-06-13', 'CALENDAR_DAYS')).toBe(-2);
    expect(daysLeft(cal, '2030-10-17', '2030-10-16', 'WORKING_DAYS')).toBe(-1);
  });
  it('reads -1 the weekend after a Friday due date of a working-day window', () => {
    expect(daysLeft(cal, '2030-06-16', '2030-06-14', 'WORKING_DAYS')).toBe(-1);
  });
  it('is null when the count reaches a year the calendar lacks', () => {
    expect(daysLeft(cal, '2030-12-30', '2031-01-05', 'WORKING_DAYS')).toBeNull();
  });
  it('decreases by one calendar day each day, whatever the dates (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 300 }), (a, b) => {
        const day = (n: number) => new Date(Date.UTC(2030, 0, 2 + n)).toISOString().slice(0, 10);
        const left = daysLeft(cal, day(a), day(b), 'CALENDAR_DAYS')!;
        return b >= a ? left === b - a : (left === a - b) === false && left === -(a - b);
      }),
    );
  });
});

describe('requestOverdue', () => {
  const at = (d: string) => new Date(`${d}T12:00:00+08:00`);
  const base: RequestTiming = {
    status: 'DRAFT',
    dueOn: '2030-06-13',
    measure: 'COMPLETED',
    submittedAt: null,
    decidedAt: null,
  };
  it('is not overdue on the due date, and is the day after', () => {
    expect(requestOverdue(base, at('2030-06-13'))).toBe(false);
    expect(requestOverdue(base, at('2030-06-14'))).toBe(true);
  });
  it('under a completion window, a filed request waiting for approval is overdue past day 30', () => {
    const filed = { ...base, status: 'SUBMITTED' as const, submittedAt: at('2030-06-01') };
    expect(requestOverdue(filed, at('2030-06-14'))).toBe(true);
    expect(requestOverdue({ ...filed, measure: 'FILED' }, at('2030-06-14'))).toBe(false);
  });
  it('judges as of an instant: approved later, it was overdue before the approval', () => {
    const approved = {
      ...base,
      status: 'APPROVED' as const,
      submittedAt: at('2030-06-01'),
      decidedAt: at('2030-06-20'),
    };
    expect(requestOverdue(approved, at('2030-06-15'))).toBe(true);
    expect(requestOverdue(approved, at('2030-06-21'))).toBe(false);
  });
  it('a rejected or withdrawn request is closed, not overdue', () => {
    expect(requestOverdue({ ...base, status: 'REJECTED' }, at('2030-07-01'))).toBe(false);
    expect(requestOverdue({ ...base, status: 'WITHDRAWN' }, at('2030-07-01'))).toBe(false);
  });
  it('is never overdue without a due date', () => {
    expect(requestOverdue({ ...base, dueOn: null }, at('2031-01-01'))).toBe(false);
  });
});
