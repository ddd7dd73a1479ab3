import { BadInputError, CalendarMissingError, type FieldError } from '../../errors';

import { addDays, daysBetween, isIsoDate, isWeekend, yearOf } from './iso-date';

/**
 * One published year of the working-day calendar (国务院办公厅关于部分节假日安排的通知): its
 * statutory holidays and its adjusted working days. Every date lies in `year`.
 */
export interface CalendarYearData {
  year: number;
  /** rest days of the year's holiday arrangement, date -> holiday name in Chinese ("国庆节") */
  holidays: Record<string, string>;
  /** adjusted working days (调休上班日), usually a Saturday or a Sunday */
  adjustedWorkdays: string[];
}

/** One day of the calendar, as `WorkCalendar.days` lists it. */
export interface CalendarDay {
  date: string;
  /** whether it is a working day (weekday not on holiday, or an adjusted working day) */
  workday: boolean;
  /** the holiday's name when it is a statutory holiday, else null */
  holiday: string | null;
}

/** How a period is counted; the same values as the `DayCount` enum of the schema. */
export type PeriodCount = 'WORKING_DAYS' | 'CALENDAR_DAYS';

/** The longest range `days` lists and the longest period counted: three years. */
export const MAX_RANGE_DAYS = 366 * 3;

/** Rejects a period length that is not a whole number of days between 1 and MAX_RANGE_DAYS. */
function requirePeriodLength(n: number): void {
  if (!Number.isSafeInteger(n) || n < 1 || n > MAX_RANGE_DAYS) {
    throw new BadInputError(`期限天数应为 1 到 ${MAX_RANGE_DAYS} 之间的整数，收到 ${n}`, [
      { path: 'days', message: `应为 1 到 ${MAX_RANGE_DAYS} 之间的整数` },
    ]);
  }
}

/** Rejects anything that is not a strict "YYYY-MM-DD" date, naming the field. */
function requireDate(date: string, path: string): void {
  if (!isIsoDate(date)) {
    throw new BadInputError(`日期格式应为 YYYY-MM-DD 且为真实日期，收到 ${JSON.stringify(date)}`, [
      { path, message: '应为 YYYY-MM-DD 格式的真实日期' },
    ]);
  }
}

/**
 * The working-day calendar of mainland China as data, and deadline arithmetic on it (rules of
 * Chinese law on periods, e.g. 民法典 第二百零一条、第二百零三条):
 *
 * - the day of the event does not count; a period starts the next day;
 * - a working-day period counts Monday to Friday except statutory holidays, plus the adjusted
 *   working days (调休上班日) on a Saturday or a Sunday;
 * - a calendar-day period whose last day is a rest day (a weekend not adjusted, or a holiday)
 *   ends on the next working day;
 * - a period is at least 1 day long (0 or less is a BadInputError);
 * - any date the arithmetic looks at in a year the calendar does not hold throws
 *   CalendarMissingError(year): a date outside every known year is never guessed. The day of
 *   the event itself is not looked at, so its year need not be held.
 */
export class WorkCalendar {
  private readonly known = new Set<number>();
  private readonly holidays = new Map<string, string>();
  private readonly adjusted = new Set<string>();

  /**
   * A calendar of the given years. Each year at most once, each date a real date inside its
   * year, and no date both a holiday and an adjusted working day; else BadInputError.
   */
  constructor(years: readonly CalendarYearData[]) {
    const fields: FieldError[] = [];
    years.forEach((y, i) => {
      if (!Number.isSafeInteger(y.year) || y.year < 0 || y.year > 9999) {
        fields.push({ path: `years[${i}].year`, message: `年份无效：${y.year}` });
        return;
      }
      if (this.known.has(y.year)) {
        fields.push({ path: `years[${i}].year`, message: `${y.year} 年重复` });
        return;
      }
      this.known.add(y.year);
      const inYear = (d: string) => isIsoDate(d) && yearOf(d) === y.year;
      for (const [date, name] of Object.entries(y.holidays)) {
        if (!inYear(date)) {
          fields.push({ path: `years[${i}].holidays`, message: `${date} 不是 ${y.year} 年的日期` });
        } else {
          this.holidays.set(date, name);
        }
      }
      y.adjustedWorkdays.forEach((date, j) => {
        const path = `years[${i}].adjustedWorkdays[${j}]`;
        if (!inYear(date)) fields.push({ path, message: `${date} 不是 ${y.year} 年的日期` });
        else if (Object.hasOwn(y.holidays, date)) {
          fields.push({ path, message: `${date} 不能既是节假日又是调休上班日` });
        } else this.adjusted.add(date);
      });
    });
    if (fields.length) throw new BadInputError('工作日历数据有误', fields);
  }

  /** A calendar of the given years (same as the constructor). */
  static fromYears(years: readonly CalendarYearData[]): WorkCalendar {
    return new WorkCalendar(years);
  }

  /** Whether the calendar holds year `y`. */
  hasYear(y: number): boolean {
    return this.known.has(y);
  }

  /** The years the calendar holds, ascending. */
  years(): number[] {
    return [...this.known].sort((a, b) => a - b);
  }

  /** The year of `date`, or CalendarMissingError when the calendar does not hold it. */
  private heldYear(date: string): number {
    const y = yearOf(date);
    if (!this.known.has(y)) throw new CalendarMissingError(y);
    return y;
  }

  /**
   * Whether `date` is a working day: an adjusted working day (调休上班日), or a Monday to Friday
   * that is not a statutory holiday. A date in a year not held is a CalendarMissingError.
   */
  isWorkday(date: string): boolean {
    requireDate(date, 'date');
    this.heldYear(date);
    if (this.adjusted.has(date)) return true;
    if (this.holidays.has(date)) return false;
    return !isWeekend(date);
  }

  /**
   * The name of the statutory holiday on `date` ("春节"), or null when it is none (a plain
   * weekend is not a holiday). A date in a year not held is a CalendarMissingError.
   */
  holidayName(date: string): string | null {
    requireDate(date, 'date');
    this.heldYear(date);
    return this.holidays.get(date) ?? null;
  }

  /**
   * Every day from `from` to `to`, both included, with whether it is a working day and its
   * holiday. `from` after `to`, or a range longer than MAX_RANGE_DAYS, is a BadInputError; a
   * range touching a year not held is a CalendarMissingError (for the first such year).
   */
  days(from: string, to: string): CalendarDay[] {
    requireDate(from, 'from');
    requireDate(to, 'to');
    const span = daysBetween(from, to) + 1;
    if (span < 1) {
      throw new BadInputError(`开始日期 ${from} 晚于结束日期 ${to}`, [
        { path: 'from', message: '不能晚于结束日期' },
      ]);
    }
    if (span > MAX_RANGE_DAYS) {
      throw new BadInputError(`日期范围最长 ${MAX_RANGE_DAYS} 天，所给范围为 ${span} 天`, [
        { path: 'to', message: `范围不能超过 ${MAX_RANGE_DAYS} 天` },
      ]);
    }
    for (let y = yearOf(from); y <= yearOf(to); y++) {
      if (!this.known.has(y)) throw new CalendarMissingError(y);
    }
    const out: CalendarDay[] = [];
    for (let i = 0; i < span; i++) {
      const date = addDays(from, i);
      out.push({ date, workday: this.isWorkday(date), holiday: this.holidays.get(date) ?? null });
    }
    return out;
  }

  /**
   * The last day of a period of `n` working days after the event on `start`: counting starts
   * the day after `start`, and only working days count (weekends and holidays are skipped,
   * adjusted working days count). `n` must be 1..MAX_RANGE_DAYS.
   */
  addWorkingDays(start: string, n: number): string {
    requireDate(start, 'start');
    requirePeriodLength(n);
    let date = start;
    for (let counted = 0; counted < n;) {
      date = addDays(date, 1);
      if (this.isWorkday(date)) counted++;
    }
    return date;
  }

  /**
   * The last day of a period of `n` calendar days after the event on `start`: `start` + n days;
   * when that day is a rest day (a weekend not adjusted, or a holiday) the period ends on the
   * next working day. `n` must be 1..MAX_RANGE_DAYS.
   */
  addCalendarDays(start: string, n: number): string {
    requireDate(start, 'start');
    requirePeriodLength(n);
    let date = addDays(start, n);
    while (!this.isWorkday(date)) date = addDays(date, 1);
    return date;
  }

  /**
   * How many days after `from` up to and including `to` count as `count` says: working days
   * (adjusted working days included, holidays and weekends not), or every calendar day. 0 when
   * `to` is not after `from`. A day looked at in a year not held is a CalendarMissingError.
   */
  countDays(from: string, to: string, count: PeriodCount): number {
    requireDate(from, 'from');
    requireDate(to, 'to');
    const span = daysBetween(from, to);
    if (span <= 0) return 0;
    if (count === 'CALENDAR_DAYS') return span;
    let n = 0;
    for (let i = 1; i <= span; i++) if (this.isWorkday(addDays(from, i))) n++;
    return n;
  }

  /**
   * The due date of a window of `days` days, counted as `count` says, for an event on `start`
   * (see addWorkingDays and addCalendarDays).
   */
  deadline(start: string, days: number, count: PeriodCount): string {
    switch (count) {
      case 'WORKING_DAYS':
        return this.addWorkingDays(start, days);
      case 'CALENDAR_DAYS':
        return this.addCalendarDays(start, days);
      default:
        throw new BadInputError(`未知的计日方式：${String(count)}`, [
          { path: 'count', message: '应为 WORKING_DAYS 或 CALENDAR_DAYS' },
        ]);
    }
  }
}
