import { useState } from 'react';
import { Link } from 'wouter';

import { EnumOptions, ErrorBox, Loading, Section } from '../components';
import { useQuery } from '../hooks';
import { KIND, label, REQUEST_STATUS } from '../labels';
import { REQUESTS } from '../queries';
import { useSession } from '../session';

import { DaysLeft } from './shared';

export interface RequestRow {
  id: string;
  kind: string;
  status: string;
  dueOn: string | null;
  daysLeft: number | null;
  overdue: boolean;
  late: boolean;
  submittedAt: string | null;
  createdAt: string;
  unit: { name: string };
  power: { id: string; code: string; current: { name: string } } | null;
}

/**
 * The queue of submitted requests sorted by due date (a reviewer's), or the requests of the
 * caller's scope by status (a unit's).
 */
export function RequestsPage({ queue }: { queue: boolean }) {
  const { me } = useSession();
  const [status, setStatus] = useState(queue ? 'SUBMITTED' : '');
  const filter = {
    ...(status ? { status } : {}),
    ...(me.unit ? { unitId: me.unit.id } : {}),
  };
  const { data, error, loading } = useQuery<{
    changeRequests: { totalCount: number; edges: { node: RequestRow }[] };
  }>(REQUESTS, { filter, first: 100, orderBy: 'DUE_SOONEST' });
  // the service orders them (DUE_SOONEST): due date first, undated last
  const rows = data?.changeRequests.edges.map((e) => e.node) ?? [];
  return (
    <Section title={queue ? '待审队列（按期限排序）' : '变更申请'}>
      <div className="filters">
        <select aria-label="申请状态" value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">全部状态</option>
          <EnumOptions names={REQUEST_STATUS} />
        </select>
      </div>
      <ErrorBox error={error} />
      {loading && <Loading />}
      {data && (
        <>
          <p className="muted">共 {data.changeRequests.totalCount} 件</p>
          <table data-testid="requests">
            <thead>
              <tr>
                <th>期限</th>
                <th>剩余</th>
                <th>类型</th>
                <th>权力事项</th>
                <th>单位</th>
                <th>状态</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const done = r.status !== 'SUBMITTED' && r.status !== 'DRAFT';
                return (
                  <tr key={r.id} className={r.late ? 'late' : ''}>
                    <td>{r.dueOn ?? '—'}</td>
                    <td>
                      <DaysLeft dueOn={r.dueOn} done={done} days={r.daysLeft} />
                      {(r.late || r.overdue) && <span className="overdue tag">逾期</span>}
                    </td>
                    <td>
                      <Link href={`/requests/${r.id}`}>{label(KIND, r.kind)}</Link>
                    </td>
                    <td>{r.power ? `${r.power.code} ${r.power.current.name}` : '（新增事项）'}</td>
                    <td>{r.unit.name}</td>
                    <td>{label(REQUEST_STATUS, r.status)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
    </Section>
  );
}
