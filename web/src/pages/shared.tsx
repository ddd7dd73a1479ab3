import { daysUntil, label, WARNING_LEVEL } from '../labels';

/**
 * 剩余 N 天 / 逾期 N 天: the API's count (as the region's policy counts, working days or
 * calendar days) when given, else calendar days to the due date; with the API's warning level.
 */
export function DaysLeft({
  dueOn,
  done,
  days,
  warning,
}: {
  dueOn: string | null | undefined;
  done?: boolean;
  days?: number | null;
  warning?: string | null;
}) {
  if (!dueOn) return <span className="muted">—</span>;
  if (done) return <span className="muted">{dueOn}</span>;
  const d = days ?? daysUntil(dueOn);
  if (warning && warning !== 'OVERDUE' && d >= 0)
    return (
      <span className="warn" data-testid="warning">
        剩余 {d} 天<span className="tag">{label(WARNING_LEVEL, warning)}</span>
      </span>
    );
  if (d < 0)
    return (
      <span className="overdue" data-testid="overdue">
        逾期 {-d} 天
      </span>
    );
  return <span className={d <= 5 ? 'warn' : ''}>剩余 {d} 天</span>;
}

export interface ProblemRow {
  code: string;
  message: string;
  path: string | null;
}

export function ProblemList({ problems, empty }: { problems: ProblemRow[]; empty: string }) {
  if (!problems.length) return <p className="ok">{empty}</p>;
  return (
    <ul className="problems" data-testid="problems">
      {problems.map((p, i) => (
        <li key={i}>
          <span className="mono tag">{p.code}</span> {p.message}
          {p.path && <span className="muted"> （{p.path}）</span>}
        </li>
      ))}
    </ul>
  );
}
