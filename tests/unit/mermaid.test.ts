import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

import type { FlowchartData } from '../../src/modules/catalog/power-content';
import { escapeMermaidText, toMermaid } from '../../src/modules/flow/mermaid';

import { externalChart, internalChart } from './fixtures/power-fixtures';

interface Parsed {
  ok: boolean;
  error?: string;
  vertices: { id: string; text: string; type?: string; classes: string[] }[];
  edges: { start: string; end: string; text: string }[];
  classes: string[];
}

/** Parses texts with Mermaid's own parser, in a child node process (mermaid is ESM-only). */
function parseWithMermaid(texts: string[]): Parsed[] {
  const run = spawnSync(process.execPath, [join(__dirname, '../helpers/mermaid-validate.mjs')], {
    input: JSON.stringify(texts),
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (run.status !== 0) throw new Error(`mermaid-validate failed: ${run.stderr || run.error}`);
  return JSON.parse(run.stdout) as Parsed[];
}

const NASTY =
  'He said "hi" <b>x</b> #1; 50% a\\b `c` [x] {y} (z) |p| ;end; style:#f00; %%{init: {}}%%';

/** Labels and keys that would break naive Mermaid output. */
function oddChart(): FlowchartData {
  return {
    nodes: [
      { key: 'start', kind: 'START', label: '开始 "申请"' },
      { key: 'end', kind: 'STEP', label: NASTY },
      { key: 'a b-->c', kind: 'DECISION', label: '是否[符合]条件？\n第二行' },
      { key: '受理', kind: 'END', label: 'graph TD; A-->B' },
      { key: 'class', kind: 'END', label: 'click n0 callback' },
    ],
    edges: [
      { from: 'start', to: 'end' },
      { from: 'end', to: 'a b-->c', label: 'x|"y"' },
      { from: 'a b-->c', to: '受理', label: '是' },
      { from: 'a b-->c', to: 'class', label: '否 <br> #quot;' },
    ],
  };
}

function loopChart(): FlowchartData {
  const chart = externalChart();
  chart.nodes.push({ key: 'X', kind: 'STEP', label: '补正材料' });
  chart.edges.push({ from: 'B', to: 'X', label: '材料不全' }, { from: 'X', to: 'A' });
  return chart;
}

function bigChart(n: number): FlowchartData {
  const nodes = Array.from({ length: n }, (_, i) => ({
    key: `step-${i}`,
    kind: i === 0 ? ('START' as const) : i === n - 1 ? ('END' as const) : ('STEP' as const),
    label: `环节 ${i}`,
    post: '岗位',
    timeLimitDays: 1,
  }));
  return { nodes, edges: nodes.slice(1).map((node, i) => ({ from: `step-${i}`, to: node.key })) };
}

describe('toMermaid', () => {
  it('renders a flowchart TD with START/END as stadiums, DECISION as rhombus, STEP as rectangle', () => {
    expect(toMermaid(externalChart(), 'external')).toBe(
      [
        'flowchart TD',
        '  n0(["申请"])',
        '  n1["受理"]',
        '  n2["审查"]',
        '  n3{"是否符合条件"}',
        '  n4(["作出准予决定"])',
        '  n5(["作出不予决定"])',
        '  n0 --> n1',
        '  n1 --> n2',
        '  n2 --> n3',
        '  n3 -->|"是"| n4',
        '  n3 -->|"否"| n5',
        '',
      ].join('\n'),
    );
  });

  it('shows the post and time limit of internal steps, and marks nodes with risk points', () => {
    const text = toMermaid(internalChart(), 'internal');
    expect(text).toContain('  n1["窗口受理<br/>岗位：窗口工作人员 · 时限：2 个工作日"]');
    expect(text).toContain(
      '  n2["⚠ 承办人审查<br/>岗位：承办人 · 时限：3 个工作日<br/>风险点 1 个 · 最高等级：高"]:::risk',
    );
    expect(text).toContain('  n0(["收件"])\n');
    expect(text).toContain('  n4 -->|"准予"| n5');
    expect(text.match(/classDef risk /g)).toHaveLength(1);
  });

  it('shows no post or time limit on external charts, and no risk class when there is no risk', () => {
    const chart = internalChart();
    for (const n of chart.nodes) n.riskPoints = null;
    const asExternal = toMermaid(chart, 'external');
    expect(asExternal).not.toContain('岗位');
    expect(asExternal).not.toContain('risk');
  });

  it('maps every key to a safe id n0, n1, … in node order, whatever the key', () => {
    const text = toMermaid(oddChart(), 'external');
    const ids = [...text.matchAll(/^ {2}(\S+?)[[({]/gm)].map((m) => m[1]);
    expect(ids).toEqual(['n0', 'n1', 'n2', 'n3', 'n4']);
    expect(text).toContain('  n1 -->|"x|#quot;y#quot;"| n2');
    expect(text).not.toMatch(/\bend\[|a b-->c/);
  });

  it('escapes quotes, markup, entities, directives and line breaks in labels', () => {
    expect(escapeMermaidText('a "b" <i>c</i>')).toBe('a #quot;b#quot; #lt;i#gt;c#lt;/i#gt;');
    expect(escapeMermaidText('#quot; 100%')).toBe('#35;quot; 100#37;');
    expect(escapeMermaidText('%%{init: {"theme":"dark"}}%%')).not.toContain('%%');
    expect(escapeMermaidText('第一行\r\n第二行\n')).toBe('第一行<br/>第二行<br/>');
    expect(escapeMermaidText('a\\b `c` &d')).toBe('a#92;b #96;c#96; #amp;d');
    expect(escapeMermaidText('style classDef')).toBe('#115;tyle #99;lassDef');
    expect(escapeMermaidText('中文（全角）【括号】')).toBe('中文（全角）【括号】');
  });

  it('gives the same text for the same chart every time', () => {
    expect(toMermaid(oddChart(), 'internal')).toBe(toMermaid(oddChart(), 'internal'));
  });

  it('leaves out edges to unknown nodes and ties edges of a repeated key to its first node', () => {
    const chart = externalChart();
    chart.nodes.push({ key: 'A', kind: 'STEP', label: '重复' });
    chart.edges.push({ from: 'A', to: 'ghost' });
    const text = toMermaid(chart, 'external');
    expect(text).toContain('  n6["重复"]');
    expect(text).not.toContain('ghost');
    expect(text).toContain('  n1 --> n2');
  });

  it('renders an empty chart as a bare header', () => {
    expect(toMermaid({ nodes: [], edges: [] }, 'external')).toBe('flowchart TD\n');
  });
});

describe('toMermaid output read by Mermaid’s own parser', () => {
  const charts: [string, FlowchartData, 'external' | 'internal'][] = [
    ['the clean external chart', externalChart(), 'external'],
    ['the clean internal chart with risk points', internalChart(), 'internal'],
    ['a chart with odd keys and labels', oddChart(), 'internal'],
    ['a chart with a loop', loopChart(), 'external'],
    ['an empty chart', { nodes: [], edges: [] }, 'external'],
    ['a chart of 300 steps', bigChart(300), 'internal'],
  ];
  let parsed: Parsed[];

  beforeAll(() => {
    parsed = parseWithMermaid(charts.map(([, chart, kind]) => toMermaid(chart, kind)));
  }, 30_000);

  it.each(charts.map(([name], i) => ({ name, i })))('parses $name', ({ i }) => {
    const [, chart] = charts[i];
    expect(parsed[i]).toMatchObject({ ok: true });
    expect(parsed[i].vertices).toHaveLength(chart.nodes.length);
    expect(parsed[i].edges).toHaveLength(chart.edges.length);
  });

  it('reads the shapes it was given', () => {
    const types = parsed[0].vertices.map((v) => v.type);
    expect(types).toEqual(['stadium', 'square', 'square', 'diamond', 'stadium', 'stadium']);
  });

  it('reads labels back exactly, odd characters included', () => {
    const odd = parsed[2];
    expect(odd.vertices.map((v) => v.id)).toEqual(['n0', 'n1', 'n2', 'n3', 'n4']);
    expect(odd.vertices[0].text).toBe('开始 "申请"');
    expect(odd.vertices[1].text).toBe(NASTY);
    expect(odd.vertices[2].text).toBe('是否[符合]条件？<br/>第二行');
    expect(odd.vertices[3].text).toBe('graph TD; A-->B');
    expect(odd.edges.map((e) => e.text)).toEqual(['', 'x|"y"', '是', '否 <br> #quot;']);
  });

  it('reads the risk class on the nodes with risk points', () => {
    const internal = parsed[1];
    expect(internal.classes).toEqual(['risk']);
    expect(internal.vertices.filter((v) => v.classes.includes('risk')).map((v) => v.id)).toEqual([
      'n2',
    ]);
    expect(internal.vertices[2].text).toBe(
      '⚠ 承办人审查<br/>岗位：承办人 · 时限：3 个工作日<br/>风险点 1 个 · 最高等级：高',
    );
  });

  it('is a real check: the same parser refuses broken text', () => {
    const [bad] = parseWithMermaid(['flowchart TD\n  n0["a "b" c"] --> n1\n']);
    expect(bad.ok).toBe(false);
    expect(bad.error).toMatch(/Parse error/);
  });
});
