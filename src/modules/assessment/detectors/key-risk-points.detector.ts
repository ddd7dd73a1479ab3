import type { Detector } from '../detector';

/** District item 11 (重点权力风险点): a live key power with no risk point, or one without measures. */
export const keyRiskPoints: Detector = async (input) => input.state('key-risk-points');
