import type { Detector } from '../detector';
import { powersWithProblems } from '../detector';

/** Provincial item 36, municipal 39 (实施主体): subject kind missing; entrusted with no entrusting party. */
export const subject: Detector = async (input) =>
  powersWithProblems(
    input,
    new Set(['SUBJECT_MISSING', 'SUBJECT_TYPE_MISSING', 'ENTRUSTED_NO_PARTY']),
    '实施主体不明确',
  );
