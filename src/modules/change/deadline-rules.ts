import type { DayCount, WindowMeasure } from '../../common/enums';
import { CalendarMissingError } from '../../errors';
import type { WorkCalendar } from '../calendar/work-calendar';

import type { ChangeRequestStatus } from './change-request.entity';
import { chinaDate } from './change-rules';

/**
 * The deadline rules of DOMAIN.md "Revision 2" ("Due dates are known from the start"), as plain
 * functions over plain data: whether a request is done, late or overdue, the days left, and the
 * warning level (提醒 / 预警 / 逾期). Each takes the date or instant it judges as of, so a
 * scorecard can ask about any past instant.
 */

export const WARNING_LEVELS = ['REMINDER', 'WARNING', 'OVERDUE'] as const;
export type WarningLevel = (typeof WARNING_LEVELS)[number];

/** A window as an obligation or a request keeps it. */
export interface DeadlineWindow {
  days: number;
  count: DayCount;
}

/** What the lateness of a request is judged from. */
export interface RequestTiming {
  status: ChangeRequestStatus;
  dueOn: string | null;
  measure: WindowMeasure | null;
  submittedAt: Date | null;
  decidedAt: Date | null;
}

/**
 * Whether a request had done what its window measures by `asOf`: filed (submitted and not
 * withdrawn since), or completed (approved).
 */
export function requestDoneBy(r: RequestTiming, asOf: Date): boolean {
  if (r.measure === 'FILED') {
    return r.status !== 'WITHDRAWN' && r.submittedAt !== null && r.submittedAt <= asOf;
  }
  return r.status === 'APPROVED' && r.decidedAt !== null && r.decidedAt <= asOf;
}

/**
 * Overdue: the due date (China Standard Time) has passed at `asOf` and the request, still
 * live (a draft, or filed and waiting for a decision), has not done what its window measures. A
 * rejected or withdrawn request is closed: the obligations it answered carry the lateness.
 */
export function requestOverdue(r: RequestTiming, asOf: Date): boolean {
  if (!r.dueOn || chinaDate(asOf) <= r.dueOn) return false;
  if (r.status === 'REJECTED' || r.status === 'WITHDRAWN') return false;
  return !requestDoneBy(r, asOf);
}

/**
 * Days left, counted as the window counts, after `today` up to and including `dueOn`: 0 on the
 * due date, negative after it (minus the days past; at least -1, so a due date that passed over
 * a weekend of a working-day window still reads as past). null when the calendar lacks a year
 * the count reaches.
 */
export function daysLeft(
  cal: WorkCalendar,
  today: string,
  dueOn: string,
  count: DayCount,
): number | null {
  try {
    if (dueOn >= today) return cal.countDays(today, dueOn, count);
    return -Math.max(1, cal.countDays(dueOn, today, count));
  } catch (err) {
    if (err instanceof CalendarMissingError) return null;
    throw err;
  }
}

/**
 * The warning level on `today` of a window running from `triggeredOn` to `dueOn`, not yet done:
 * 逾期 OVERDUE once past the due date; 预警 WARNING once four fifths of the window's days have
 * passed; 提醒 REMINDER once half have (days counted as the window counts, from the day after
 * the trigger, the e-supervision convention); else null. Done work, and a window whose due date
 * is not known yet, has no warning.
 */
export function warningLevel(
  cal: WorkCalendar,
  w: DeadlineWindow & { triggeredOn: string; dueOn: string | null; done: boolean },
  today: string,
): WarningLevel | null {
  if (w.done || !w.dueOn) return null;
  if (today > w.dueOn) return 'OVERDUE';
  let passed: number;
  try {
    passed = cal.countDays(w.triggeredOn, today, w.count);
  } catch (err) {
    if (err instanceof CalendarMissingError) return null;
    throw err;
  }
  if (passed * 5 >= w.days * 4) return 'WARNING';
  if (passed * 2 >= w.days) return 'REMINDER';
  return null;
}

/** The severity order of warnings, most severe first (for sorting lists). */
export const WARNING_RANK: Record<WarningLevel, number> = { OVERDUE: 0, WARNING: 1, REMINDER: 2 };
