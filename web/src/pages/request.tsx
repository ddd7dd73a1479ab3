import { useState } from 'react';
import { Link } from 'wouter';

import { gql } from '../api';
import { ErrorBox, Loading, Section } from '../components';
import { useQuery } from '../hooks';
import { KIND, label, REQUEST_STATUS } from '../labels';
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
  power: { id: string; code: string; current: Content; problems: ProblemRow[] } | null;
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
            <div className="actions">
              <button
                type="button"
                disabled={busy}
                onClick={() => void act(APPROVE_REQUEST, { id: r.id, note: note.trim() || null })}
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
