/**
 * The external flowchart (外部流程图): the steps the public sees, a directed graph with one start
 * and at least one end, every step reachable, with the supervision points, the counterparty's
 * rights and the complaint channel, approved by the legal office and published (DOMAIN.md).
 * District item 6, provincial 38, municipal 41.
 */
import type { FlowchartData, PowerContent, Problem } from '../../catalog/power-content';
import { buildGraph, endNodes, nodeName, reachable } from '../graph';
import { problem } from '../problem-codes';

const blank = (s: string | null | undefined): boolean => !s || !s.trim();

/** EXTERNAL_FLOW_MISSING: no external flowchart, or one with no nodes. Also feeds item 10/42/46. */
export function externalFlowMissing(content: PowerContent): Problem[] {
  return content.externalFlow?.nodes?.length
    ? []
    : [
        problem(
          'EXTERNAL_FLOW_MISSING',
          '请绘制外部流程图（从申请或立案到办结的对外环节）',
          'externalFlow',
        ),
      ];
}

/**
 * EXTERNAL_FLOW_NO_END_REACHABLE, EXTERNAL_FLOW_UNREACHABLE_STEP, EXTERNAL_FLOW_DEAD_END_STEP:
 * the chart has no START, no END, or no END reachable from START; a node that no path from START
 * reaches (reported only when there is a START to walk from); a step or decision reachable from
 * START from which no END can be reached (reported only when some END is reachable: otherwise
 * every step is a dead end and the first problem says it all).
 */
export function externalFlowGraphProblems(chart: FlowchartData): Problem[] {
  const g = buildGraph(chart);
  const ends = endNodes(g);
  if (g.start < 0) {
    return [
      problem(
        'EXTERNAL_FLOW_NO_END_REACHABLE',
        '外部流程图没有开始节点（START），请标明流程从哪里开始',
        'externalFlow.nodes',
      ),
    ];
  }
  const out: Problem[] = [];
  const fromStart = reachable(g.out, [g.start]);
  const endReached = ends.some((e) => fromStart[e]);
  if (!ends.length) {
    out.push(
      problem(
        'EXTERNAL_FLOW_NO_END_REACHABLE',
        '外部流程图没有结束节点（END），请标明流程在哪里办结',
        'externalFlow.nodes',
      ),
    );
  } else if (!endReached) {
    out.push(
      problem(
        'EXTERNAL_FLOW_NO_END_REACHABLE',
        `外部流程图从开始节点${nodeName(g.nodes[g.start])}出发无法到达任何结束节点，请补全连线`,
        'externalFlow.edges',
      ),
    );
  }
  const toEnd = reachable(g.in, ends);
  g.nodes.forEach((node, i) => {
    if (g.index.get(node.key) !== i || node.kind === 'START') return;
    if (!fromStart[i]) {
      out.push(
        problem(
          'EXTERNAL_FLOW_UNREACHABLE_STEP',
          `外部流程图中的环节${nodeName(node)}从开始节点无法到达，请补上指向它的连线或删除该环节`,
          `externalFlow.nodes[${i}]`,
        ),
      );
    } else if (endReached && !toEnd[i] && node.kind !== 'END') {
      out.push(
        problem(
          'EXTERNAL_FLOW_DEAD_END_STEP',
          `外部流程图中的环节${nodeName(node)}之后无法走到任何结束节点，请补全它之后的连线`,
          `externalFlow.nodes[${i}]`,
        ),
      );
    }
  });
  return out;
}

/**
 * EXTERNAL_FLOW_NO_SUPERVISION, EXTERNAL_FLOW_NO_COUNTERPARTY_RIGHTS,
 * EXTERNAL_FLOW_NO_COMPLAINT_CHANNEL: the supervision points, the counterparty's rights or the
 * complaint channel are empty.
 */
export function externalFlowContentProblems(chart: FlowchartData): Problem[] {
  const out: Problem[] = [];
  if (blank(chart.supervision)) {
    out.push(
      problem(
        'EXTERNAL_FLOW_NO_SUPERVISION',
        '外部流程图未写明监督环节（监督机关、监督方式）',
        'externalFlow.supervision',
      ),
    );
  }
  if (blank(chart.counterpartyRights)) {
    out.push(
      problem(
        'EXTERNAL_FLOW_NO_COUNTERPARTY_RIGHTS',
        '外部流程图未写明相对人的权利（如陈述、申辩、听证、申请复议或诉讼的权利）',
        'externalFlow.counterpartyRights',
      ),
    );
  }
  if (blank(chart.complaintChannel)) {
    out.push(
      problem(
        'EXTERNAL_FLOW_NO_COMPLAINT_CHANNEL',
        '外部流程图未写明投诉渠道（投诉电话、地址或网址）',
        'externalFlow.complaintChannel',
      ),
    );
  }
  return out;
}

/** EXTERNAL_FLOW_NOT_APPROVED, EXTERNAL_FLOW_NOT_PUBLISHED: no approval date; no publication date. */
export function externalFlowProcedureProblems(chart: FlowchartData): Problem[] {
  const out: Problem[] = [];
  if (blank(chart.approvedOn)) {
    out.push(
      problem(
        'EXTERNAL_FLOW_NOT_APPROVED',
        '外部流程图尚未经法制机构审核，请报审并填写审核日期',
        'externalFlow.approvedOn',
      ),
    );
  }
  if (blank(chart.publishedOn)) {
    out.push(
      problem(
        'EXTERNAL_FLOW_NOT_PUBLISHED',
        '外部流程图尚未向社会公开，请公开并填写公开日期',
        'externalFlow.publishedOn',
      ),
    );
  }
  return out;
}

/** All checks of the external flowchart. District 6, provincial 38, municipal 41. */
export function externalFlowProblems(content: PowerContent): Problem[] {
  const missing = externalFlowMissing(content);
  if (missing.length) return missing;
  const chart = content.externalFlow!;
  return [
    ...externalFlowGraphProblems(chart),
    ...externalFlowContentProblems(chart),
    ...externalFlowProcedureProblems(chart),
  ];
}
