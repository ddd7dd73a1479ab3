import { useState } from 'react';
import { Link } from 'wouter';

import { gql } from '../api';
import { ErrorBox, Loading, Section } from '../components';
import { useQuery } from '../hooks';
import { CATEGORY, KIND, label, REQUEST_STATUS, STATUS } from '../labels';
import {
  APPROVE_REQUEST,
  REJECT_REQUEST,
  REQUEST,
  SUBMIT_REQUEST,
  WITHDRAW_REQUEST,
} from '../queries';
import { useSession } from '../session';

import { ContentView, type Content } from './power';
import { DaysLeft, ProblemList, type ProblemRow } from './shared';

interface RequestData {
  id: string;
  kind: string;
  status: string;
  reason: string;
  dueOn: string | null;
  daysLeft: number | null;
  overdue: boolean;
  late: boolean;
  triggeredOn: string | null;
  submittedAt: string | null;
  createdAt: string;
  decidedAt: string | null;
  decisionNote: string | null;
  unit: { name: string };
  createdBy: { username: string };
  decidedBy: { username: string } | null;
  obligation: { cause: string; dueOn: string } | null;
  appliedVersion: { versionNo: number } | null;
  effectiveFrom: string | null;
  changes: ChangeRow[];
  problems: ProblemRow[];
  power: { id: string; code: string; current: Content; problems: ProblemRow[] } | null;
}

interface ChangeRow {
  field: string;
  path: string;
  before: string | null;
  after: string | null;
}

/** The content's top-level fields as the offices call them. */
const FIELD: Record<string, string> = {
  code: '权力编码',
  name: '权力名称',
  category: '权力类别',
  isKey: '重点权力',
  subject: '实施主体',
  legalBases: '设定依据',
  legalTimeLimitDays: '法定时限',
  promisedTimeLimitDays: '承诺时限',
  externalFlow: '外部流程图',
  internalFlow: '内部流程图',
  discretion: '裁量基准',
  status: '运行状态',
};

/** A changed value as a reader expects it: enums in Chinese, absent as a dash. */
function shown(c: ChangeRow, v: string | null) {
  if (v === null) return <span className="muted">—</span>;
  if (c.path === 'status') return label(STATUS, v);
  if (c.path === 'category') return label(CATEGORY, v);
  if (c.path === 'isKey') return v === 'true' ? '是' : '否';
  if (v.startsWith('{')) return <code className="mono">{v}</code>;
  return v;
}

/** What approval changes, element by element: each element named by its key, before and after. */
function ChangesTable({ changes }: { changes: ChangeRow[] }) {
  if (!changes.length) return <p className="muted">本申请不改变事项的内容或状态</p>;
  return (
    <table data-testid="changes">
      <thead>
        <tr>
          <th>要素</th>
          <th>位置</th>
          <th>变更前</th>
          <th>变更后</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((c, i) => (
          <tr key={i}>
            <td>{FIELD[c.field] ?? c.field}</td>
            <td className="mono">{c.path}</td>
            <td>{shown(c, c.before)}</td>
            <td>{shown(c, c.after)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** An instant typed in the browser's local time (datetime-local) as an ISO instant, or null. */
function instantOf(local: string): string | null {
  if (!local) return null;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** One change request: what it is, the power as it stands, and the reviewer's decision. */
export function RequestPage({ id }: { id: string }) {
  const { me } = useSession();
  const { data, error, loading, reload } = useQuery<{ changeRequest: RequestData | null }>(
    REQUEST,
    {
      id,
    },
  );
  const [note, setNote] = useState('');
  const [from, setFrom] = useState('');
  const [failure, setFailure] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  if (loading && !data) return <Loading />;
  if (error) return <ErrorBox error={error} />;
  const r = data?.changeRequest;
  if (!r) return <p className="error">找不到该变更申请</p>;
  const reviewer = me.role === 'LEGAL_REVIEWER' || me.role === 'ADMIN';
  const unitSide = me.role === 'UNIT_LEGAL' || me.role === 'UNIT_OPERATOR';

  const act = async (mutation: string, variables: Record<string, unknown>) => {
    setBusy(true);
    setFailure(null);
    try {
      await gql(mutation, variables);
      setNote('');
      setFrom('');
      reload();
    } catch (err) {
      setFailure(err as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Section title={`变更申请：${label(KIND, r.kind)}${r.power ? ` · ${r.power.code}` : ''}`}>
        <dl className="facts">
          <dt>状态</dt>
          <dd data-testid="request-status">{label(REQUEST_STATUS, r.status)}</dd>
          <dt>单位</dt>
          <dd>{r.unit.name}</dd>
          <dt>理由</dt>
          <dd>{r.reason}</dd>
          <dt>期限</dt>
          <dd>
            {r.dueOn ?? '—'}{' '}
            <DaysLeft
              dueOn={r.dueOn}
              days={r.daysLeft}
              done={r.status !== 'SUBMITTED' && r.status !== 'DRAFT'}
            />
            {(r.late || r.overdue) && <span className="overdue tag">逾期</span>}
          </dd>
          {r.obligation && (
            <>
              <dt>对应义务</dt>
              <dd>
                {r.obligation.cause}（期限 {r.obligation.dueOn}）
              </dd>
            </>
          )}
          <dt>填报</dt>
          <dd>
            {r.createdBy.username}，{r.createdAt.slice(0, 10)}
            {r.submittedAt && `，提交于 ${r.submittedAt.slice(0, 10)}`}
          </dd>
          {r.decidedAt && (
            <>
              <dt>审核</dt>
              <dd>
                {r.decidedBy?.username}，{r.decidedAt.slice(0, 10)}
                {r.decisionNote && `：${r.decisionNote}`}
                {r.appliedVersion && `（生成第 ${r.appliedVersion.versionNo} 版）`}
              </dd>
              {r.effectiveFrom && (
                <>
                  <dt>生效</dt>
                  <dd data-testid="effective-from">
                    自 {new Date(r.effectiveFrom).toLocaleString('zh-CN', { hour12: false })} 起
                  </dd>
                </>
              )}
            </>
          )}
        </dl>
        <ErrorBox error={failure} />
        {reviewer && r.status === 'SUBMITTED' && (
          <div className="decide">
            <label className="field">
              <span>审核意见（驳回时必填）</span>
              <textarea
                name="note"
                rows={2}
                value={note}
                onChange={(e) => setNote(e.target.value)}
              />
            </label>
            {r.kind !== 'ADD' && r.kind !== 'NO_CHANGE' && (
              <label className="field">
                <span>生效时间（留空则批准即生效）</span>
                <input
                  type="datetime-local"
                  name="effectiveFrom"
                  value={from}
                  onChange={(e) => setFrom(e.target.value)}
                />
              </label>
            )}
            <div className="actions">
              <button
                type="button"
                disabled={busy}
                onClick={() =>
                  void act(APPROVE_REQUEST, {
                    id: r.id,
                    note: note.trim() || null,
                    effectiveFrom: instantOf(from),
                  })
                }
              >
                批准
              </button>
              <button
                type="button"
                className="danger"
                disabled={busy || !note.trim()}
                onClick={() => void act(REJECT_REQUEST, { id: r.id, note: note.trim() })}
              >
                驳回
              </button>
            </div>
          </div>
        )}
        {unitSide && r.status === 'DRAFT' && (
          <div className="actions">
            <button
              type="button"
              disabled={busy}
              onClick={() =>
                void act(SUBMIT_REQUEST, {
                  id: r.id,
                })
              }
            >
              提交审核
            </button>
          </div>
        )}
        {unitSide && (r.status === 'DRAFT' || r.status === 'SUBMITTED') && (
          <div className="actions">
            <button
              type="button"
              className="danger"
              disabled={busy}
              onClick={() =>
                void act(WITHDRAW_REQUEST, {
                  id: r.id,
                })
              }
            >
              撤回
            </button>
          </div>
        )}
      </Section>
      <Section title={r.status === 'APPROVED' ? '本次变更（逐项）' : '批准将带来的变更（逐项）'}>
        <ChangesTable changes={r.changes} />
        <h3>{r.status === 'APPROVED' ? '生成内容的问题' : '批准后内容将有的问题'}</h3>
        <ProblemList problems={r.problems} empty="未发现问题" />
      </Section>
      {r.power && (
        <Section title="当前内容">
          <p>
            <Link href={`/powers/${r.power.id}`}>
              {r.power.code} {r.power.current.name}
            </Link>
          </p>
          <ContentView c={r.power.current} />
          <h3>当前版本的问题</h3>
          <ProblemList problems={r.power.problems} empty="当前版本未发现问题" />
        </Section>
      )}
    </>
  );
}
