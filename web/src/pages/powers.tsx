import { useState } from 'react';
import { Link } from 'wouter';

import { gql } from '../api';
import { EnumOptions, ErrorBox, Loading, Section } from '../components';
import { useQuery } from '../hooks';
import { CATEGORY, label, STATUS } from '../labels';
import { POWERS } from '../queries';
import { useSession } from '../session';

interface PowerRow {
  id: string;
  code: string;
  status: string;
  isKey: boolean;
  problemCount: number;
  unit: { name: string };
  current: { name: string; category: string };
}

interface PowerPage {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: PowerRow }[];
}

/** A unit's powers (or every power in scope), searched and filtered by category and status. */
export function PowersPage() {
  const { me } = useSession();
  const [search, setSearch] = useState('');
  const [applied, setApplied] = useState('');
  const [category, setCategory] = useState('');
  const [status, setStatus] = useState('');
  const [more, setMore] = useState<{ rows: PowerRow[]; cursor: string | null; key: string }>({
    rows: [],
    cursor: null,
    key: '',
  });
  const filter = {
    ...(applied ? { search: applied } : {}),
    ...(category ? { category } : {}),
    ...(status ? { status } : {}),
    ...(me.unit ? { unitId: me.unit.id } : {}),
  };
  const { data, error, loading } = useQuery<{
    powers: PowerPage;
  }>(POWERS, { first: 50, filter });
  const key = JSON.stringify(filter);
  const extra = more.key === key ? more : { rows: [], cursor: null, key };
  const hasNext = extra.cursor !== null || data?.powers.pageInfo.hasNextPage;
  const loadMore = async () => {
    const after = extra.cursor ?? data?.powers.pageInfo.endCursor;
    const next = await gql<{ powers: PowerPage }>(POWERS, { first: 50, after, filter });
    setMore({
      key,
      rows: [...extra.rows, ...next.powers.edges.map((e) => e.node)],
      cursor: next.powers.pageInfo.hasNextPage ? next.powers.pageInfo.endCursor : null,
    });
    if (!next.powers.pageInfo.hasNextPage) setDone(key);
  };
  const [done, setDone] = useState('');
  return (
    <Section title={me.unit ? `${me.unit.name} 的权力事项` : '权力事项'}>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied(search.trim());
        }}
      >
        <input
          aria-label="搜索"
          placeholder="按编码或名称搜索"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <select
          aria-label="权力类别"
          value={category}
          onChange={(e) => setCategory(e.target.value)}
        >
          <option value="">全部类别</option>
          <EnumOptions names={CATEGORY} />
        </select>
        <select aria-label="运行状态" value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">全部状态</option>
          <EnumOptions names={STATUS} />
        </select>
        <button type="submit">搜索</button>
      </form>
      <ErrorBox error={error} />
      {loading && !data && <Loading />}
      {data && (
        <>
          <p className="muted" data-testid="power-count">
            共 {data.powers.totalCount} 项
          </p>
          <table>
            <thead>
              <tr>
                <th>编码</th>
                <th>名称</th>
                <th>类别</th>
                <th>状态</th>
                {!me.unit && <th>实施单位</th>}
                <th>问题</th>
              </tr>
            </thead>
            <tbody>
              {[...data.powers.edges.map((e) => e.node), ...extra.rows].map((p) => (
                <tr key={p.id}>
                  <td className="mono">{p.code}</td>
                  <td>
                    <Link href={`/powers/${p.id}`}>{p.current.name}</Link>
                    {p.isKey && <span className="tag">重点</span>}
                  </td>
                  <td>{label(CATEGORY, p.current.category)}</td>
                  <td>{label(STATUS, p.status)}</td>
                  {!me.unit && <td>{p.unit.name}</td>}
                  <td>{p.problemCount ? <span className="warn">{p.problemCount}</span> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {hasNext && done !== key && (
            <button type="button" onClick={() => void loadMore()} disabled={loading}>
              加载更多
            </button>
          )}
        </>
      )}
    </Section>
  );
}
