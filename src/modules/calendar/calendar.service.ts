import type { DataSource, EntityManager } from 'typeorm';

import { writeAudit, type Actor } from '../../common/audit';
import type { DayCount } from '../../common/enums';
import { BadInputError, type FieldError } from '../../errors';
import { User } from '../auth/user.entity';

import { CalendarSpecialDay, CalendarYear } from './calendar-day.entity';
import { loadChineseDaysYears } from './chinese-days-source';
import { chinaDate, daysBetween, dayOfWeek, isIsoDate } from './iso-date';
import { WorkCalendar, type CalendarYearData } from './work-calendar';

/** What a year must hold at least: the statutory holidays (13 days since 2025, 11 before). */
export function statutoryHolidayDays(year: number): number {
  return year >= 2025 ? 13 : 11;
}

/** How close the end of the last loaded year may come before the service warns. */
export const HORIZON_WARNING_DAYS = 60;

/**
 * A warning when the last loaded year ends within HORIZON_WARNING_DAYS of `today` (or no year is
 * loaded), else null: from then on windows start reaching a year the calendar lacks.
 */
export function calendarHorizonWarning(years: number[], today: string): string | null {
  if (!years.length) return '工作日历未加载任何年份';
  const last = Math.max(...years);
  const left = daysBetween(today, `${last}-12-31`);
  if (left > HORIZON_WARNING_DAYS) return null;
  return `工作日历只加载到 ${last} 年（还剩 ${Math.max(left, 0)} 天），请尽快录入 ${last + 1} 年的节假日安排`;
}

/** What is loaded of one year. */
export interface CalendarYearSummary {
  year: number;
  source: string;
  holidays: number;
  adjustedWorkdays: number;
  workdays: number;
  loadedAt: Date;
}

/** Called inside the transaction that adds or replaces a year, with the calendar it makes. */
export type YearSetListener = (
  m: EntityManager,
  year: number,
  calendar: WorkCalendar,
  actor: Actor,
) => Promise<void>;

/** How long a loaded calendar is trusted before it is read again (another process may change it). */
const CACHE_MS = 60_000;

/**
 * The working-day calendar as data: years loaded from `chinese-days` the first time, replaced
 * or added by an administrator when the State Council publishes a new year.
 */
export class CalendarService {
  private cached: { at: number; calendar: Promise<WorkCalendar> } | null = null;
  private readonly listeners: YearSetListener[] = [];

  constructor(private readonly ds: DataSource) {}

  /** Runs `listener` in the transaction of every year added or replaced. */
  onYearSet(listener: YearSetListener): void {
    this.listeners.push(listener);
  }

  /** The years loaded, ascending, with their counts. */
  async years(): Promise<CalendarYearSummary[]> {
    const rows: {
      year: number;
      source: string;
      updated_at: Date;
      holidays: number;
      adjusted: number;
    }[] = await this.ds.query(
      `SELECT y.year, y.source, y.updated_at,
              count(d.date) FILTER (WHERE NOT d.workday)::int AS holidays,
              count(d.date) FILTER (WHERE d.workday)::int AS adjusted
         FROM calendar_year y LEFT JOIN calendar_special_day d ON d.year = y.year
        GROUP BY y.year ORDER BY y.year`,
    );
    const cal = await this.calendar();
    return rows.map((r) => ({
      year: r.year,
      source: r.source,
      holidays: r.holidays,
      adjustedWorkdays: r.adjusted,
      workdays: cal.countDays(`${r.year - 1}-12-31`, `${r.year}-12-31`, 'WORKING_DAYS'),
      loadedAt: r.updated_at,
    }));
  }

  /** The warning about the calendar's horizon today (see calendarHorizonWarning), or null. */
  async horizonWarning(): Promise<string | null> {
    return calendarHorizonWarning((await this.calendar()).years(), chinaDate(new Date()));
  }

  /** Loads every year the package knows and the database does not have yet. */
  async ensureSeeded(): Promise<number> {
    const have = new Set((await this.ds.getRepository(CalendarYear).find()).map((y) => y.year));
    const missing = loadChineseDaysYears().filter((y) => !have.has(y.year));
    if (!missing.length) return 0;
    await this.ds.transaction(async (m) => {
      for (const y of missing) await this.writeYear(m, y, 'chinese-days');
    });
    this.cached = null;
    return missing.length;
  }

  /** The calendar, read from the database at most once a minute (at once after a change here). */
  async calendar(): Promise<WorkCalendar> {
    if (!this.cached || Date.now() - this.cached.at > CACHE_MS) {
      const calendar = this.read();
      this.cached = { at: Date.now(), calendar };
      calendar.catch(() => (this.cached = null));
    }
    return this.cached.calendar;
  }

  private async read(m: EntityManager = this.ds.manager): Promise<WorkCalendar> {
    const years = await m.getRepository(CalendarYear).find({ order: { year: 'ASC' } });
    const days = await m.getRepository(CalendarSpecialDay).find({ order: { date: 'ASC' } });
    const data = new Map<number, CalendarYearData>(
      years.map((y) => [y.year, { year: y.year, holidays: {}, adjustedWorkdays: [] }]),
    );
    for (const d of days) {
      const y = data.get(d.year);
      if (!y) continue;
      if (d.workday) y.adjustedWorkdays.push(d.date);
      else y.holidays[d.date] = d.name ?? '法定节假日';
    }
    return new WorkCalendar([...data.values()]);
  }

  async deadline(start: string, days: number, count: DayCount): Promise<string> {
    return (await this.calendar()).deadline(start, days, count);
  }

  /**
   * Adds or replaces a year: its holidays (at least the statutory ones) and its adjusted working
   * days (调休上班日). In the same transaction the listeners move the open due dates the year
   * touches. Returns the number of working days the year then has.
   */
  async setYear(
    year: number,
    holidays: string[],
    adjustedWorkdays: string[],
    actor: Actor,
  ): Promise<number> {
    const fields: FieldError[] = [];
    if (!Number.isInteger(year) || year < 2000 || year > 2100) {
      fields.push({ path: 'year', message: '年份应在 2000 到 2100 之间' });
    }
    const check = (list: string[], name: string) =>
      list.forEach((d, i) => {
        if (!isIsoDate(d) || Number(d.slice(0, 4)) !== year) {
          fields.push({ path: `${name}[${i}]`, message: `${d} 不是 ${year} 年的日期` });
        }
      });
    check(holidays, 'holidays');
    check(adjustedWorkdays, 'adjustedWorkdays');
    const holidaySet = new Set(holidays);
    adjustedWorkdays.forEach((d, i) => {
      if (holidaySet.has(d))
        fields.push({
          path: `adjustedWorkdays[${i}]`,
          message: `${d} 不能既是节假日又是调休上班日`,
        });
      else if (isIsoDate(d) && ![0, 6].includes(dayOfWeek(d))) {
        fields.push({ path: `adjustedWorkdays[${i}]`, message: `${d} 不是周末，无需调休上班` });
      }
    });
    if (new Set(holidays).size !== holidays.length)
      fields.push({ path: 'holidays', message: '节假日有重复日期' });
    else if (holidays.length < statutoryHolidayDays(year))
      fields.push({
        path: 'holidays',
        message: `${year} 年的法定节假日有 ${statutoryHolidayDays(year)} 天，所给只有 ${holidays.length} 天`,
      });
    if (fields.length) throw new BadInputError('工作日历数据有误', fields);

    const data: CalendarYearData = {
      year,
      holidays: Object.fromEntries(holidays.map((d) => [d, '法定节假日'])),
      adjustedWorkdays: [...new Set(adjustedWorkdays)],
    };
    await this.ds.transaction(async (m) => {
      const before = await m.getRepository(CalendarSpecialDay).find({ where: { year } });
      // the special days of a year are replaced whole; history of the change is in the audit log
      await m.delete(CalendarSpecialDay, { year });
      await m.delete(CalendarYear, { year });
      const who = actor.userId ? await m.findOneBy(User, { id: actor.userId }) : null;
      await this.writeYear(m, data, who?.username ?? 'admin');
      const cal = await this.read(m);
      for (const listener of this.listeners) await listener(m, year, cal, actor);
      await writeAudit(m, actor, {
        operation: 'setCalendarYear',
        entityIds: [String(year)],
        before: before.map((d) => ({ date: d.date, workday: d.workday })),
        after: { holidays, adjustedWorkdays },
      });
    });
    this.cached = null;
    const cal = await this.calendar();
    return cal.days(`${year}-01-01`, `${year}-12-31`).filter((d) => d.workday).length;
  }

  private async writeYear(m: EntityManager, y: CalendarYearData, source: string): Promise<void> {
    await m.insert(CalendarYear, { year: y.year, source });
    const rows = [
      ...Object.entries(y.holidays).map(([date, name]) => ({
        date,
        year: y.year,
        workday: false,
        name,
      })),
      ...y.adjustedWorkdays.map((date) => ({ date, year: y.year, workday: true, name: null })),
    ];
    if (rows.length) await m.insert(CalendarSpecialDay, rows);
  }
}
