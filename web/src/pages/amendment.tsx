import { useState, type FormEvent } from 'react';
import { Link } from 'wouter';

import { ApiError, gql, type FieldError } from '../api';
import { ErrorBox, Section } from '../components';
import { useQuery } from '../hooks';
import { label, LEVEL } from '../labels';
import { DOCUMENTS, RECORD_AMENDMENT } from '../queries';

import { DaysLeft } from './shared';

interface Doc {
  id: string;
  title: string;
  issuer: string;
  level: string;
  promulgatedOn: string;
  repealedOn: string | null;
}
interface Opened {
  id: string;
  amendedOn: string;
  obligations: {
    id: string;
    dueOn: string;
    cause: string;
    power: { id: string; code: string; unit: { name: string }; current: { name: string } };
  }[];
}

/** A reviewer records a law's amendment (or repeal) and sees the obligations it opened. */
export function AmendmentPage() {
  const [search, setSearch] = useState('');
  const [applied, setApplied] = useState('');
  const docs = useQuery<{ legalDocuments: Doc[] }>(DOCUMENTS, { s: applied || null });
  const [doc, setDoc] = useState<Doc | null>(null);
  const [amendedOn, setAmendedOn] = useState('');
  const [note, setNote] = useState('');
  const [repeal, setRepeal] = useState(false);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<Error | null>(null);
  const [opened, setOpened] = useState<Opened | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found: FieldError[] = [];
    if (!doc) found.push({ path: 'input.documentId', message: '请选择法律文件' });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(amendedOn))
      found.push({ path: 'input.amendedOn', message: '请填写修改日期' });
    if (!/\S/.test(note)) found.push({ path: 'input.note', message: '不能为空' });
    setErrors(found);
    setFailure(null);
    if (found.length || !doc) return;
    try {
      const { recordAmendment } = await gql<{ recordAmendment: Opened }>(RECORD_AMENDMENT, {
        input: { documentId: doc.id, amendedOn, note, repeal },
      });
      setOpened(recordAmendment);
    } catch (err) {
      if (err instanceof ApiError) setErrors(err.fields);
      setFailure(err as Error);
    }
  };
  const err = (path: string) =>
    errors
      .filter((x) => x.path === path)
      .map((x, i) => (
        <span key={i} className="field-error" role="alert">
          {x.message}
        </span>
      ));

  return (
    <>
      <Section title="记录法律修订">
        <form
          className="filters"
          onSubmit={(e) => {
            e.preventDefault();
            setApplied(search.trim());
          }}
        >
          <input
            aria-label="搜索法律文件"
            placeholder="按标题或制定机关搜索"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
          <button type="submit">搜索</button>
        </form>
        <ErrorBox error={docs.error} />
        <ul className="pick" data-testid="documents">
          {docs.data?.legalDocuments.map((d) => (
            <li key={d.id}>
              <label>
                <input
                  type="radio"
                  name="document"
                  checked={doc?.id === d.id}
                  onChange={() => setDoc(d)}
                  disabled={Boolean(d.repealedOn)}
                />
                《{d.title}》 {label(LEVEL, d.level)} · {d.issuer} · {d.promulgatedOn} 公布
                {d.repealedOn && <span className="muted">（已废止）</span>}
              </label>
            </li>
          ))}
        </ul>
        {err('input.documentId')}
        <form className="form" onSubmit={(e) => void submit(e)} noValidate aria-label="修订">
          <label
            className={errors.some((x) => x.path === 'input.amendedOn') ? 'field invalid' : 'field'}
          >
            <span>修改日期</span>
            <input
              name="amendedOn"
              type="date"
              value={amendedOn}
              onChange={(e) => setAmendedOn(e.target.value)}
            />
            {err('input.amendedOn')}
          </label>
          <label
            className={errors.some((x) => x.path === 'input.note') ? 'field invalid' : 'field'}
          >
            <span>修订说明</span>
            <textarea name="note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
            {err('input.note')}
          </label>
          <label className="check">
            <input type="checkbox" checked={repeal} onChange={(e) => setRepeal(e.target.checked)} />{' '}
            整部废止
          </label>
          <ErrorBox error={failure} />
          <button type="submit">记录修订</button>
        </form>
      </Section>
      {opened && (
        <Section title={`由此产生的履职义务（${opened.obligations.length}）`}>
          {opened.obligations.length === 0 ? (
            <p className="muted">管辖范围内没有引用该文件的权力事项</p>
          ) : (
            <table data-testid="opened-obligations">
              <thead>
                <tr>
                  <th>权力事项</th>
                  <th>单位</th>
                  <th>期限</th>
                  <th>剩余</th>
                </tr>
              </thead>
              <tbody>
                {opened.obligations.map((o) => (
                  <tr key={o.id}>
                    <td>
                      <Link href={`/powers/${o.power.id}`}>
                        {o.power.code} {o.power.current.name}
                      </Link>
                    </td>
                    <td>{o.power.unit.name}</td>
                    <td>{o.dueOn}</td>
                    <td>
                      <DaysLeft dueOn={o.dueOn} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Section>
      )}
    </>
  );
}
