import { addDays } from '../../calendar/iso-date';
import type { DetectedCase, Detector } from '../detector';

/** The reports due in a period: half-year reports due `halfYearDue` of the year, annual ones the next year. */
export function reportsDue(from: string, to: string, halfYearDue: string, annualDue: string) {
  const due: { year: number; period: 'HALF_YEAR' | 'ANNUAL'; dueOn: string }[] = [];
  for (let y = Number(from.slice(0, 4)) - 1; y <= Number(to.slice(0, 4)); y++) {
    for (const [period, dueOn] of [
      ['HALF_YEAR', `${y}-${halfYearDue}`],
      ['ANNUAL', `${y + 1}-${annualDue}`],
    ] as const) {
      if (dueOn >= from && dueOn <= to) due.push({ year: y, period, dueOn });
    }
  }
  return due;
}

/**
 * District item 28 (重大行政处罚): each major penalty decided in the period not filed, filed more
 * than `majorPenaltyFilingDays` after the decision, or not in the required form; each half-year
 * or annual enforcement report due in the period missing or late; each supervised case due in the
 * period not answered by its due date. What is not yet due at `asOf` is not judged, and a filing,
 * report or answer dated after `asOf` counts as not yet made (the records as they stood then).
 */
export const majorPenalties: Detector = async ({
  m,
  unitIds,
  from,
  to,
  asOfDate,
  through,
  param,
}) => {
  /** a date recorded after the instant judged was not yet a fact then */
  const known = (d: string | null) => (d !== null && d <= through ? d : null);
  const days = param('majorPenaltyFilingDays', 15);
  const cases: DetectedCase[] = [];
  const applicable = new Map<string, number>();
  const count = (u: string) => applicable.set(u, (applicable.get(u) ?? 0) + 1);

  const filings: {
    id: string;
    unit_id: string;
    case_name: string;
    decided_on: string;
    filed_on: string | null;
    form_compliant: boolean;
  }[] = await m.query(
    `SELECT id, unit_id, case_name, decided_on::text, filed_on::text, form_compliant FROM major_penalty_filing
        WHERE unit_id = ANY($1) AND decided_on BETWEEN $2 AND $3 ORDER BY decided_on, id`,
    [unitIds, from, to],
  );
  for (const f of filings) {
    const deadline = addDays(f.decided_on, days);
    const filedOn = known(f.filed_on);
    // not yet filed and not yet due at asOf, in the required form: nothing to judge yet
    if (!filedOn && deadline >= asOfDate && f.form_compliant) continue;
    count(f.unit_id);
    const problems: string[] = [];
    if (!filedOn) {
      if (deadline < asOfDate) problems.push(`未备案（应于 ${deadline} 前备案）`);
    } else if (filedOn > deadline)
      problems.push(`逾期备案（${filedOn} 备案，应于 ${deadline} 前）`);
    if (!f.form_compliant) problems.push('备案材料不符合规定格式');
    if (problems.length) {
      cases.push({
        unitId: f.unit_id,
        recordId: f.id,
        occurredOn: f.decided_on,
        reason: `重大行政处罚「${f.case_name}」${problems.join('，')}`,
      });
    }
  }

  const due = reportsDue(
    from,
    to,
    param('halfYearReportDue', '07-31'),
    param('annualReportDue', '01-31'),
  );
  if (due.length) {
    const reports: {
      id: string;
      unit_id: string;
      year: number;
      period: string;
      submitted_on: string | null;
    }[] = await m.query(
      `SELECT id, unit_id, year, period, submitted_on::text FROM enforcement_report WHERE unit_id = ANY($1) AND year = ANY($2)`,
      [unitIds, [...new Set(due.map((d) => d.year))]],
    );
    const byKey = new Map(reports.map((r) => [`${r.unit_id}|${r.year}|${r.period}`, r]));
    for (const unitId of unitIds) {
      for (const d of due) {
        const r = byKey.get(`${unitId}|${d.year}|${d.period}`);
        const submittedOn = known(r?.submitted_on ?? null);
        // not yet due at asOf, and not yet sent: nothing to judge
        if (!submittedOn && d.dueOn >= asOfDate) continue;
        count(unitId);
        const name = `${d.year} 年${d.period === 'ANNUAL' ? '度' : '上半年'}行政执法情况报告`;
        if (!submittedOn)
          cases.push({
            unitId,
            recordId: r?.id ?? null,
            key: `${d.year}-${d.period}`,
            occurredOn: d.dueOn,
            reason: `${name}未报送（应于 ${d.dueOn} 前）`,
          });
        else if (submittedOn > d.dueOn) {
          cases.push({
            unitId,
            recordId: r!.id,
            key: `${d.year}-${d.period}`,
            occurredOn: submittedOn,
            reason: `${name}逾期报送（${submittedOn}，应于 ${d.dueOn} 前）`,
          });
        }
      }
    }
  }

  const supervised: {
    id: string;
    unit_id: string;
    title: string;
    due_on: string;
    answered_on: string | null;
  }[] = await m.query(
    `SELECT id, unit_id, title, due_on::text, answered_on::text FROM supervised_case
      WHERE unit_id = ANY($1) AND due_on BETWEEN $2 AND $3 ORDER BY due_on, id`,
    [unitIds, from, to],
  );
  for (const s of supervised) {
    const answeredOn = known(s.answered_on);
    // not yet due at asOf, and not yet answered: nothing to judge
    if (!answeredOn && s.due_on >= asOfDate) continue;
    count(s.unit_id);
    if (answeredOn && answeredOn <= s.due_on) continue;
    cases.push({
      unitId: s.unit_id,
      recordId: s.id,
      occurredOn: s.due_on,
      reason: answeredOn
        ? `督办案件「${s.title}」逾期办结（应于 ${s.due_on} 前，实际 ${answeredOn}）`
        : `督办案件「${s.title}」未按期办结并反馈（应于 ${s.due_on} 前）`,
    });
  }
  return { cases, applicable };
};
