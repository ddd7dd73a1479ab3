/**
 * The internal flowchart (内部流程图): the external steps broken down to posts; each internal step
 * names its post, its duty and its time limit and says which external step it belongs to; every
 * external step is covered; filed with the legal office (DOMAIN.md). District item 7, provincial
 * 39, municipal 42.
 */
import type {
  FlowchartData,
  FlowNodeData,
  PowerContent,
  Problem,
} from '../../catalog/power-content';
import { buildGraph, longestPath, nodeName } from '../graph';
import { problem } from '../problem-codes';

const blank = (s: string | null | undefined): boolean => !s || !s.trim();

/** Steps and decisions do work; START and END only mark the ends and need no post or limit. */
const isWork = (n: FlowNodeData): boolean => n.kind === 'STEP' || n.kind === 'DECISION';

/** INTERNAL_FLOW_MISSING: no internal flowchart, or one with no nodes. Also feeds item 10/42/46. */
export function internalFlowMissing(content: PowerContent): Problem[] {
  return content.internalFlow?.nodes?.length
    ? []
    : [
        problem(
          'INTERNAL_FLOW_MISSING',
          '请绘制内部流程图（将外部环节分解到岗位，写明岗位、职责和时限）',
          'internalFlow',
        ),
      ];
}

/**
 * INTERNAL_STEP_NO_POST, INTERNAL_STEP_NO_DUTY, INTERNAL_STEP_NO_TIME_LIMIT: a STEP or DECISION
 * with no post, no duty or no time limit (0 working days is a limit; START and END need none).
 */
export function internalStepProblems(chart: FlowchartData): Problem[] {
  const out: Problem[] = [];
  chart.nodes.forEach((node, i) => {
    if (!isWork(node)) return;
    const at = `internalFlow.nodes[${i}]`;
    if (blank(node.post)) {
      out.push(
        problem('INTERNAL_STEP_NO_POST', `内部环节${nodeName(node)}未写明办理岗位`, `${at}.post`),
      );
    }
    if (blank(node.duty)) {
      out.push(
        problem('INTERNAL_STEP_NO_DUTY', `内部环节${nodeName(node)}未写明岗位职责`, `${at}.duty`),
      );
    }
    if (node.timeLimitDays === null || node.timeLimitDays === undefined) {
      out.push(
        problem(
          'INTERNAL_STEP_NO_TIME_LIMIT',
          `内部环节${nodeName(node)}未写明办理时限（工作日）`,
          `${at}.timeLimitDays`,
        ),
      );
    }
  });
  return out;
}

/**
 * INTERNAL_STEP_NO_EXTERNAL_KEY, INTERNAL_STEP_UNKNOWN_EXTERNAL, EXTERNAL_STEP_NOT_COVERED: the
 * link between the charts. An internal STEP or DECISION that does not say which external step it
 * belongs to; an internal node whose `externalKey` names no node of the external chart; an
 * external STEP or DECISION that no internal node names. The last two need an external chart
 * (without one, EXTERNAL_FLOW_MISSING says it all).
 */
export function internalLinkProblems(
  internal: FlowchartData,
  external: FlowchartData | null | undefined,
): Problem[] {
  const out: Problem[] = [];
  const externalKeys = new Set((external?.nodes ?? []).map((n) => n.key));
  const hasExternal = externalKeys.size > 0;
  internal.nodes.forEach((node, i) => {
    const at = `internalFlow.nodes[${i}].externalKey`;
    if (blank(node.externalKey)) {
      if (isWork(node)) {
        out.push(
          problem(
            'INTERNAL_STEP_NO_EXTERNAL_KEY',
            `内部环节${nodeName(node)}未注明所属的外部环节`,
            at,
          ),
        );
      }
    } else if (hasExternal && !externalKeys.has(node.externalKey!)) {
      out.push(
        problem(
          'INTERNAL_STEP_UNKNOWN_EXTERNAL',
          `内部环节${nodeName(node)}所属的外部环节「${node.externalKey}」在外部流程图中不存在`,
          at,
        ),
      );
    }
  });
  if (hasExternal) {
    const covered = new Set(internal.nodes.map((n) => n.externalKey).filter((k) => !blank(k)));
    external!.nodes.forEach((node, i) => {
      if (isWork(node) && !covered.has(node.key)) {
        out.push(
          problem(
            'EXTERNAL_STEP_NOT_COVERED',
            `外部环节${nodeName(node)}没有对应的内部环节，请在内部流程图中将其分解到岗位并注明所属外部环节`,
            `externalFlow.nodes[${i}]`,
          ),
        );
      }
    });
  }
  return out;
}

/** INTERNAL_FLOW_NOT_FILED: the internal chart has no filing date. */
export function internalFlowProcedureProblems(chart: FlowchartData): Problem[] {
  return blank(chart.filedOn)
    ? [
        problem(
          'INTERNAL_FLOW_NOT_FILED',
          '内部流程图尚未向法制机构备案，请备案并填写备案日期',
          'internalFlow.filedOn',
        ),
      ]
    : [];
}

/** The longest route is named in the message up to this many nodes, the middle elided beyond. */
const MAX_ROUTE_NODES = 12;

/**
 * INTERNAL_TIME_EXCEEDS_LEGAL: the time limits of the internal steps (STEP and DECISION; START and
 * END take no time), summed along the longest
 * path from START to an END, exceed the statutory time limit. Loops (补正 back to 受理) are not
 * counted again: see `longestPath`. Nothing to say when there is no statutory limit, no START or
 * no END reachable.
 */
export function internalTimeProblems(
  chart: FlowchartData,
  legalTimeLimitDays: number | null | undefined,
): Problem[] {
  if (legalTimeLimitDays === null || legalTimeLimitDays === undefined) return [];
  const g = buildGraph(chart);
  const longest = longestPath(g, (n) => (isWork(n) ? Math.max(0, n.timeLimitDays ?? 0) : 0));
  if (!longest || longest.total <= legalTimeLimitDays) return [];
  const names = longest.path.map((i) => g.nodes[i].label?.trim() || g.nodes[i].key);
  const route = (
    names.length > MAX_ROUTE_NODES
      ? [...names.slice(0, MAX_ROUTE_NODES - 3), '…', ...names.slice(-2)]
      : names
  ).join(' → ');
  return [
    problem(
      'INTERNAL_TIME_EXCEEDS_LEGAL',
      `内部流程最长路径（${route}）各环节时限合计 ${longest.total} 个工作日，超过法定时限 ${legalTimeLimitDays} 个工作日，请压缩环节时限`,
      'internalFlow',
    ),
  ];
}

/** All checks of the internal flowchart. District 7, provincial 39, municipal 42. */
export function internalFlowProblems(content: PowerContent): Problem[] {
  const missing = internalFlowMissing(content);
  if (missing.length) return missing;
  const chart = content.internalFlow!;
  return [
    ...internalStepProblems(chart),
    ...internalLinkProblems(chart, content.externalFlow),
    ...internalTimeProblems(chart, content.legalTimeLimitDays),
    ...internalFlowProcedureProblems(chart),
  ];
}
