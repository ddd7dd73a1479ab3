import type { Detector } from '../detector';
import { powersWithProblems, problemCodesOf } from '../detector';

/** District item 11 (重点权力风险点): a live key power with no risk point, or one without measures. */
export const keyRiskPoints: Detector = async (input) =>
  powersWithProblems(
    input,
    problemCodesOf(input, 'key-risk-points'),
    '重点权力风险防控不到位',
    (p) => p.content.isKey === true,
  );
