import type { Detector } from '../detector';

/**
 * District item 8, provincial 40 and 41, municipal 44 and 45 (行政处罚自由裁量基准): a live penalty
 * with no benchmark, fewer than three tiers, no circumstances or rules, or not adjusted and
 * re-filed after its bases changed (DISCRETION_NOT_READJUSTED). Only penalties apply.
 */
export const discretionBenchmark: Detector = async (input) => input.state('discretion-benchmark');
