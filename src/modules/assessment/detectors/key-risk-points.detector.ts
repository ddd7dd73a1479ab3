import type { Detector } from '../detector';
import { powersWithProblems } from '../detector';

const CODES = new Set(['KEY_POWER_NO_RISK_POINT', 'RISK_POINT_NO_MEASURES']);

/** District item 11 (重点权力风险点): a live key power with no risk point, or one without measures. */
export const keyRiskPoints: Detector = async (input) =>
  powersWithProblems(input, CODES, '重点权力风险防控不到位', (p) => p.content.isKey === true);
