/**
 * Item 5 of the district table (provincial 43, municipal 47), "a request filed after its
 * window", judged as the request stood at an instant (DOMAIN.md "Revision 2", "Scores never
 * overstate" and "Due dates are known from the start"): pure functions over a request's
 * timestamps, so a scorecard of a past period reads what was known at its end, not what the
 * request has become since (a request approved after `asOf` was still waiting then).
 */
import type { WindowMeasure } from '../../common/enums';
import type { ChangeRequestStatus } from '../change/change-request.entity';
import { chinaDate } from '../change/change-rules';
import { requestDoneBy, requestOverdue } from '../change/deadline-rules';

/** A request's timestamps, as stored. */
export interface RequestHistory {
  status: ChangeRequestStatus;
  dueOn: string | null;
  measure: WindowMeasure | null;
  createdAt: Date;
  submittedAt: Date | null;
  decidedAt: Date | null;
  /** the last write; for a withdrawn request (a final state), the instant it was withdrawn */
  updatedAt: Date;
}

/**
 * The status a request had at `asOf`, from its timestamps (null before it was created): a draft
 * until filed, filed until decided, and withdrawn from its last write once withdrawn.
 */
export function requestStatusAt(r: RequestHistory, asOf: Date): ChangeRequestStatus | null {
  if (r.createdAt >= asOf) return null;
  if (r.status === 'WITHDRAWN' && r.updatedAt < asOf) return 'WITHDRAWN';
  if (r.decidedAt && r.decidedAt < asOf && (r.status === 'APPROVED' || r.status === 'REJECTED'))
    return r.status;
  if (r.submittedAt && r.submittedAt < asOf) return 'SUBMITTED';
  return 'DRAFT';
}

/** How a request stood at `asOf` for item 5. */
export type RequestJudgement =
  /** not judged: no due date, not yet due and not yet done, closed undone, or not yet created */
  | { judged: false }
  /** done (filed or completed, as its window measures) on `doneOn`, in time or `late` */
  | { judged: true; late: boolean; doneOn: string }
  /** still live and not done when its due date had passed: late, `doneOn` null */
  | { judged: true; late: true; doneOn: null };

/**
 * Judges a request as it stood at `asOf`: done by then (filed under a filing window, approved
 * under a completion window), it is late when done after its due date; not done, it is late once
 * its due date has passed at `asOf` while it was still live (a draft, or filed and waiting); a
 * request rejected or withdrawn before `asOf` without having done what its window measures is
 * closed and not judged (the obligations it answered carry their own lateness).
 */
export function judgeRequestAt(r: RequestHistory, asOf: Date): RequestJudgement {
  if (!r.dueOn) return { judged: false };
  const status = requestStatusAt(r, asOf);
  if (!status) return { judged: false };
  // requestDoneBy and requestOverdue count an instant equal to `asOf` as past: the records
  // stamped exactly at the period's end belong to the next day
  const at = new Date(asOf.getTime() - 1);
  const timing = {
    status,
    dueOn: r.dueOn,
    measure: r.measure,
    submittedAt: r.submittedAt,
    decidedAt: r.decidedAt,
  };
  if (requestDoneBy(timing, at)) {
    const doneOn = chinaDate(r.measure === 'FILED' ? r.submittedAt! : r.decidedAt!);
    return { judged: true, late: doneOn > r.dueOn, doneOn };
  }
  if (requestOverdue(timing, asOf)) return { judged: true, late: true, doneOn: null };
  return { judged: false };
}

/**
 * The date a request's case belongs to, so that each request is judged in one period only: its
 * due date, or the day it was created when that was later (a request entered after its window
 * had closed could not be judged before it existed).
 */
export function requestCaseDate(r: Pick<RequestHistory, 'dueOn' | 'createdAt'>): string | null {
  if (!r.dueOn) return null;
  const created = chinaDate(r.createdAt);
  return created > r.dueOn ? created : r.dueOn;
}
