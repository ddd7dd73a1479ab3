/**
 * Structural integrity of a power's content: what makes an input invalid, so that it is refused
 * with BAD_USER_INPUT and a field path, rather than stored and reported as a problem.
 *
 * The line between the two: integrity is what cannot be read as a chart or a number at all (a
 * repeated or empty key, an edge to nowhere, two starts, a negative fine). Anything merely
 * missing or incomplete (no END reachable, a step with no post, fewer than three tiers, a fine
 * range upside down) is a Problem (see problems.ts): a draft may be incomplete, and the catalog
 * says what is missing.
 *
 * Node kinds: both charts may hold START, STEP, DECISION and END; the kind is checked only against
 * FLOW_NODE_KINDS. What an external chart cannot hold is internal detail: an `externalKey` (an
 * external step belongs to no other external step) and risk points (risk points sit on internal
 * steps, DOMAIN.md, and the key-power check reads them there only).
 */
import type { FieldError } from '../../errors';
import {
  CIRCUMSTANCE_KINDS,
  FLOW_NODE_KINDS,
  RISK_LEVELS,
  type DiscretionBenchmarkData,
  type FlowchartData,
  type PowerContent,
} from '../catalog/power-content';

export type FlowKind = 'external' | 'internal';

const CHART_NAME: Record<FlowKind, string> = { external: '外部流程图', internal: '内部流程图' };

const blank = (s: string | null | undefined): boolean => !s || !s.trim();

const badDays = (n: number | null | undefined): boolean =>
  n !== null && n !== undefined && (!Number.isInteger(n) || n < 0);

const badAmount = (n: number | null | undefined): boolean =>
  n !== null && n !== undefined && (!Number.isFinite(n) || n < 0);

/**
 * The structural errors of a flowchart, each with its path under `path` (e.g.
 * `draft.externalFlow`): an empty or repeated node key, an empty label, an unknown node kind, a
 * second START, a negative or fractional time limit, an edge from or to an unknown node, an edge
 * from a node to itself, an edge into START or out of an END; in an external chart, an
 * `externalKey` or risk points. Empty when the chart can be read.
 */
export function flowIntegrityErrors(
  chart: FlowchartData,
  path: string,
  kind: FlowKind,
): FieldError[] {
  const errors: FieldError[] = [];
  const chartName = CHART_NAME[kind];
  const nodes = chart.nodes ?? [];
  const edges = chart.edges ?? [];
  const kinds = new Map<string, string>();
  let startSeen = false;

  nodes.forEach((node, i) => {
    const at = `${path}.nodes[${i}]`;
    const key = node.key ?? '';
    if (blank(key)) {
      errors.push({
        path: `${at}.key`,
        message: `${chartName}第 ${i + 1} 个节点的编号（key）不能为空`,
      });
    } else if (kinds.has(key)) {
      errors.push({
        path: `${at}.key`,
        message: `${chartName}节点编号（key）「${key}」重复，每个节点的编号必须唯一`,
      });
    } else {
      kinds.set(key, node.kind);
    }
    const who = blank(key) ? `第 ${i + 1} 个节点` : `节点「${key}」`;
    if (blank(node.label)) {
      errors.push({ path: `${at}.label`, message: `${chartName}${who}的名称（label）不能为空` });
    }
    if (!(FLOW_NODE_KINDS as readonly string[]).includes(node.kind)) {
      errors.push({
        path: `${at}.kind`,
        message: `${chartName}${who}的类型（kind）「${String(node.kind)}」无效，应为 START、STEP、DECISION 或 END`,
      });
    } else if (node.kind === 'START') {
      if (startSeen) {
        errors.push({
          path: `${at}.kind`,
          message: `${chartName}只能有一个开始节点（START），${who}是多出的开始节点`,
        });
      }
      startSeen = true;
    }
    if (badDays(node.timeLimitDays)) {
      errors.push({
        path: `${at}.timeLimitDays`,
        message: `${chartName}${who}的时限（timeLimitDays）应为不小于 0 的整数个工作日`,
      });
    }
    (node.riskPoints ?? []).forEach((rp, k) => {
      if (!(RISK_LEVELS as readonly string[]).includes(rp.level)) {
        errors.push({
          path: `${at}.riskPoints[${k}].level`,
          message: `${chartName}${who}第 ${k + 1} 个风险点的等级（level）无效，应为 HIGH、MEDIUM 或 LOW`,
        });
      }
    });
    if (kind === 'external') {
      if (!blank(node.externalKey)) {
        errors.push({
          path: `${at}.externalKey`,
          message: `外部流程图${who}不能填写所属外部环节（externalKey），该字段只用于内部流程图`,
        });
      }
      if ((node.riskPoints ?? []).length > 0) {
        errors.push({
          path: `${at}.riskPoints`,
          message: `外部流程图${who}不能标注风险点（riskPoints），风险点应标注在内部流程图的环节上`,
        });
      }
    }
  });

  edges.forEach((edge, j) => {
    const at = `${path}.edges[${j}]`;
    const fromKind = kinds.get(edge.from);
    const toKind = kinds.get(edge.to);
    if (fromKind === undefined) {
      errors.push({
        path: `${at}.from`,
        message: `${chartName}第 ${j + 1} 条连线的起点（from）「${edge.from}」不是图中的节点`,
      });
    }
    if (toKind === undefined) {
      errors.push({
        path: `${at}.to`,
        message: `${chartName}第 ${j + 1} 条连线的终点（to）「${edge.to}」不是图中的节点`,
      });
    }
    if (fromKind !== undefined && edge.from === edge.to) {
      errors.push({
        path: `${at}.to`,
        message: `${chartName}第 ${j + 1} 条连线从节点「${edge.from}」指向它自身，连线的起点和终点不能相同`,
      });
      return;
    }
    if (toKind === 'START') {
      errors.push({
        path: `${at}.to`,
        message: `${chartName}第 ${j + 1} 条连线指向开始节点「${edge.to}」，开始节点不能有流入的连线`,
      });
    }
    if (fromKind === 'END') {
      errors.push({
        path: `${at}.from`,
        message: `${chartName}第 ${j + 1} 条连线从结束节点「${edge.from}」流出，结束节点不能有流出的连线`,
      });
    }
  });
  return errors;
}

/**
 * The plainly invalid numbers and kinds of a discretion benchmark, with paths under `path` (e.g.
 * `draft.discretion`): a negative or non-finite fine, an unknown circumstance kind. A range
 * upside down or tiers that do not rise are problems (discretion.check.ts), not integrity.
 */
export function discretionIntegrityErrors(d: DiscretionBenchmarkData, path: string): FieldError[] {
  const errors: FieldError[] = [];
  (d.tiers ?? []).forEach((tier, i) => {
    const who = blank(tier.level) ? `第 ${i + 1} 档` : `第 ${i + 1} 档「${tier.level}」`;
    for (const field of ['minFine', 'maxFine'] as const) {
      if (badAmount(tier[field])) {
        errors.push({
          path: `${path}.tiers[${i}].${field}`,
          message: `裁量基准${who}的${field === 'minFine' ? '最低' : '最高'}罚款金额（${field}）不能为负数`,
        });
      }
    }
  });
  (d.circumstances ?? []).forEach((c, i) => {
    if (!(CIRCUMSTANCE_KINDS as readonly string[]).includes(c.kind)) {
      errors.push({
        path: `${path}.circumstances[${i}].kind`,
        message: `裁量基准第 ${i + 1} 个情形的种类（kind）「${String(c.kind)}」无效，应为 NO_PENALTY、MITIGATED、LIGHTER 或 HEAVIER`,
      });
    }
  });
  return errors;
}

/**
 * All the structural errors of a power's content under `path` (e.g. `draft`): both flowcharts,
 * the discretion benchmark, and negative or fractional time limits.
 */
export function contentIntegrityErrors(content: PowerContent, path: string): FieldError[] {
  const errors: FieldError[] = [];
  for (const field of ['legalTimeLimitDays', 'promisedTimeLimitDays'] as const) {
    if (badDays(content[field])) {
      errors.push({
        path: `${path}.${field}`,
        message: `${field === 'legalTimeLimitDays' ? '法定' : '承诺'}时限（${field}）应为不小于 0 的整数个工作日`,
      });
    }
  }
  if (content.externalFlow) {
    errors.push(...flowIntegrityErrors(content.externalFlow, `${path}.externalFlow`, 'external'));
  }
  if (content.internalFlow) {
    errors.push(...flowIntegrityErrors(content.internalFlow, `${path}.internalFlow`, 'internal'));
  }
  if (content.discretion) {
    errors.push(...discretionIntegrityErrors(content.discretion, `${path}.discretion`));
  }
  return errors;
}
