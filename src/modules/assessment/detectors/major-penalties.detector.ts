import { addDays } from '../../calendar/iso-date';
import type { DetectedCase } from '../detector';
import { alone, inUnits, type EventDetector } from '../event-statement';

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
export const majorPenaltiesEvents: EventDetector = {
  parts({ unitIds, from, to, param }, bind) {
    const ofUnits = inUnits(bind, unitIds);
    const [f, t] = [bind(from, 'date'), bind(to, 'date')];
    const due = reportsDue(
      from,
      to,
      param('halfYearReportDue', '07-31'),
      param('annualReportDue', '01-31'),
    );
    return {
      filings: `SELECT id, unit_id AS "unitId", case_name AS "caseName", decided_on AS "decidedOn",
                       filed_on AS "filedOn", form_compliant AS "formCompliant"
                  FROM major_penalty_filing
                 WHERE ${ofUnits('unit_id')} AND decided_on BETWEEN ${f} AND ${t} ORDER BY decided_on, id`,
      ...(due.length
        ? {
            reports: `SELECT id, unit_id AS "unitId", year, period, submitted_on AS "submittedOn"
                        FROM enforcement_report
                       WHERE ${ofUnits('unit_id')} AND year = ANY(${bind([...new Set(due.map((d) => d.year))], 'int[]')})`,
          }
        : {}),
      supervised: `SELECT id, unit_id AS "unitId", title, due_on AS "dueOn", answered_on AS "answeredOn"
                     FROM supervised_case
                    WHERE ${ofUnits('unit_id')} AND due_on BETWEEN ${f} AND ${t} ORDER BY due_on, id`,
    };
  },

  judge(rows, { unitIds, from, to, asOfDate, through, param }) {
    /** a date recorded after the instant judged was not yet a fact then */
    const known = (d: string | null) => (d !== null && d <= through ? d : null);
    const days = param('majorPenaltyFilingDays', 15);
    const cases: DetectedCase[] = [];
    const applicable = new Map<string, number>();
    const count = (u: string) => applicable.set(u, (applicable.get(u) ?? 0) + 1);

    for (const f of rows.filings as {
      id: string;
      unitId: string;
      caseName: string;
      decidedOn: string;
      filedOn: string | null;
      formCompliant: boolean;
    }[]) {
      const deadline = addDays(f.decidedOn, days);
      const filedOn = known(f.filedOn);
      // not yet filed and not yet due at asOf, in the required form: nothing to judge yet
      if (!filedOn && deadline >= asOfDate && f.formCompliant) continue;
      count(f.unitId);
      const problems: string[] = [];
      if (!filedOn) {
        if (deadline < asOfDate) problems.push(`未备案（应于 ${deadline} 前备案）`);
      } else if (filedOn > deadline)
        problems.push(`逾期备案（${filedOn} 备案，应于 ${deadline} 前）`);
      if (!f.formCompliant) problems.push('备案材料不符合规定格式');
      if (problems.length) {
        cases.push({
          unitId: f.unitId,
          recordId: f.id,
          occurredOn: f.decidedOn,
          reason: `重大行政处罚「${f.caseName}」${problems.join('，')}`,
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
      const reports = rows.reports as {
        id: string;
        unitId: string;
        year: number;
        period: string;
        submittedOn: string | null;
      }[];
      const byKey = new Map(reports.map((r) => [`${r.unitId}|${r.year}|${r.period}`, r]));
      for (const unitId of unitIds) {
        for (const d of due) {
          const r = byKey.get(`${unitId}|${d.year}|${d.period}`);
          const submittedOn = known(r?.submittedOn ?? null);
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

    for (const s of rows.supervised as {
      id: string;
      unitId: string;
      title: string;
      dueOn: string;
      answeredOn: string | null;
    }[]) {
      const answeredOn = known(s.answeredOn);
      // not yet due at asOf, and not yet answered: nothing to judge
      if (!answeredOn && s.dueOn >= asOfDate) continue;
      count(s.unitId);
      if (answeredOn && answeredOn <= s.dueOn) continue;
      cases.push({
        unitId: s.unitId,
        recordId: s.id,
        occurredOn: s.dueOn,
        reason: answeredOn
          ? `督办案件「${s.title}」逾期办结（应于 ${s.dueOn} 前，实际 ${answeredOn}）`
          : `督办案件「${s.title}」未按期办结并反馈（应于 ${s.dueOn} 前）`,
      });
    }
    return { cases, applicable };
  },
};

export const majorPenalties = alone(majorPenaltiesEvents);
