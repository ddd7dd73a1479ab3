/**
 * Risk points (风险点) on internal steps: a description, a level and the prevention measures.
 * Every key power needs at least one, each with measures (DOMAIN.md). District item 11.
 */
import type { PowerContent, Problem } from '../../catalog/power-content';
import { nodeName } from '../graph';
import { problem } from '../problem-codes';

/**
 * KEY_POWER_NO_RISK_POINT: a key power (isKey) with no risk point on any node of its internal
 * chart (or with no internal chart). District item 11.
 */
export function keyPowerRiskProblems(content: PowerContent): Problem[] {
  if (!content.isKey) return [];
  const any = (content.internalFlow?.nodes ?? []).some((n) => (n.riskPoints ?? []).length > 0);
  return any
    ? []
    : [
        problem(
          'KEY_POWER_NO_RISK_POINT',
          '重点权力须在内部流程图的环节上标注至少一个风险点，并写明防控措施',
          'internalFlow.nodes',
        ),
      ];
}

/** RISK_POINT_NO_MEASURES: a risk point of an internal step with empty measures. District item 11. */
export function riskMeasureProblems(content: PowerContent): Problem[] {
  const out: Problem[] = [];
  (content.internalFlow?.nodes ?? []).forEach((node, i) => {
    (node.riskPoints ?? []).forEach((rp, k) => {
      if (rp.measures?.trim()) return;
      const what = rp.description?.trim()
        ? `风险点「${rp.description.trim()}」`
        : `第 ${k + 1} 个风险点`;
      out.push(
        problem(
          'RISK_POINT_NO_MEASURES',
          `内部环节${nodeName(node)}的${what}未写明防控措施`,
          `internalFlow.nodes[${i}].riskPoints[${k}].measures`,
        ),
      );
    });
  });
  return out;
}

/** All risk-point checks. District item 11. */
export function riskPointProblems(content: PowerContent): Problem[] {
  return [...keyPowerRiskProblems(content), ...riskMeasureProblems(content)];
}
