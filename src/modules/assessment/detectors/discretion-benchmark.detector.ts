import type { Detector } from '../detector';
import { powersWithProblems, problemCodesOf } from '../detector';

/**
 * District item 8, provincial 40 and 41, municipal 44 and 45 (行政处罚自由裁量基准): a live penalty
 * with no benchmark, fewer than three tiers, no circumstances or rules, or not adjusted and
 * re-filed after its bases changed (DISCRETION_NOT_READJUSTED). Only penalties apply.
 */
export const discretionBenchmark: Detector = async (input) =>
  powersWithProblems(
    input,
    problemCodesOf(input, 'discretion-benchmark'),
    '行政处罚自由裁量基准不符合要求',
    (p) => p.content.category === 'PENALTY',
  );
