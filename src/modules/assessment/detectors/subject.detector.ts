import type { Detector } from '../detector';
import { powersWithProblems, problemCodesOf } from '../detector';

/** Provincial item 36, municipal 39 (实施主体): subject kind missing; entrusted with no entrusting party. */
export const subject: Detector = async (input) =>
  powersWithProblems(input, problemCodesOf(input, 'subject'), '实施主体不明确');
