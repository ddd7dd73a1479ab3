import { Link } from 'wouter';

import { ErrorBox, Loading, MermaidDiagram, Section } from '../components';
import { useQuery } from '../hooks';
import {
  CATEGORY,
  CIRCUMSTANCE,
  KIND,
  label,
  LEVEL,
  OBLIGATION_STATE,
  REQUEST_STATUS,
  RISK,
  STATUS,
  SUBJECT_TYPE,
} from '../labels';
import { POWER } from '../queries';

import { DaysLeft, ProblemList, type ProblemRow } from './shared';

interface RiskPoint {
  level: string;
  description: string;
  measures: string;
}
interface Flow {
  mermaid: string;
  complaintChannel?: string | null;
  counterpartyRights?: string | null;
  supervision?: string | null;
  nodes: {
    key: string;
    label: string;
    post?: string | null;
    duty?: string | null;
    timeLimitDays?: number | null;
    riskPoints: RiskPoint[];
  }[];
}
export interface Content {
  versionNo: number;
  name: string;
  category: string;
  legalTimeLimitDays: number | null;
  promisedTimeLimitDays: number | null;
  validFrom: string;
  subject: {
    type: string;
    entrustingParty: string | null;
    unit: { name: string };
    coImplementers: { name: string }[];
  };
  legalBases: {
    articles: string;
    excerpt: string | null;
    document: {
      id: string;
      title: string;
      level: string;
      issuer: string;
      repealedOn: string | null;
    };
  }[];
  externalFlow: Flow | null;
  internalFlow: Flow | null;
  discretion: {
    applicationRules: string | null;
    filedOn: string | null;
    adjustedOn: string | null;
    tiers: {
      level: string;
      conditions: string;
      sanction: string;
      minFine: number | null;
      maxFine: number | null;
    }[];
    circumstances: { kind: string; description: string }[];
  } | null;
}
interface PowerData {
  id: string;
  code: string;
  status: string;
  isKey: boolean;
  unit: { name: string; code: string };
  current: Content;
  problems: ProblemRow[];
  obligations: {
    id: string;
    cause: string;
    dueOn: string | null;
    daysLeft: number | null;
    warning: string | null;
    triggeredOn: string;
    metOn: string | null;
    state: string;
  }[];
  versions: { versionNo: number; name: string; validFrom: string; validTo: string | null }[];
  changeRequests: {
    id: string;
    kind: string;
    status: string;
    dueOn: string | null;
    createdAt: string;
  }[];
}

const money = (n: number | null) => (n === null ? '—' : `${n.toLocaleString('zh-CN')} 元`);

function FlowBlock({ title, flow }: { title: string; flow: Flow | null }) {
  if (!flow) return <p className="warn">未填写{title}</p>;
  const risks = flow.nodes.flatMap((n) => n.riskPoints.map((r) => ({ node: n, r })));
  return (
    <div className="flow">
      <h3>{title}</h3>
      <MermaidDiagram text={flow.mermaid} title={title} />
      {(flow.complaintChannel || flow.counterpartyRights || flow.supervision) && (
        <dl className="facts">
          {flow.counterpartyRights && (
            <>
              <dt>相对人权利</dt>
              <dd>{flow.counterpartyRights}</dd>
            </>
          )}
          {flow.complaintChannel && (
            <>
              <dt>投诉渠道</dt>
              <dd>{flow.complaintChannel}</dd>
            </>
          )}
          {flow.supervision && (
            <>
              <dt>监督环节</dt>
              <dd>{flow.supervision}</dd>
            </>
          )}
        </dl>
      )}
      {risks.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>环节</th>
              <th>风险等级</th>
              <th>风险点</th>
              <th>防控措施</th>
            </tr>
          </thead>
          <tbody>
            {risks.map(({ node, r }, i) => (
              <tr key={i}>
                <td>{node.label}</td>
                <td>{label(RISK, r.level)}</td>
                <td>{r.description}</td>
                <td>{r.measures}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** One version's content: subject, bases, both flowcharts drawn, and the discretion benchmark. */
export function ContentView({ c }: { c: Content }) {
  return (
    <>
      <dl className="facts">
        <dt>名称</dt>
        <dd data-testid="power-name">{c.name}</dd>
        <dt>类别</dt>
        <dd>{label(CATEGORY, c.category)}</dd>
        <dt>实施主体</dt>
        <dd>
          {c.subject.unit.name}（{label(SUBJECT_TYPE, c.subject.type)}
          {c.subject.entrustingParty ? `，委托方：${c.subject.entrustingParty}` : ''}）
          {c.subject.coImplementers.length > 0 &&
            ` 共同实施：${c.subject.coImplementers.map((u) => u.name).join('、')}`}
        </dd>
        <dt>法定时限</dt>
        <dd>{c.legalTimeLimitDays ?? '—'} 个工作日</dd>
        <dt>承诺时限</dt>
        <dd>{c.promisedTimeLimitDays ?? '—'} 个工作日</dd>
        <dt>版本</dt>
        <dd>
          第 {c.versionNo} 版，自 {c.validFrom.slice(0, 10)} 起
        </dd>
      </dl>
      <h3>设定依据</h3>
      {c.legalBases.length === 0 ? (
        <p className="warn">未填写设定依据</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>法律文件</th>
              <th>层级</th>
              <th>条款</th>
              <th>摘录</th>
            </tr>
          </thead>
          <tbody>
            {c.legalBases.map((b, i) => (
              <tr key={i}>
                <td>
                  {b.document.title}
                  {b.document.repealedOn && (
                    <span className="overdue">（已于 {b.document.repealedOn} 废止）</span>
                  )}
                </td>
                <td>{label(LEVEL, b.document.level)}</td>
                <td>{b.articles}</td>
                <td>{b.excerpt ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <FlowBlock title="外部流程图" flow={c.externalFlow} />
      <FlowBlock title="内部流程图" flow={c.internalFlow} />
      <h3>行政处罚裁量基准</h3>
      {!c.discretion ? (
        <p className="muted">无裁量基准</p>
      ) : (
        <>
          <table data-testid="benchmark">
            <thead>
              <tr>
                <th>裁量阶次</th>
                <th>适用情形</th>
                <th>处罚内容</th>
                <th>罚款下限</th>
                <th>罚款上限</th>
              </tr>
            </thead>
            <tbody>
              {c.discretion.tiers.map((t, i) => (
                <tr key={i}>
                  <td>{t.level}</td>
                  <td>{t.conditions}</td>
                  <td>{t.sanction}</td>
                  <td className="num">{money(t.minFine)}</td>
                  <td className="num">{money(t.maxFine)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {c.discretion.circumstances.length > 0 && (
            <ul>
              {c.discretion.circumstances.map((x, i) => (
                <li key={i}>
                  <strong>{label(CIRCUMSTANCE, x.kind)}</strong>：{x.description}
                </li>
              ))}
            </ul>
          )}
          {c.discretion.applicationRules && <p>适用规则：{c.discretion.applicationRules}</p>}
          <p className="muted">
            备案日期 {c.discretion.filedOn ?? '—'}，最近调整 {c.discretion.adjustedOn ?? '—'}
          </p>
        </>
      )}
    </>
  );
}

export function PowerPage({ id }: { id: string }) {
  const { data, error, loading } = useQuery<{ power: PowerData | null }>(POWER, { id });
  if (loading) return <Loading />;
  if (error) return <ErrorBox error={error} />;
  const p = data?.power;
  if (!p) return <p className="error">找不到该权力事项</p>;
  return (
    <>
      <Section title={`${p.code} ${p.current.name}`}>
        <p>
          <span className="tag">{label(STATUS, p.status)}</span>
          {p.isKey && <span className="tag">重点事项</span>} {p.unit.name}
          {p.status !== 'CANCELLED' && (
            <Link className="button" href={`/powers/${p.id}/request`}>
              申请变更
            </Link>
          )}
        </p>
        <ContentView c={p.current} />
      </Section>
      <Section title={`问题（${p.problems.length}）`}>
        <ProblemList problems={p.problems} empty="当前版本未发现问题" />
      </Section>
      <Section title="履职义务">
        {p.obligations.length === 0 ? (
          <p className="muted">无</p>
        ) : (
          <table data-testid="obligations">
            <thead>
              <tr>
                <th>起因</th>
                <th>起算日</th>
                <th>期限</th>
                <th>状态</th>
                <th>剩余</th>
              </tr>
            </thead>
            <tbody>
              {p.obligations.map((o) => (
                <tr key={o.id}>
                  <td>{o.cause}</td>
                  <td>{o.triggeredOn}</td>
                  <td>{o.dueOn}</td>
                  <td>{label(OBLIGATION_STATE, o.state)}</td>
                  <td>
                    <DaysLeft
                      dueOn={o.dueOn}
                      done={Boolean(o.metOn)}
                      days={o.daysLeft}
                      warning={o.warning}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      <Section title="变更申请与版本">
        <ul>
          {p.changeRequests.map((r) => (
            <li key={r.id}>
              <Link href={`/requests/${r.id}`}>
                {label(KIND, r.kind)} · {label(REQUEST_STATUS, r.status)} ·{' '}
                {r.createdAt.slice(0, 10)}
              </Link>
            </li>
          ))}
        </ul>
        <table>
          <thead>
            <tr>
              <th>版本</th>
              <th>名称</th>
              <th>生效</th>
              <th>失效</th>
            </tr>
          </thead>
          <tbody>
            {p.versions.map((v) => (
              <tr key={v.versionNo}>
                <td>{v.versionNo}</td>
                <td>{v.name}</td>
                <td>{v.validFrom.slice(0, 10)}</td>
                <td>{v.validTo?.slice(0, 10) ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
    </>
  );
}
