import { BadInputError } from '../../errors';

/**
 * Calendar dates as "YYYY-MM-DD" strings (China Standard Time calendar dates). Every computation
 * here is done on UTC midnight of the date, so the host's time zone never changes a result.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** Days in a month of the proleptic Gregorian calendar (month 1..12). */
function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Whether `s` is a real calendar date written strictly "YYYY-MM-DD": four-digit year, two-digit
 * month and day, and the day exists in that month ("2026-02-30" and "2025-02-29" are not dates).
 */
export function isIsoDate(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Throws BadInputError unless `s` is a strict ISO date (see isIsoDate). */
function requireIsoDate(s: unknown, what = '日期'): string {
  if (!isIsoDate(s)) {
    throw new BadInputError(`${what}格式应为 YYYY-MM-DD 且为真实日期，收到 ${JSON.stringify(s)}`);
  }
  return s;
}

/**
 * The date as a `Date` at 00:00 UTC of that day. The rule: only strict ISO dates are accepted
 * (see isIsoDate); anything else is a BadInputError, never a guess.
 */
export function parseIsoDate(s: string): Date {
  const iso = requireIsoDate(s);
  const d = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not turn years 0..99 into 1900..1999
  d.setUTCFullYear(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
  return d;
}

/**
 * The UTC calendar date of `d` as "YYYY-MM-DD" (the inverse of parseIsoDate). An invalid Date or
 * one outside the years 0000..9999 is a BadInputError.
 */
export function formatIsoDate(d: Date): string {
  const year = d.getUTCFullYear();
  if (Number.isNaN(d.getTime()) || year < 0 || year > 9999) {
    throw new BadInputError('日期无效或超出 0000 至 9999 年的范围');
  }
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  return `${pad(year, 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
}

/**
 * The date `n` calendar days after `date` (before it when `n` is negative): plain arithmetic, no
 * holidays and no rolling. `n` must be an integer.
 */
export function addDays(date: string, n: number): string {
  if (!Number.isSafeInteger(n)) throw new BadInputError(`天数应为整数，收到 ${n}`);
  return formatIsoDate(new Date(parseIsoDate(date).getTime() + n * MS_PER_DAY));
}

/** The day of the week of `date`: 0 = Sunday, 1 = Monday … 6 = Saturday. */
export function dayOfWeek(date: string): number {
  return parseIsoDate(date).getUTCDay();
}

/** Whether `date` falls on a Saturday or a Sunday (before any holiday or 调休 arrangement). */
export function isWeekend(date: string): boolean {
  const dow = dayOfWeek(date);
  return dow === 0 || dow === 6;
}

/** The number of days from `from` to `to` (negative when `to` is earlier): `addDays(from, n) === to`. */
export function daysBetween(from: string, to: string): number {
  return Math.round((parseIsoDate(to).getTime() - parseIsoDate(from).getTime()) / MS_PER_DAY);
}

/**
 * Orders two ISO dates: negative when `a` is earlier, 0 when equal, positive when later (usable
 * as an `Array.prototype.sort` comparator). Both must be strict ISO dates.
 */
export function compareIsoDate(a: string, b: string): number {
  requireIsoDate(a);
  requireIsoDate(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The year of an ISO date, as a number. */
export function yearOf(date: string): number {
  return Number(requireIsoDate(date).slice(0, 4));
}

/** The calendar date in China Standard Time (UTC+8, no daylight saving) of an instant. */
export function chinaDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}
