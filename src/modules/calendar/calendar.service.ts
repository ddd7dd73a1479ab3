import type { DataSource, EntityManager } from 'typeorm';

import { writeAudit, type Actor } from '../../common/audit';
import type { DayCount } from '../../common/enums';
import { BadInputError, type FieldError } from '../../errors';

import { CalendarSpecialDay, CalendarYear } from './calendar-day.entity';
import { loadChineseDaysYears } from './chinese-days-source';
import { dayOfWeek, isIsoDate } from './iso-date';
import { WorkCalendar, type CalendarYearData } from './work-calendar';

/** How long a loaded calendar is trusted before it is read again (another process may change it). */
const CACHE_MS = 60_000;

/**
 * The working-day calendar as data: years loaded from `chinese-days` the first time, replaced
 * or added by an administrator when the State Council publishes a new year.
 */
export class CalendarService {
  private cached: { at: number; calendar: Promise<WorkCalendar> } | null = null;

  constructor(private readonly ds: DataSource) {}

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

  private async read(): Promise<WorkCalendar> {
    const years = await this.ds.getRepository(CalendarYear).find({ order: { year: 'ASC' } });
    const days = await this.ds.getRepository(CalendarSpecialDay).find({ order: { date: 'ASC' } });
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
   * Adds or replaces a year: its holidays and its adjusted working days (调休上班日). Returns the
   * number of working days the year then has.
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
      await this.writeYear(m, data, 'admin');
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
