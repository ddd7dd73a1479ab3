import { BadInputError } from '../../src/errors';
import {
  addDays,
  compareIsoDate,
  dayOfWeek,
  daysBetween,
  formatIsoDate,
  isIsoDate,
  isWeekend,
  parseIsoDate,
  yearOf,
} from '../../src/modules/calendar/iso-date';

describe('isIsoDate: only a real calendar date written strictly YYYY-MM-DD', () => {
  it.each([
    ['2026-10-01', true],
    ['2024-02-29', true], // leap year
    ['2000-02-29', true], // divisible by 400: leap
    ['2026-12-31', true],
    ['0001-01-01', true],
    ['2026-02-30', false], // no such day
    ['2025-02-29', false], // not a leap year
    ['1900-02-29', false], // divisible by 100 but not 400: not leap
    ['2026-04-31', false],
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-01-00', false],
    ['2026-01-32', false],
    ['2026-1-01', false],
    ['2026-01-1', false],
    ['26-01-01', false],
    ['2026/01/01', false],
    [' 2026-01-01', false],
    ['2026-01-01 ', false],
    ['2026-01-01T00:00:00Z', false],
    ['', false],
  ])('%p -> %p', (s, expected) => {
    expect(isIsoDate(s)).toBe(expected);
  });

  it.each([[null], [undefined], [20260101], [new Date('2026-01-01T00:00:00Z')]])(
    'a non-string (%p) is not a date',
    (v) => {
      expect(isIsoDate(v)).toBe(false);
    },
  );
});

describe('parseIsoDate and formatIsoDate: a date is UTC midnight of that day', () => {
  it('parses to 00:00 UTC', () => {
    expect(parseIsoDate('2026-10-01').toISOString()).toBe('2026-10-01T00:00:00.000Z');
  });

  it('keeps years below 100 as written (no 19xx mapping)', () => {
    expect(parseIsoDate('0050-03-01').getUTCFullYear()).toBe(50);
    expect(formatIsoDate(parseIsoDate('0050-03-01'))).toBe('0050-03-01');
  });

  it.each(['2026-02-30', '2026-1-1', 'today', ''])('refuses %p with BadInputError', (s) => {
    expect(() => parseIsoDate(s)).toThrow(BadInputError);
  });

  it('formats the UTC date, whatever the time of day', () => {
    expect(formatIsoDate(new Date('2026-09-30T23:59:59.999Z'))).toBe('2026-09-30');
  });

  it('refuses an invalid Date with BadInputError', () => {
    expect(() => formatIsoDate(new Date(Number.NaN))).toThrow(BadInputError);
  });

  it.each(['2024-02-29', '2026-01-01', '2026-12-31', '1999-07-04'])('round-trips %s', (s) => {
    expect(formatIsoDate(parseIsoDate(s))).toBe(s);
  });
});

describe('addDays: plain calendar arithmetic, no holidays', () => {
  it.each([
    ['2026-09-25', 10, '2026-10-05'],
    ['2026-09-01', 30, '2026-10-01'],
    ['2026-12-31', 1, '2027-01-01'], // across New Year
    ['2024-02-28', 1, '2024-02-29'], // leap day
    ['2025-02-28', 1, '2025-03-01'], // no leap day
    ['2026-03-01', -1, '2026-02-28'], // backwards
    ['2026-01-01', 0, '2026-01-01'],
    ['2024-01-01', 366, '2025-01-01'],
  ])('%s + %p days = %s', (date, n, expected) => {
    expect(addDays(date, n)).toBe(expected);
  });

  it.each([1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses a non-integer count %p', (n) => {
    expect(() => addDays('2026-01-01', n)).toThrow(BadInputError);
  });

  it('refuses a date that does not exist', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow(BadInputError);
  });
});

describe('dayOfWeek: 0 is Sunday, 6 is Saturday', () => {
  it.each([
    ['2026-09-25', 5], // Friday
    ['2026-10-10', 6], // Saturday
    ['2026-09-20', 0], // Sunday
    ['2026-10-15', 4], // Thursday
    ['2024-02-18', 0], // Sunday
    ['2000-01-01', 6], // Saturday
  ])('%s is day %p', (date, dow) => {
    expect(dayOfWeek(date)).toBe(dow);
  });

  it.each([
    ['2026-10-10', true],
    ['2026-10-11', true],
    ['2026-10-12', false],
  ])('isWeekend(%s) = %p', (date, expected) => {
    expect(isWeekend(date)).toBe(expected);
  });
});

describe('compareIsoDate, daysBetween and yearOf', () => {
  it.each([
    ['2026-01-01', '2026-01-02', -1],
    ['2026-01-02', '2026-01-01', 1],
    ['2026-01-01', '2026-01-01', 0],
    ['2025-12-31', '2026-01-01', -1],
  ])('compareIsoDate(%s, %s) = %p', (a, b, expected) => {
    expect(Math.sign(compareIsoDate(a, b))).toBe(expected);
  });

  it('sorts dates chronologically as a comparator', () => {
    expect(['2026-10-01', '2025-12-31', '2026-02-01'].sort(compareIsoDate)).toEqual([
      '2025-12-31',
      '2026-02-01',
      '2026-10-01',
    ]);
  });

  it('refuses to compare a non-date', () => {
    expect(() => compareIsoDate('2026-02-30', '2026-01-01')).toThrow(BadInputError);
  });

  it.each([
    ['2026-09-01', '2026-10-01', 30],
    ['2026-10-01', '2026-09-01', -30],
    ['2024-01-01', '2025-01-01', 366],
  ])('daysBetween(%s, %s) = %p', (a, b, n) => {
    expect(daysBetween(a, b)).toBe(n);
  });

  it('yearOf reads the year', () => {
    expect(yearOf('2027-01-01')).toBe(2027);
  });
});

describe('the host time zone never changes a result', () => {
  const original = process.env.TZ;
  afterEach(() => {
    if (original === undefined) delete process.env.TZ;
    else process.env.TZ = original;
  });

  it.each(['Asia/Shanghai', 'America/Los_Angeles', 'Pacific/Kiritimati', 'UTC'])('in %s', (tz) => {
    process.env.TZ = tz;
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-08', 1)).toBe('2026-03-09'); // a US DST change
    expect(dayOfWeek('2026-09-25')).toBe(5);
    expect(formatIsoDate(parseIsoDate('2026-10-01'))).toBe('2026-10-01');
  });
});
