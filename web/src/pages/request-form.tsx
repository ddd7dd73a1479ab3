import { useState, type FormEvent, type ReactNode } from 'react';
import { Link, useLocation } from 'wouter';

import { ApiError, gql, type FieldError } from '../api';
import { EnumOptions, ErrorBox, Loading, Section } from '../components';
import { useQuery } from '../hooks';
import { CATEGORY, KIND, label } from '../labels';
import { CREATE_REQUEST, POWER_FOR_REQUEST, SUBMIT_REQUEST, UPDATE_REQUEST } from '../queries';

interface FormState {
  kind: string;
  reason: string;
  triggeredOn: string;
  obligationId: string;
  name: string;
  category: string;
  legalTimeLimitDays: string;
  promisedTimeLimitDays: string;
}

/** The checks the API makes on a change request (CreateChangeRequestInput), with its messages. */
export function validateRequest(f: FormState): FieldError[] {
  const errors: FieldError[] = [];
  if (!/\S/.test(f.reason)) errors.push({ path: 'input.reason', message: '不能为空' });
  else if (f.reason.length > 2000)
    errors.push({ path: 'input.reason', message: '不能超过 2000 个字符' });
  if (f.triggeredOn && !/^\d{4}-\d{2}-\d{2}$/.test(f.triggeredOn))
    errors.push({ path: 'input.triggeredOn', message: '日期格式应为 YYYY-MM-DD' });
  if (f.kind === 'MODIFY') {
    if (f.name.length > 200)
      errors.push({ path: 'input.draft.name', message: '不能超过 200 个字符' });
    for (const key of ['legalTimeLimitDays', 'promisedTimeLimitDays'] as const) {
      const raw = f[key].trim();
      if (!raw) continue;
      const n = Number(raw);
      const path = `input.draft.${key}`;
      if (!Number.isInteger(n)) errors.push({ path, message: '必须是整数' });
      else if (n < 0) errors.push({ path, message: '不能小于 0' });
      else if (n > 3650) errors.push({ path, message: '不能大于 3650' });
    }
  }
  return errors;
}

/** Input checks say `input.draft.name`, the content checks at submission `draft.name`. */
const samePath = (a: string, b: string) => a.replace(/^input\./, '') === b.replace(/^input\./, '');

function Field({
  label: text,
  path,
  errors,
  children,
}: {
  label: string;
  path: string;
  errors: FieldError[];
  children: ReactNode;
}) {
  const mine = errors.filter((e) => samePath(e.path, path));
  return (
    <label className={mine.length ? 'field invalid' : 'field'}>
      <span>{text}</span>
      {children}
      {mine.map((e, i) => (
        <span key={i} className="field-error" role="alert">
          {e.message}
        </span>
      ))}
    </label>
  );
}

/** Drafting and filing a change request for one power: saved as a draft, then submitted. */
export function RequestFormPage({ powerId }: { powerId: string }) {
  const [, navigate] = useLocation();
  const { data, error, loading } = useQuery<{
    power: {
      id: string;
      code: string;
      status: string;
      current: {
        name: string;
        category: string;
        legalTimeLimitDays: number | null;
        promisedTimeLimitDays: number | null;
      };
      obligations: { id: string; cause: string; dueOn: string; metOn: string | null }[];
    } | null;
  }>(POWER_FOR_REQUEST, { id: powerId });
  const [form, setForm] = useState<FormState | null>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  // the draft saved by an earlier attempt: later attempts update it instead of filing another
  const [draftId, setDraftId] = useState<string | null>(null);
  if (loading) return <Loading />;
  if (error) return <ErrorBox error={error} />;
  const p = data?.power;
  if (!p) return <p className="error">找不到该权力事项</p>;
  const open = p.obligations.filter((o) => !o.metOn);
  const f: FormState = form ?? {
    kind: 'MODIFY',
    reason: '',
    triggeredOn: '',
    obligationId: open[0]?.id ?? '',
    name: p.current.name,
    category: p.current.category,
    legalTimeLimitDays: p.current.legalTimeLimitDays?.toString() ?? '',
    promisedTimeLimitDays: p.current.promisedTimeLimitDays?.toString() ?? '',
  };
  const set = (patch: Partial<FormState>) => setForm({ ...f, ...patch });

  const submit = async (e: FormEvent, file: boolean) => {
    e.preventDefault();
    setFailure(null);
    const found = validateRequest(f);
    setErrors(found);
    if (found.length) return;
    const num = (s: string) => (s.trim() ? Number(s) : null);
    const draft =
      f.kind === 'MODIFY'
        ? {
            ...(f.name !== p.current.name ? { name: f.name } : {}),
            ...(f.category !== p.current.category ? { category: f.category } : {}),
            ...(num(f.legalTimeLimitDays) !== p.current.legalTimeLimitDays
              ? { legalTimeLimitDays: num(f.legalTimeLimitDays) }
              : {}),
            ...(num(f.promisedTimeLimitDays) !== p.current.promisedTimeLimitDays
              ? { promisedTimeLimitDays: num(f.promisedTimeLimitDays) }
              : {}),
          }
        : null;
    setBusy(true);
    let id = draftId;
    try {
      if (id) {
        await gql(UPDATE_REQUEST, {
          id,
          input: { reason: f.reason, triggeredOn: f.triggeredOn || null, draft },
        });
      } else {
        const { createChangeRequest } = await gql<{ createChangeRequest: { id: string } }>(
          CREATE_REQUEST,
          {
            input: {
              kind: f.kind,
              powerId: p.id,
              reason: f.reason,
              triggeredOn: f.triggeredOn || null,
              obligationId: f.obligationId || null,
              draft,
            },
          },
        );
        id = createChangeRequest.id;
        setDraftId(id);
      }
      if (file) await gql(SUBMIT_REQUEST, { id });
      navigate(`/requests/${id}`);
    } catch (err) {
      setErrors(err instanceof ApiError ? err.fields : []);
      setFailure(err as Error);
    } finally {
      setBusy(false);
    }
  };
  const shown = new Set([
    'input.kind',
    'input.reason',
    'input.triggeredOn',
    'input.obligationId',
    ...(f.kind === 'MODIFY'
      ? ['name', 'category', 'legalTimeLimitDays', 'promisedTimeLimitDays'].map(
          (k) => `input.draft.${k}`,
        )
      : []),
  ]);
  const others = errors.filter((e) => ![...shown].some((p) => samePath(p, e.path)));

  return (
    <Section title={`申请变更：${p.code} ${p.current.name}`}>
      <form
        className="form"
        onSubmit={(e) => void submit(e, true)}
        noValidate
        aria-label="变更申请"
      >
        <Field label="变更类型" path="input.kind" errors={errors}>
          <select
            name="kind"
            value={f.kind}
            disabled={Boolean(draftId)}
            onChange={(e) => set({ kind: e.target.value })}
          >
            <EnumOptions names={KIND} except={['ADD']} />
          </select>
        </Field>
        <Field label="变更理由" path="input.reason" errors={errors}>
          <textarea
            name="reason"
            value={f.reason}
            onChange={(e) => set({ reason: e.target.value })}
            rows={3}
          />
        </Field>
        <Field label="触发事件日期（选填）" path="input.triggeredOn" errors={errors}>
          <input
            name="triggeredOn"
            type="date"
            value={f.triggeredOn}
            onChange={(e) => set({ triggeredOn: e.target.value })}
          />
        </Field>
        {open.length > 0 && (
          <Field label="对应的履职义务" path="input.obligationId" errors={errors}>
            <select
              name="obligationId"
              value={f.obligationId}
              onChange={(e) => set({ obligationId: e.target.value })}
            >
              <option value="">（不对应义务）</option>
              {open.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.cause}（期限 {o.dueOn}）
                </option>
              ))}
            </select>
          </Field>
        )}
        {f.kind === 'MODIFY' && (
          <fieldset>
            <legend>变更后的内容（未改动的保持原样）</legend>
            <Field label="名称" path="input.draft.name" errors={errors}>
              <input name="name" value={f.name} onChange={(e) => set({ name: e.target.value })} />
            </Field>
            <Field label="类别" path="input.draft.category" errors={errors}>
              <select
                name="category"
                value={f.category}
                onChange={(e) => set({ category: e.target.value })}
              >
                <EnumOptions names={CATEGORY} />
              </select>
            </Field>
            <Field label="法定时限（工作日）" path="input.draft.legalTimeLimitDays" errors={errors}>
              <input
                name="legalTimeLimitDays"
                inputMode="numeric"
                value={f.legalTimeLimitDays}
                onChange={(e) => set({ legalTimeLimitDays: e.target.value })}
              />
            </Field>
            <Field
              label="承诺时限（工作日）"
              path="input.draft.promisedTimeLimitDays"
              errors={errors}
            >
              <input
                name="promisedTimeLimitDays"
                inputMode="numeric"
                value={f.promisedTimeLimitDays}
                onChange={(e) => set({ promisedTimeLimitDays: e.target.value })}
              />
            </Field>
          </fieldset>
        )}
        {errors.length > 0 && (
          <div className="error" data-testid="form-errors">
            <p>有 {errors.length} 处需要修改</p>
            {others.length > 0 && (
              <ul>
                {others.map((e, i) => (
                  <li key={i} role="alert">
                    <span className="mono">{e.path}</span>：{e.message}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
        {draftId && <p className="muted">已保存为草稿，修改后可再次提交</p>}
        <ErrorBox error={failure} />
        <div className="actions">
          <button type="button" disabled={busy} onClick={(e) => void submit(e, false)}>
            保存草稿
          </button>
          <button type="submit" disabled={busy}>
            提交审核
          </button>
          <Link href={`/powers/${p.id}`}>取消</Link>
        </div>
        <p className="muted">类型：{label(KIND, f.kind)}</p>
      </form>
    </Section>
  );
}
