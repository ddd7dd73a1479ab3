import type { FieldError } from '../../errors';

import type { ReportPeriod } from './supervision.entity';

// What makes a legal supervision record consistent in itself, over plain input data. Each check
// returns the bad fields with their paths under `input`; none of them reads the clock, so a record
// may be entered ahead of time (a plan, the demo data) and the detectors judge it by its dates.
// Lateness is not refused: a late filing or answer is a fact the detectors score.

type Dates = Record<string, string | null | undefined>;

/** Each later date of `order` not before any earlier one given; `names` say them in Chinese. */
function inOrder(
  input: Dates,
  order: readonly string[],
  names: Record<string, string>,
): FieldError[] {
  const out: FieldError[] = [];
  for (const [i, later] of order.entries()) {
    const on = input[later];
    if (!on) continue;
    const earlier = order.slice(0, i).find((e) => input[e] && input[e] > on);
    if (earlier) {
      out.push({
        path: `input.${later}`,
        message: `${names[later]}不能早于${names[earlier]}（${input[earlier]}）`,
      });
    }
  }
  return out;
}

const DOCUMENT_STEPS = ['plannedOn', 'draftedOn', 'publishedOn', 'filedOn'] as const;

/**
 * A normative document: at least one of its dates (item 26 dates a document by its publication,
 * else drafting, planning or filing, and a document with none is never counted), and planning,
 * drafting, publication and filing for review in that order.
 */
export function normativeDocumentErrors(input: {
  plannedOn?: string | null;
  draftedOn?: string | null;
  publishedOn?: string | null;
  filedOn?: string | null;
}): FieldError[] {
  if (!DOCUMENT_STEPS.some((k) => input[k])) {
    return [{ path: 'input.publishedOn', message: '发布日期与计划、起草、备案日期至少应填写一项' }];
  }
  return inOrder(input, DOCUMENT_STEPS, {
    plannedOn: '计划日期',
    draftedOn: '起草日期',
    publishedOn: '发布日期',
    filedOn: '备案日期',
  });
}

/**
 * An officer's record: an officer no longer active (transferred, retired, revoked) records a
 * personnel change, so it needs the date of that change (item 27 judges its update against it);
 * an update date needs the change it reflects, and is not before it.
 */
export function enforcementOfficerErrors(input: {
  status: string;
  changedOn?: string | null;
  updatedOn?: string | null;
}): FieldError[] {
  const out: FieldError[] = [];
  if (!input.changedOn && input.status !== 'ACTIVE') {
    out.push({ path: 'input.changedOn', message: '人员调离、退休或证件注销时应填写变动日期' });
  }
  if (input.updatedOn && !input.changedOn) {
    out.push({ path: 'input.updatedOn', message: '填写更新日期时应同时填写变动日期' });
  }
  return out.concat(
    inOrder(input, ['changedOn', 'updatedOn'], { changedOn: '变动日期', updatedOn: '更新日期' }),
  );
}

/** A major penalty is filed on or after the day it was decided. */
export function majorPenaltyFilingErrors(input: {
  decidedOn: string;
  filedOn?: string | null;
}): FieldError[] {
  return inOrder(input, ['decidedOn', 'filedOn'], {
    decidedOn: '处罚决定日期',
    filedOn: '备案日期',
  });
}

/**
 * The first day a report of the period may be submitted: the first day of the period's last
 * month (June for the half-year, December for the year), since some regions collect reports at
 * the end of the period; before that there is no period to report on.
 */
export function earliestReportDay(year: number, period: ReportPeriod): string {
  return `${year}-${period === 'HALF_YEAR' ? '06' : '12'}-01`;
}

/** A report is not submitted before its period's last month (see earliestReportDay). */
export function enforcementReportErrors(input: {
  year: number;
  period: ReportPeriod;
  submittedOn?: string | null;
}): FieldError[] {
  const first = earliestReportDay(input.year, input.period);
  if (!input.submittedOn || input.submittedOn >= first) return [];
  const what = input.period === 'HALF_YEAR' ? `${input.year} 年上半年` : `${input.year} 年度`;
  return [{ path: 'input.submittedOn', message: `${what}报告的报送日期不能早于 ${first}` }];
}

/** A supervised case is due, and answered, on or after the day it was issued. */
export function supervisedCaseErrors(input: {
  issuedOn: string;
  dueOn: string;
  answeredOn?: string | null;
}): FieldError[] {
  const names = { issuedOn: '交办日期', dueOn: '办结期限', answeredOn: '办结反馈日期' };
  return [
    ...inOrder(input, ['issuedOn', 'dueOn'], names),
    ...inOrder(input, ['issuedOn', 'answeredOn'], names),
  ];
}

/** A reconsideration or litigation case is reported on or after the day it was received. */
export function reconsiderationCaseErrors(input: {
  receivedOn: string;
  reportedOn?: string | null;
}): FieldError[] {
  return inOrder(input, ['receivedOn', 'reportedOn'], {
    receivedOn: '收案日期',
    reportedOn: '报送日期',
  });
}
