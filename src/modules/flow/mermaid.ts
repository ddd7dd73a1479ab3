/**
 * A flowchart as Mermaid text (`flowchart TD`), for the contract's `Flowchart.mermaid`.
 *
 * - Node ids are `n0`, `n1`, … in node order, whatever the user's keys (a key may be `end`, hold
 *   spaces, brackets or Chinese text); a repeated key keeps its first node for edges, and an edge
 *   naming an unknown node is left out (flowIntegrityErrors refuses both on input).
 * - Shapes: START and END stadiums `(["…"])`, DECISION rhombus `{"…"}`, STEP rectangle `["…"]`.
 * - Labels are always quoted, with Mermaid's `#…;` entity escapes for every character that could
 *   end the string or be read as markup, a directive or an entity: `" # < > & % \` and the
 *   backtick; line breaks become `<br/>`.
 * - Internal charts add a line `岗位：… · 时限：3 个工作日` under a step's label; nodes with risk
 *   points start with ⚠ and get the `risk` class.
 * - Edge labels (a decision's 是 / 否) are quoted too: `-->|"…"|`.
 */
import type { FlowchartData, FlowNodeData, RiskLevel } from '../catalog/power-content';

import type { FlowKind } from './integrity';

const ENTITIES: Record<string, string> = {
  '#': '#35;',
  '"': '#quot;',
  '<': '#lt;',
  '>': '#gt;',
  '&': '#amp;',
  '%': '#37;',
  '\\': '#92;',
  '`': '#96;',
};

const RISK_ZH: Record<RiskLevel, string> = { HIGH: '高', MEDIUM: '中', LOW: '低' };
const RISK_ORDER: RiskLevel[] = ['HIGH', 'MEDIUM', 'LOW'];

/**
 * Text made safe inside a quoted Mermaid string. Besides the characters above, the words `style`
 * and `classDef` get their first letter escaped: Mermaid's entity pass would otherwise take a
 * line holding them (with a `:` and a `#`) for a style statement and drop the last `;` of it.
 */
export function escapeMermaidText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) =>
      line
        .replace(/\t/g, ' ')
        .replace(/\p{Cc}/gu, '')
        .trim()
        .replace(/[#"<>&%\\`]/g, (ch) => ENTITIES[ch])
        .replace(/style/g, '#115;tyle')
        .replace(/classDef/g, '#99;lassDef'),
    )
    .join('<br/>');
}

function nodeText(node: FlowNodeData, kind: FlowKind): string {
  const risks = node.riskPoints ?? [];
  const label = node.label?.trim() || node.key;
  const lines = [escapeMermaidText(risks.length ? `⚠ ${label}` : label)];
  if (kind === 'internal' && (node.kind === 'STEP' || node.kind === 'DECISION')) {
    const parts: string[] = [];
    if (node.post?.trim()) parts.push(`岗位：${node.post.trim()}`);
    if (node.timeLimitDays !== null && node.timeLimitDays !== undefined) {
      parts.push(`时限：${node.timeLimitDays} 个工作日`);
    }
    if (parts.length) lines.push(escapeMermaidText(parts.join(' · ')));
  }
  if (risks.length) {
    const top = RISK_ORDER.find((l) => risks.some((r) => r.level === l));
    lines.push(
      escapeMermaidText(`风险点 ${risks.length} 个${top ? ` · 最高等级：${RISK_ZH[top]}` : ''}`),
    );
  }
  return lines.join('<br/>');
}

function shape(node: FlowNodeData, text: string): string {
  switch (node.kind) {
    case 'START':
    case 'END':
      return `(["${text}"])`;
    case 'DECISION':
      return `{"${text}"}`;
    default:
      return `["${text}"]`;
  }
}

/** The chart as Mermaid `flowchart TD` text; the same chart gives the same text every time. */
export function toMermaid(chart: FlowchartData, kind: FlowKind): string {
  const nodes = chart.nodes ?? [];
  const ids = new Map<string, string>();
  nodes.forEach((n, i) => {
    if (!ids.has(n.key)) ids.set(n.key, `n${i}`);
  });
  const lines = ['flowchart TD'];
  let anyRisk = false;
  nodes.forEach((n, i) => {
    const risky = (n.riskPoints ?? []).length > 0;
    anyRisk ||= risky;
    lines.push(`  n${i}${shape(n, nodeText(n, kind))}${risky ? ':::risk' : ''}`);
  });
  for (const e of chart.edges ?? []) {
    const from = ids.get(e.from);
    const to = ids.get(e.to);
    if (!from || !to) continue;
    const label = e.label?.trim();
    lines.push(
      label ? `  ${from} -->|"${escapeMermaidText(label)}"| ${to}` : `  ${from} --> ${to}`,
    );
  }
  if (anyRisk) lines.push('  classDef risk fill:#fff1f0,stroke:#cf1322,stroke-width:2px');
  return `${lines.join('\n')}\n`;
}
