import { useEffect, useRef, useState, type ReactNode } from 'react';

import type { BarDatum } from './bar-chart';

export function Loading() {
  return <p className="muted">加载中…</p>;
}

export function ErrorBox({ error }: { error: Error | null | undefined }) {
  if (!error) return null;
  return (
    <p className="error" role="alert">
      {error.message}
    </p>
  );
}

/** The options of a select over one of the API's enums, by their Chinese names. */
export function EnumOptions({
  names,
  except = [],
}: {
  names: Record<string, string>;
  except?: string[];
}) {
  return (
    <>
      {Object.entries(names)
        .filter(([k]) => !except.includes(k))
        .map(([k, v]) => (
          <option key={k} value={k}>
            {v}
          </option>
        ))}
    </>
  );
}

export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="card">
      <h2>{title}</h2>
      {children}
    </section>
  );
}

const CJK_FONTS =
  "system-ui, 'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', sans-serif";

let renderQueue: Promise<unknown> = Promise.resolve();
let renders = 0;

/** Mermaid renders one diagram at a time (it draws in a scratch element of the page). */
function renderMermaid(text: string): Promise<string> {
  const next = renderQueue.then(async () => {
    const { default: mermaid } = await import('mermaid');
    mermaid.initialize({
      startOnLoad: false,
      securityLevel: 'strict',
      fontFamily: CJK_FONTS,
      theme: 'neutral',
    });
    renders += 1;
    const { svg } = await mermaid.render(`mermaid-${renders}`, text);
    return svg;
  });
  renderQueue = next.catch(() => undefined);
  return next;
}

/** A flowchart drawn from its Mermaid text, in the page: mermaid is bundled and loaded on demand. */
export function MermaidDiagram({ text, title }: { text: string; title: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    renderMermaid(text).then(
      (svg) => {
        if (live && ref.current) ref.current.innerHTML = svg;
      },
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [text]);
  return (
    <figure className="diagram" aria-label={title}>
      <div ref={ref} data-testid="mermaid" />
      {error && <p className="error">流程图无法绘制：{error}</p>}
      <details>
        <summary>Mermaid 源文本</summary>
        <pre>{text}</pre>
      </details>
    </figure>
  );
}

/** A horizontal bar chart (ECharts, loaded on demand). */
export function BarChart({ data, title }: { data: BarDatum[]; title: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let dispose: (() => void) | undefined;
    let live = true;
    void import('./bar-chart').then(({ drawBars }) => {
      if (live && ref.current) dispose = drawBars(ref.current, data, CJK_FONTS);
    });
    return () => {
      live = false;
      dispose?.();
    };
  }, [data]);
  return (
    <div
      ref={ref}
      className="chart"
      role="img"
      aria-label={title}
      data-testid="ranking-chart"
      style={{ height: Math.max(160, data.length * 36 + 60) }}
    />
  );
}
