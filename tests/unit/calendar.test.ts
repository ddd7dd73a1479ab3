import { BadInputError, CalendarMissingError, ErrorCode, InternalError } from '../../src/errors';
import {
  chineseDaysToYears,
  chineseHolidayName,
  loadChineseDaysYears,
} from '../../src/modules/calendar/chinese-days-source';
import { dayOfWeek } from '../../src/modules/calendar/iso-date';
import {
  MAX_RANGE_DAYS,
  WorkCalendar,
  type CalendarYearData,
  type PeriodCount,
} from '../../src/modules/calendar/work-calendar';

/** The error `fn` throws (fails the test when it throws none). */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new InternalError('expected an error, none was thrown');
}

function expectMissing(fn: () => unknown, year: number): void {
  const e = thrown(fn);
  expect(e).toBeInstanceOf(CalendarMissingError);
  expect((e as CalendarMissingError).year).toBe(year);
  expect((e as CalendarMissingError).extensions.code).toBe(ErrorCode.CALENDAR_MISSING);
  expect((e as CalendarMissingError).message).toContain(String(year));
}

/**
 * A hand-made year, independent of the package, so the rules are proven on their own.
 * January 2030: Tue 1 and Wed 2 are 元旦, Sat 5 is an adjusted working day (调休上班日).
 * May 2030: Wed 1 to Sun 5 are 劳动节. Tue 31 December is a holiday (the next New Year).
 */
const HAND_MADE: CalendarYearData = {
  year: 2030,
  holidays: {
    '2030-01-01': '元旦',
    '2030-01-02': '元旦',
    '2030-05-01': '劳动节',
    '2030-05-02': '劳动节',
    '2030-05-03': '劳动节',
    '2030-05-04': '劳动节',
    '2030-05-05': '劳动节',
    '2030-12-31': '元旦',
  },
  adjustedWorkdays: ['2030-01-05'],
};

describe('WorkCalendar on a hand-made year (the pure rules)', () => {
  const cal = WorkCalendar.fromYears([HAND_MADE]);

  it('the hand-made dates fall on the weekdays the cases assume', () => {
    expect(dayOfWeek('2030-01-01')).toBe(2);
    expect(dayOfWeek('2030-01-05')).toBe(6);
    expect(dayOfWeek('2030-05-01')).toBe(3);
    expect(dayOfWeek('2030-12-31')).toBe(2);
  });

  it('knows which years it holds', () => {
    expect(cal.years()).toEqual([2030]);
    expect(cal.hasYear(2030)).toBe(true);
    expect(cal.hasYear(2031)).toBe(false);
  });

  describe('isWorkday: a weekday not on holiday, or an adjusted working day', () => {
    it.each([
      ['2030-01-03', true, 'a plain Thursday'],
      ['2030-01-01', false, 'a holiday on a Tuesday'],
      ['2030-01-05', true, 'an adjusted Saturday'],
      ['2030-01-06', false, 'a plain Sunday'],
      ['2030-01-12', false, 'a plain Saturday'],
      ['2030-05-04', false, 'a holiday on a Saturday'],
    ])('%s is a working day: %p (%s)', (date, expected) => {
      expect(cal.isWorkday(date)).toBe(expected);
    });
  });

  describe('holidayName: the holiday, or null (a plain weekend is no holiday)', () => {
    it.each([
      ['2030-01-02', '元旦'],
      ['2030-05-03', '劳动节'],
      ['2030-01-05', null],
      ['2030-01-06', null],
      ['2030-01-03', null],
    ])('%s -> %p', (date, name) => {
      expect(cal.holidayName(date)).toBe(name);
    });
  });

  describe('working-day periods', () => {
    it.each([
      ['the day of the event does not count', '2030-01-07', 1, '2030-01-08'],
      ['a weekend is skipped', '2030-01-11', 1, '2030-01-14'],
      ['an event on a weekend starts counting the next working day', '2030-01-12', 1, '2030-01-14'],
      ['a holiday is skipped', '2030-01-01', 1, '2030-01-03'],
      ['an adjusted Saturday counts as a working day', '2030-01-04', 1, '2030-01-05'],
      ['the Sunday after an adjusted Saturday does not count', '2030-01-04', 2, '2030-01-07'],
      ['ten working days span two weekends', '2030-01-07', 10, '2030-01-21'],
      ['a holiday week is skipped whole', '2030-04-30', 1, '2030-05-06'],
    ])('%s: %s + %p working days = %s', (_rule, start, n, due) => {
      expect(cal.addWorkingDays(start, n)).toBe(due);
      expect(cal.deadline(start, n, 'WORKING_DAYS')).toBe(due);
    });
  });

  describe('calendar-day periods', () => {
    it.each([
      ['a last day on a working day stands', '2030-01-07', 3, '2030-01-10'],
      ['a last day on a Saturday rolls to Monday', '2030-01-07', 5, '2030-01-14'],
      ['a last day on a Sunday rolls to Monday', '2030-01-07', 6, '2030-01-14'],
      ['a last day on a holiday rolls to the next working day', '2030-01-01', 1, '2030-01-03'],
      ['a last day on an adjusted Saturday stands', '2030-01-01', 4, '2030-01-05'],
      ['a roll crosses a holiday and the weekend after it', '2030-04-01', 30, '2030-05-06'],
    ])('%s: %s + %p calendar days = %s', (_rule, start, n, due) => {
      expect(cal.addCalendarDays(start, n)).toBe(due);
      expect(cal.deadline(start, n, 'CALENDAR_DAYS')).toBe(due);
    });
  });

  it('the day of the event is not looked at, so its year need not be held', () => {
    expect(cal.addWorkingDays('2029-12-31', 1)).toBe('2030-01-03');
    expect(cal.addCalendarDays('2029-12-31', 1)).toBe('2030-01-03');
  });

  describe('a date in a year not held is CalendarMissingError, never a guess', () => {
    it.each([
      ['a working-day period runs into 2031', () => cal.addWorkingDays('2030-12-27', 3), 2031],
      [
        'a working-day period skips a holiday into 2031',
        () => cal.addWorkingDays('2030-12-30', 1),
        2031,
      ],
      ['a calendar-day period ends in 2031', () => cal.addCalendarDays('2030-12-30', 2), 2031],
      [
        'a calendar-day period rolls from a holiday into 2031',
        () => cal.addCalendarDays('2030-12-30', 1),
        2031,
      ],
      ['a period entirely before the calendar', () => cal.addWorkingDays('2029-06-01', 1), 2029],
      ['isWorkday of a date in 2031', () => cal.isWorkday('2031-01-02'), 2031],
      ['holidayName of a date in 2029', () => cal.holidayName('2029-10-01'), 2029],
      ['days touching 2029', () => cal.days('2029-12-31', '2030-01-02'), 2029],
      ['days touching 2031', () => cal.days('2030-12-30', '2031-01-02'), 2031],
    ])('%s', (_what, fn, year) => {
      expectMissing(fn, year);
    });
  });

  describe('a period is 1 to MAX_RANGE_DAYS whole days, else BadInputError', () => {
    const counts: PeriodCount[] = ['WORKING_DAYS', 'CALENDAR_DAYS'];
    it.each(counts.flatMap((c) => [0, -1, 1.5, Number.NaN, MAX_RANGE_DAYS + 1].map((n) => [c, n])))(
      '%s with %p days',
      (count, n) => {
        const e = thrown(() => cal.deadline('2030-03-01', n as number, count as PeriodCount));
        expect(e).toBeInstanceOf(BadInputError);
        expect((e as BadInputError).fields).toEqual([expect.objectContaining({ path: 'days' })]);
      },
    );
  });

  it('refuses a start that is not a real date', () => {
    expect(() => cal.addWorkingDays('2030-02-30', 1)).toThrow(BadInputError);
    expect(() => cal.addCalendarDays('2030/03/01', 1)).toThrow(BadInputError);
    expect(() => cal.isWorkday('2030-13-01')).toThrow(BadInputError);
  });

  it('refuses an unknown way of counting', () => {
    expect(() => cal.deadline('2030-03-01', 1, 'HOURS' as PeriodCount)).toThrow(BadInputError);
  });

  describe('days: an inclusive range of days with their kind', () => {
    it('lists every day from the first to the last, both included', () => {
      expect(cal.days('2030-01-01', '2030-12-31')).toHaveLength(365);
      expect(cal.days('2030-01-01', '2030-01-07')).toEqual([
        { date: '2030-01-01', workday: false, holiday: '元旦' },
        { date: '2030-01-02', workday: false, holiday: '元旦' },
        { date: '2030-01-03', workday: true, holiday: null },
        { date: '2030-01-04', workday: true, holiday: null },
        { date: '2030-01-05', workday: true, holiday: null },
        { date: '2030-01-06', workday: false, holiday: null },
        { date: '2030-01-07', workday: true, holiday: null },
      ]);
    });

    it('a one-day range has one day', () => {
      expect(cal.days('2030-05-01', '2030-05-01')).toEqual([
        { date: '2030-05-01', workday: false, holiday: '劳动节' },
      ]);
    });

    it('refuses a range that ends before it starts, in Chinese', () => {
      const e = thrown(() => cal.days('2030-01-02', '2030-01-01'));
      expect(e).toBeInstanceOf(BadInputError);
      expect((e as BadInputError).message).toContain('晚于');
    });

    it('refuses a range longer than three years before looking at any year', () => {
      const e = thrown(() => cal.days('2030-01-01', '2040-01-01'));
      expect(e).toBeInstanceOf(BadInputError);
      expect((e as BadInputError).message).toContain(String(MAX_RANGE_DAYS));
    });

    it('refuses a bound that is not a real date', () => {
      expect(() => cal.days('2030-02-29', '2030-03-01')).toThrow(BadInputError);
    });
  });

  describe('the constructor refuses inconsistent data', () => {
    it.each<[string, CalendarYearData[], string]>([
      ['a year given twice', [HAND_MADE, HAND_MADE], 'years[1].year'],
      [
        'a holiday outside its year',
        [{ year: 2030, holidays: { '2031-01-01': '元旦' }, adjustedWorkdays: [] }],
        'years[0].holidays',
      ],
      [
        'an adjusted working day outside its year',
        [{ year: 2030, holidays: {}, adjustedWorkdays: ['2029-12-29'] }],
        'years[0].adjustedWorkdays[0]',
      ],
      [
        'a date both holiday and adjusted working day',
        [{ year: 2030, holidays: { '2030-01-05': '元旦' }, adjustedWorkdays: ['2030-01-05'] }],
        'years[0].adjustedWorkdays[0]',
      ],
      [
        'a date that does not exist',
        [{ year: 2030, holidays: { '2030-02-30': '春节' }, adjustedWorkdays: [] }],
        'years[0].holidays',
      ],
    ])('%s', (_what, years, path) => {
      const e = thrown(() => new WorkCalendar(years));
      expect(e).toBeInstanceOf(BadInputError);
      expect((e as BadInputError).fields.map((f) => f.path)).toContain(path);
    });

    it('an empty calendar holds no year and refuses every date', () => {
      const empty = new WorkCalendar([]);
      expect(empty.years()).toEqual([]);
      expectMissing(() => empty.isWorkday('2026-10-10'), 2026);
    });
  });
});

describe('WorkCalendar on the chinese-days data (real holiday arrangements)', () => {
  const cal = new WorkCalendar(loadChineseDaysYears());

  it('DOMAIN example: an event on Friday 2026-09-25 with 10 working days is due 2026-10-15', () => {
    expect(cal.deadline('2026-09-25', 10, 'WORKING_DAYS')).toBe('2026-10-15');
  });

  it('a 30-calendar-day window from 2026-09-01 ends on 国庆节 2026-10-01 and rolls to 2026-10-08', () => {
    expect(cal.holidayName('2026-10-01')).toBe('国庆节');
    expect(cal.deadline('2026-09-01', 30, 'CALENDAR_DAYS')).toBe('2026-10-08');
  });

  describe('working-day periods over real holidays', () => {
    it.each([
      ['2026 National Day is skipped', '2026-09-29', 2, '2026-10-08'],
      ['2026 adjusted Sunday 09-20 counts', '2026-09-18', 1, '2026-09-20'],
      ['2026 adjusted Saturday 10-10 counts', '2026-10-09', 1, '2026-10-10'],
      ['2026 Spring Festival: adjusted Saturday 02-14 counts', '2026-02-13', 1, '2026-02-14'],
      ['2026 Spring Festival (02-15..02-23) is skipped', '2026-02-13', 2, '2026-02-24'],
      ['2026 Spring Festival: adjusted Saturday 02-28 counts', '2026-02-27', 1, '2026-02-28'],
      ['2025 Spring Festival: adjusted Sunday 01-26 counts', '2025-01-24', 1, '2025-01-26'],
      ['2025 Spring Festival (01-28..02-04) is skipped', '2025-01-27', 1, '2025-02-05'],
      ['2025 Spring Festival: adjusted Saturday 02-08 counts', '2025-02-07', 1, '2025-02-08'],
      ['2024 Spring Festival: adjusted Sunday 02-04 counts', '2024-02-02', 1, '2024-02-04'],
      [
        '2024 Spring Festival (02-10..02-17) is skipped to adjusted Sunday 02-18',
        '2024-02-08',
        2,
        '2024-02-18',
      ],
      ['2025 National Day: adjusted Sunday 09-28 counts', '2025-09-26', 1, '2025-09-28'],
      ['2025 National Day and 中秋 (10-01..10-08) are skipped', '2025-09-30', 1, '2025-10-09'],
      ['2025 National Day: adjusted Saturday 10-11 counts', '2025-09-30', 3, '2025-10-11'],
      ['New Year 2026 is skipped to adjusted Sunday 01-04', '2025-12-31', 1, '2026-01-04'],
      ['adjusted Saturday 2018-12-29 before New Year 2019 counts', '2018-12-28', 1, '2018-12-29'],
    ])('%s: %s + %p working days = %s', (_rule, start, n, due) => {
      expect(cal.addWorkingDays(start, n)).toBe(due);
    });
  });

  describe('calendar-day periods over real holidays', () => {
    it.each([
      ['ending on 2025 National Day rolls to 10-09', '2025-09-08', 30, '2025-10-09'],
      ['ending on 2026 Spring Festival rolls past it', '2026-02-10', 5, '2026-02-24'],
      [
        'ending on 2024 Spring Festival rolls to adjusted Sunday 02-18',
        '2024-01-11',
        30,
        '2024-02-18',
      ],
      ['ending on 2026 中秋 (Friday 09-25) rolls to Monday 09-28', '2026-09-05', 20, '2026-09-28'],
      ['ending on adjusted Saturday 2026-10-10 stands', '2026-09-30', 10, '2026-10-10'],
      ['ending on plain Sunday 2026-10-11 rolls to Monday', '2026-10-01', 10, '2026-10-12'],
      ['ending on the last day of the last held year stands', '2026-12-01', 30, '2026-12-31'],
    ])('%s: %s + %p calendar days = %s', (_rule, start, n, due) => {
      expect(cal.addCalendarDays(start, n)).toBe(due);
    });
  });

  describe('isWorkday and holidayName on real days', () => {
    it.each([
      ['2026-10-10', true, null],
      ['2026-09-20', true, null],
      ['2026-10-11', false, null],
      ['2026-10-08', true, null],
      ['2026-10-07', false, '国庆节'],
      ['2026-02-17', false, '春节'],
      ['2026-04-05', false, '清明节'],
      ['2026-06-19', false, '端午节'],
      ['2025-10-06', false, '中秋节'],
      ['2024-02-18', true, null],
      ['2015-09-03', false, '中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日'],
    ])('%s: working day %p, holiday %p', (date, workday, holiday) => {
      expect(cal.isWorkday(date)).toBe(workday);
      expect(cal.holidayName(date)).toBe(holiday);
    });
  });

  describe('crossing New Year into a year the calendar lacks throws CalendarMissingError', () => {
    it.each([
      [
        '10 working days from 2026-12-24 reach 2027',
        () => cal.deadline('2026-12-24', 10, 'WORKING_DAYS'),
        2027,
      ],
      ['1 working day from 2026-12-31 is in 2027', () => cal.addWorkingDays('2026-12-31', 1), 2027],
      [
        '30 calendar days from 2026-12-15 end in 2027',
        () => cal.deadline('2026-12-15', 30, 'CALENDAR_DAYS'),
        2027,
      ],
      ['a week before 2004 is not held', () => cal.days('2003-12-30', '2004-01-02'), 2003],
    ])('%s', (_what, fn, year) => {
      expectMissing(fn, year);
    });
  });

  it('days accepts a range of exactly three years (1098 days) and refuses one day more', () => {
    const range = cal.days('2004-01-01', '2007-01-02');
    expect(range).toHaveLength(MAX_RANGE_DAYS);
    expect(range[0]).toEqual({ date: '2004-01-01', workday: false, holiday: '元旦' });
    expect(() => cal.days('2004-01-01', '2007-01-03')).toThrow(BadInputError);
  });

  it('2026 has the working days the published arrangement gives', () => {
    // 365 days - 104 weekend days - 33 holidays on weekdays... counted from the data itself
    const days = cal.days('2026-01-01', '2026-12-31');
    const holidaysOnWeekdays = days.filter((d) => d.holiday && ![0, 6].includes(dayOfWeek(d.date)));
    const adjusted = days.filter((d) => d.workday && [0, 6].includes(dayOfWeek(d.date)));
    expect(adjusted.map((d) => d.date)).toEqual([
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ]);
    expect(days.filter((d) => d.workday)).toHaveLength(
      365 - 104 - holidaysOnWeekdays.length + adjusted.length,
    );
  });
});

describe('loadChineseDaysYears', () => {
  const years = loadChineseDaysYears();

  it('covers every year 2004..2026, once each, ascending', () => {
    expect(years.map((y) => y.year)).toEqual(Array.from({ length: 23 }, (_, i) => 2004 + i));
  });

  it('marks 2026-10-10 and 2026-09-20 as adjusted working days and 10-01..10-07 as 国庆节', () => {
    const y2026 = years.find((y) => y.year === 2026)!;
    expect(y2026.adjustedWorkdays).toEqual(expect.arrayContaining(['2026-09-20', '2026-10-10']));
    for (let d = 1; d <= 7; d++) expect(y2026.holidays[`2026-10-0${d}`]).toBe('国庆节');
    expect(y2026.holidays['2026-10-08']).toBeUndefined();
  });

  it('names every holiday in Chinese only (no English, no day counts)', () => {
    for (const y of years) {
      for (const name of Object.values(y.holidays)) expect(name).toMatch(/^[\p{Script=Han}0-9]+$/u);
    }
  });

  it('puts every date in its own year and every adjusted working day on a weekend', () => {
    for (const y of years) {
      for (const d of [...Object.keys(y.holidays), ...y.adjustedWorkdays]) {
        expect(d.slice(0, 4)).toBe(String(y.year));
      }
      for (const d of y.adjustedWorkdays) expect([0, 6]).toContain(dayOfWeek(d));
    }
  });

  it('keeps a December holiday of the next New Year in the December year (2018-12-30)', () => {
    const y2018 = years.find((y) => y.year === 2018)!;
    expect(y2018.holidays['2018-12-30']).toBe('元旦');
    expect(y2018.adjustedWorkdays).toContain('2018-12-29');
  });
});

describe('chineseHolidayName: the Chinese field of an entry, official name', () => {
  it.each([
    ['National Day,国庆节,3', '国庆节'],
    ['Spring Festival,春节,4', '春节'],
    ["New Year's Day,元旦,1", '元旦'],
    ['Tomb-sweeping Day,清明,1', '清明节'],
    ['Dragon Boat Festival,端午,1', '端午节'],
    ['Mid-autumn Festival,中秋,1', '中秋节'],
    ['Labour Day,劳动节,2', '劳动节'],
    ['国庆节', '国庆节'],
    ['Some Day,,1', '法定节假日'],
  ])('%p -> %p', (entry, name) => {
    expect(chineseHolidayName(entry)).toBe(name);
  });
});

describe('chineseDaysToYears: only complete years are emitted', () => {
  const complete = {
    '2030-01-01': "New Year's Day,元旦,1",
    '2030-02-03': 'Spring Festival,春节,3',
    '2030-10-01': 'National Day,国庆节,3',
    '2030-12-31': "New Year's Day,元旦,1",
  };

  it('a year with 元旦, 春节 and 国庆节 is emitted; a stray date of the next year is not', () => {
    const years = chineseDaysToYears({
      holidays: { ...complete, '2031-01-01': "New Year's Day,元旦,1" },
      workdays: { '2030-09-29': 'National Day,国庆节,3', '2031-01-04': "New Year's Day,元旦,1" },
      inLieuDays: {},
    });
    expect(years).toEqual([
      {
        year: 2030,
        holidays: {
          '2030-01-01': '元旦',
          '2030-02-03': '春节',
          '2030-10-01': '国庆节',
          '2030-12-31': '元旦',
        },
        adjustedWorkdays: ['2030-09-29'],
      },
    ]);
  });

  it('a year holding only adjusted working days is not emitted', () => {
    expect(chineseDaysToYears({ holidays: {}, workdays: { '2031-01-04': 'x,元旦,1' } })).toEqual(
      [],
    );
  });

  it('no data, no years', () => {
    expect(chineseDaysToYears({ holidays: {}, workdays: {} })).toEqual([]);
  });

  it.each([
    ['no maps at all', null],
    ['holidays not a map of strings', { holidays: { '2030-01-01': 1 }, workdays: {} }],
    ['a bad date', { holidays: { '2030-02-30': 'x,春节,1' }, workdays: {} }],
    [
      'a date both holiday and workday',
      { holidays: { ...complete }, workdays: { '2030-01-01': 'x,元旦,1' } },
    ],
  ])('malformed package data (%s) is an InternalError', (_what, raw) => {
    expect(() => chineseDaysToYears(raw)).toThrow(InternalError);
  });
});
