import { daysUntil } from '../labels';

/** 剩余 N 天 / 逾期 N 天, from a due date (calendar days, China time). */
export function DaysLeft({ dueOn, done }: { dueOn: string | null | undefined; done?: boolean }) {
  if (!dueOn) return <span className="muted">—</span>;
  if (done) return <span className="muted">{dueOn}</span>;
  const d = daysUntil(dueOn);
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
