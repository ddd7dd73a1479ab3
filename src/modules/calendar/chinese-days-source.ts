import chineseDaysData from 'chinese-days/dist/chinese-days.json';

import { InternalError } from '../../errors';

import { isIsoDate, yearOf } from './iso-date';
import { type CalendarYearData } from './work-calendar';

/**
 * The package's entries read "English name,中文名,天数" (e.g. "National Day,国庆节,3"). The
 * State Council notices name some holidays with 节 where the package does not; those are
 * normalised so every source names a holiday the same way.
 */
const OFFICIAL_NAMES: Record<string, string> = {
  清明: '清明节',
  端午: '端午节',
  中秋: '中秋节',
};

/** A name used when an entry carries no Chinese name at all. */
const FALLBACK_NAME = '法定节假日';

/**
 * The Chinese holiday name in a `chinese-days` entry: the field written in CJK characters of
 * "National Day,国庆节,3", normalised to the official name ("中秋" -> "中秋节").
 */
export function chineseHolidayName(entry: string): string {
  const parts = entry.split(',').map((p) => p.trim());
  const chinese = parts.find((p) => /\p{Script=Han}/u.test(p));
  if (!chinese) return FALLBACK_NAME;
  return OFFICIAL_NAMES[chinese] ?? chinese;
}

/** The package's data shape: date -> "English,中文,n" for holidays and adjusted working days. */
interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

function isRecordOfStrings(v: unknown): v is Record<string, string> {
  return (
    typeof v === 'object' &&
    v !== null &&
    Object.values(v as Record<string, unknown>).every((x) => typeof x === 'string')
  );
}

/**
 * Whether a year's data is a whole published arrangement and not a stray entry: every year's
 * notice makes 1 January (元旦) and 1 October (国庆节) holidays and has a 春节 holiday in that
 * year. A year that has only, say, the tail of the next year's New Year holiday fails this.
 */
function isCompleteYear(y: CalendarYearData): boolean {
  const names = new Set(Object.values(y.holidays));
  return (
    y.holidays[`${y.year}-01-01`] !== undefined &&
    y.holidays[`${y.year}-10-01`] !== undefined &&
    names.has('春节')
  );
}

/**
 * Turns `chinese-days` data into calendar years. Each date goes to the year it falls in (a
 * holiday on 30 December for the next New Year belongs to the December's year). Only years whose
 * arrangement is complete (see isCompleteYear) are returned, ascending; a year the data does not
 * cover, or covers only in part, is left out, so the calendar reports it missing instead of
 * treating it as a year without holidays. Malformed data is an InternalError.
 */
export function chineseDaysToYears(raw: unknown): CalendarYearData[] {
  const data = raw as Partial<ChineseDaysData> | null;
  if (!data || !isRecordOfStrings(data.holidays) || !isRecordOfStrings(data.workdays)) {
    throw new InternalError('chinese-days data has no holidays/workdays maps');
  }
  const byYear = new Map<number, CalendarYearData>();
  const yearFor = (date: string): CalendarYearData => {
    if (!isIsoDate(date)) throw new InternalError(`chinese-days has a bad date ${date}`);
    const year = yearOf(date);
    let y = byYear.get(year);
    if (!y) byYear.set(year, (y = { year, holidays: {}, adjustedWorkdays: [] }));
    return y;
  };
  for (const [date, entry] of Object.entries(data.holidays)) {
    yearFor(date).holidays[date] = chineseHolidayName(entry);
  }
  for (const date of Object.keys(data.workdays)) {
    if (Object.hasOwn(data.holidays, date)) {
      throw new InternalError(`chinese-days has ${date} both as holiday and as workday`);
    }
    yearFor(date).adjustedWorkdays.push(date);
  }
  return [...byYear.values()]
    .filter(isCompleteYear)
    .map((y) => ({ ...y, adjustedWorkdays: [...y.adjustedWorkdays].sort() }))
    .sort((a, b) => a.year - b.year);
}

/**
 * Every complete year the installed `chinese-days` package covers (2004–2026 for 1.5.7), as
 * calendar years with Chinese holiday names.
 */
export function loadChineseDaysYears(): CalendarYearData[] {
  return chineseDaysToYears(chineseDaysData);
}
