import { useState } from 'react';
import { Link } from 'wouter';

import { EnumOptions, ErrorBox, Loading, Section } from '../components';
import { useQuery } from '../hooks';
import { label, OBLIGATION_STATE } from '../labels';
import { OBLIGATIONS } from '../queries';
import { useSession } from '../session';

import { DaysLeft } from './shared';

interface ObligationRow {
  id: string;
  cause: string;
  triggeredOn: string;
  /** null while the calendar lacks a year the window reaches */
  dueOn: string | null;
  daysLeft: number | null;
  warning: string | null;
  metOn: string | null;
  state: string;
  power: { id: string; code: string; unit: { name: string }; current: { name: string } };
}

/** The obligations of the caller's unit (or scope): what is due, soonest first, with warnings. */
export function ObligationsPage() {
  const { me } = useSession();
  const [state, setState] = useState('');
  const filter = { ...(state ? { state } : {}), ...(me.unit ? { unitId: me.unit.id } : {}) };
  const { data, error, loading } = useQuery<{
    obligations: { totalCount: number; edges: { node: ObligationRow }[] };
  }>(OBLIGATIONS, { filter });
  // what is still to do first, soonest due first; then what has been met
  const rows = (data?.obligations.edges.map((e) => e.node) ?? []).sort(
    (a, b) =>
      Number(Boolean(a.metOn)) - Number(Boolean(b.metOn)) ||
      (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999'),
  );
  const warnings = rows.filter((o) => !o.metOn && o.warning);
  return (
    <Section title="履职义务">
      <div className="filters">
        <select aria-label="义务状态" value={state} onChange={(e) => setState(e.target.value)}>
          <option value="">全部</option>
          <EnumOptions names={OBLIGATION_STATE} />
        </select>
      </div>
      <ErrorBox error={error} />
      {loading && <Loading />}
      {warnings.length > 0 && (
        <p className="warning-banner" role="status" data-testid="warnings">
          {warnings.length} 项义务已到提醒、预警或逾期，请及时提交变更申请
        </p>
      )}
      {data && (
        <table data-testid="obligation-list">
          <thead>
            <tr>
              <th>权力事项</th>
              <th>起因</th>
              <th>期限</th>
              <th>剩余</th>
              <th>状态</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((o) => (
              <tr key={o.id}>
                <td>
                  <Link href={`/powers/${o.power.id}`}>
                    {o.power.code} {o.power.current.name}
                  </Link>
                  {!me.unit && <span className="muted"> · {o.power.unit.name}</span>}
                </td>
                <td>{o.cause}</td>
                <td>{o.dueOn ?? '待日历'}</td>
                <td>
                  <DaysLeft
                    dueOn={o.dueOn}
                    done={Boolean(o.metOn)}
                    days={o.daysLeft}
                    warning={o.warning}
                  />
                </td>
                <td>{label(OBLIGATION_STATE, o.state)}</td>
                <td>
                  {!o.metOn && me.unit && (
                    <Link href={`/powers/${o.power.id}/request`}>申请变更</Link>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}
