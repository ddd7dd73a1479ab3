import type { Detector } from '../detector';
import { powersWithProblems } from '../detector';

import { basesChangedAfter } from './bases-changed';
import { mergeByPower } from './external-flowchart.detector';

const CODES = new Set([
  'DISCRETION_MISSING',
  'DISCRETION_TOO_FEW_TIERS',
  'DISCRETION_TIER_INCOMPLETE',
  'DISCRETION_FINE_RANGE_INVERTED',
  'DISCRETION_TIERS_OVERLAP',
  'DISCRETION_TIERS_NOT_RISING',
  'DISCRETION_NO_NO_PENALTY_CIRCUMSTANCE',
  'DISCRETION_NO_HEAVIER_CIRCUMSTANCE',
  'DISCRETION_NO_RULES',
  'DISCRETION_NOT_FILED',
]);

/**
 * District item 8, provincial 40 and 41, municipal 44 and 45 (行政处罚自由裁量基准): a live penalty
 * with no benchmark, fewer than three tiers, no circumstances or rules, or not adjusted and
 * re-filed after its bases changed. Only penalties apply.
 */
export const discretionBenchmark: Detector = async (input) => {
  const penalty = (p: { content: { category?: string | null } }) =>
    p.content.category === 'PENALTY';
  const result = powersWithProblems(input, CODES, '行政处罚自由裁量基准不符合要求', penalty);
  const stale = await basesChangedAfter(
    input,
    (p) => {
      const d = p.content.discretion;
      const a = d?.adjustedOn ?? null;
      const f = d?.filedOn ?? null;
      // both the adjustment and its re-filing must come after the change
      return a && f ? (a < f ? a : f) : null;
    },
    '裁量基准未在依据修改后调整并重新备案',
    (p) => penalty(p) && !!p.content.discretion,
  );
  return { cases: mergeByPower(result.cases, stale), applicable: result.applicable };
};
