import { Fragment, useMemo, useState } from 'react';
import { Link } from 'wouter';

import { download } from '../api';
import { BarChart, ErrorBox, Loading, Section } from '../components';
import { useQuery } from '../hooks';
import { RANKING, SCORECARD, SETUP } from '../queries';
import { useSession } from '../session';

interface SchemeItem {
  code: string;
  no: number;
  requirement: string;
  derived: boolean;
  scoring: string | null;
}
interface Scheme {
  code: string;
  name: string;
  maxPoints: number;
  sections: { code: string; items: SchemeItem[] }[];
}
interface RegionRow {
  id: string;
  name: string;
  level: string;
  units: { id: string; name: string }[];
}
interface DeductionRow {
  itemCode: string;
  points: number;
  reason: string;
  occurredOn: string | null;
  manual: boolean;
  recordId: string | null;
  unit: { name: string };
  power: { id: string; code: string } | null;
  version: { versionNo: number } | null;
  changeRequest: { id: string } | null;
  obligation: { dueOn: string; cause: string } | null;
  appeal: { status: 'OPEN' | 'UPHELD' | 'OVERTURNED' } | null;
}
interface ItemRow {
  code: string;
  no: number;
  maxPoints: number;
  deducted: number;
  score: number;
  cases: number;
  capped: boolean;
  derived: boolean;
  /** derived items always; a manual item once an assessor has a finding on it */
  assessed: boolean;
  applicable: number | null;
  compliant: number | null;
  deductions: DeductionRow[];
}
interface Card {
  score: number;
  deducted: number;
  maxPoints: number;
  from: string;
  to: string;
  asOf: string;
  provisional: boolean;
  complete: boolean;
  unit: { name: string } | null;
  region: { name: string } | null;
  sections: { code: string; name: string; maxPoints: number; score: number; items: ItemRow[] }[];
}

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2));

const APPEAL = { OPEN: '待复核', UPHELD: '已维持', OVERTURNED: '已撤销扣分' } as const;

/** An instant as China Standard Time, to the minute. */
const chinaTime = (iso: string) =>
  new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

function Evidence({ d }: { d: DeductionRow }) {
  return (
    <li>
      <span className="num">−{fmt(d.points)}</span> {d.reason}
      <span className="muted">
        {d.occurredOn && ` · ${d.occurredOn}`} · {d.unit.name}
        {d.manual && ' · 考核组认定'}
      </span>
      {d.power && (
        <>
          {' '}
          · <Link href={`/powers/${d.power.id}`}>{d.power.code}</Link>
          {d.version && ` 第 ${d.version.versionNo} 版`}
        </>
      )}
      {d.changeRequest && (
        <>
          {' '}
          · <Link href={`/requests/${d.changeRequest.id}`}>变更申请</Link>
        </>
      )}
      {d.obligation && ` · 义务期限 ${d.obligation.dueOn}（${d.obligation.cause}）`}
      {d.recordId && ` · 监督记录 ${d.recordId.slice(0, 8)}`}
      {d.appeal && (
        <span className="tag" data-testid="appeal">
          申诉{APPEAL[d.appeal.status]}
        </span>
      )}
    </li>
  );
}

/** A unit's or region's scorecard, item by item with its evidence, and a region's ranking. */
export function AssessPage() {
  const { me } = useSession();
  const setup = useQuery<{ assessmentSchemes: Scheme[]; regions: RegionRow[] }>(SETUP);
  const year = new Date().getFullYear();
  const [scheme, setScheme] = useState('');
  const [target, setTarget] = useState('');
  const [from, setFrom] = useState(`${year}-01-01`);
  const [to, setTo] = useState(`${year}-12-31`);
  const [open, setOpen] = useState<string | null>(null);
  const [downloadError, setDownloadError] = useState<Error | null>(null);

  const schemes = setup.data?.assessmentSchemes ?? [];
  const regions = setup.data?.regions ?? [];
  const schemeCode = scheme || schemes[0]?.code || '';
  const chosen =
    target || (me.region ? `region:${me.region.id}` : regions[0] ? `region:${regions[0].id}` : '');
  const [kind, id] = chosen.split(':');
  const vars = {
    scheme: schemeCode,
    from,
    to,
    ...(kind === 'unit' ? { unitId: id } : { regionId: id }),
  };
  const card = useQuery<{ scorecard: Card }>(SCORECARD, vars, !schemeCode || !id);
  const rankingVars = { scheme: schemeCode, regionId: id, from, to };
  const ranking = useQuery<{
    ranking: {
      rank: number;
      score: number;
      deducted: number;
      unit: { id: string; name: string };
    }[];
  }>(RANKING, rankingVars, !schemeCode || kind !== 'region');
  const items = useMemo(() => {
    const m = new Map<string, SchemeItem>();
    for (const s of schemes.find((x) => x.code === schemeCode)?.sections ?? [])
      for (const i of s.items) m.set(i.code, i);
    return m;
  }, [schemes, schemeCode]);
  const bars = useMemo(
    () =>
      (ranking.data?.ranking ?? []).map((r) => ({
        name: `${r.rank}. ${r.unit.name}`,
        value: r.score,
      })),
    [ranking.data],
  );

  if (setup.loading) return <Loading />;
  if (setup.error) return <ErrorBox error={setup.error} />;
  const c = card.data?.scorecard;
  const workbook = async (what: 'scorecard' | 'ranking') => {
    setDownloadError(null);
    const q = new URLSearchParams({ scheme: schemeCode, from, to });
    q.set(kind === 'unit' ? 'unitId' : 'regionId', id);
    const name = what === 'scorecard' ? '评分表' : '排名';
    try {
      await download(`/export/${what}.xlsx?${q}`, `${name}-${schemeCode}-${from}-${to}.xlsx`);
    } catch (e) {
      setDownloadError(e as Error);
    }
  };
  const unassessedCount = c
    ? c.sections.reduce((n, s) => n + s.items.filter((i) => !i.assessed).length, 0)
    : 0;
  return (
    <>
      <Section title="考核评分">
        <div className="filters">
          <select
            aria-label="考核方案"
            value={schemeCode}
            onChange={(e) => setScheme(e.target.value)}
          >
            {schemes.map((s) => (
              <option key={s.code} value={s.code}>
                {s.name}（{s.maxPoints} 分）
              </option>
            ))}
          </select>
          <select aria-label="考核对象" value={chosen} onChange={(e) => setTarget(e.target.value)}>
            {regions.map((r) => (
              <Fragment key={r.id}>
                <option value={`region:${r.id}`}>{r.name}（整体）</option>
                {r.units.map((u) => (
                  <option key={u.id} value={`unit:${u.id}`}>
                    {'\u3000' + u.name}
                  </option>
                ))}
              </Fragment>
            ))}
          </select>
          <input
            aria-label="起始日期"
            type="date"
            value={from}
            onChange={(e) => setFrom(e.target.value)}
          />
          <input
            aria-label="截止日期"
            type="date"
            value={to}
            onChange={(e) => setTo(e.target.value)}
          />
          <button type="button" onClick={() => void workbook('scorecard')} disabled={!id}>
            下载评分表（Excel）
          </button>
          {kind === 'region' && (
            <button type="button" onClick={() => void workbook('ranking')} disabled={!id}>
              下载排名（Excel）
            </button>
          )}
        </div>
        <ErrorBox error={downloadError} />
      </Section>
      <Section title="评分表">
        <ErrorBox error={card.error} />
        {card.loading && <Loading />}
        {c && (
          <>
            <p className="score" data-testid="score">
              {c.unit?.name ?? c.region?.name}：<strong>{fmt(c.score)}</strong> / {fmt(c.maxPoints)}{' '}
              分，扣 {fmt(c.deducted)} 分（{c.from} 至 {c.to}）
              {c.provisional && (
                <span className="tag" data-testid="provisional">
                  暂定：考核期未结束，按 {chinaTime(c.asOf)} 的记录评分
                </span>
              )}
              {c.complete ? (
                <span className="tag muted-tag" data-testid="complete">
                  各项均已评
                </span>
              ) : (
                <span className="tag muted-tag" data-testid="incomplete">
                  {unassessedCount} 项未评：总分与满分只计已评项
                </span>
              )}
            </p>
            <table className="scorecard" data-testid="scorecard">
              <thead>
                <tr>
                  <th>序号</th>
                  <th>考核内容</th>
                  <th>分值</th>
                  <th>扣分</th>
                  <th>得分</th>
                  <th>问题数</th>
                </tr>
              </thead>
              <tbody>
                {c.sections.map((s) => (
                  <Fragment key={s.code}>
                    <tr className="section-row">
                      <th colSpan={4}>{s.name}</th>
                      <th className="num">
                        {fmt(s.score)} / {fmt(s.maxPoints)}
                      </th>
                      <th />
                    </tr>
                    {s.items.map((i) => {
                      const def = items.get(i.code);
                      const unassessed = !i.assessed;
                      const isOpen = open === i.code;
                      return (
                        <Fragment key={i.code}>
                          <tr className={unassessed ? 'unassessed' : ''}>
                            <td>{i.no}</td>
                            <td>
                              {def?.requirement ?? i.code}
                              {unassessed && (
                                <span className="tag muted-tag" data-testid="unassessed">
                                  未评
                                </span>
                              )}
                              {i.capped && <span className="tag">扣完为止</span>}
                            </td>
                            <td className="num">{fmt(i.maxPoints)}</td>
                            <td className="num">{i.deducted ? fmt(i.deducted) : '—'}</td>
                            <td className="num">{unassessed ? '' : fmt(i.score)}</td>
                            <td className="num">
                              {i.deductions.length > 0 ? (
                                <button
                                  type="button"
                                  className="link"
                                  aria-expanded={isOpen}
                                  onClick={() => setOpen(isOpen ? null : i.code)}
                                >
                                  {i.cases} 项证据
                                </button>
                              ) : (
                                i.cases || '—'
                              )}
                              {i.applicable !== null && (
                                <span className="muted">
                                  {' '}
                                  合规 {i.compliant}/{i.applicable}
                                </span>
                              )}
                            </td>
                          </tr>
                          {isOpen && (
                            <tr className="evidence">
                              <td />
                              <td colSpan={5}>
                                <ul data-testid="evidence">
                                  {i.deductions.map((d, n) => (
                                    <Evidence key={n} d={d} />
                                  ))}
                                </ul>
                              </td>
                            </tr>
                          )}
                        </Fragment>
                      );
                    })}
                  </Fragment>
                ))}
              </tbody>
            </table>
          </>
        )}
      </Section>
      {kind === 'region' && (
        <Section title="辖区单位排名">
          <ErrorBox error={ranking.error} />
          {ranking.loading && <Loading />}
          {ranking.data && ranking.data.ranking.length === 0 && (
            <p className="muted">该地区没有下属单位</p>
          )}
          {bars.length > 0 && <BarChart data={bars} title="单位得分排名" />}
        </Section>
      )}
    </>
  );
}
