import type { Detector } from '../detector';
import { powersWithProblems } from '../detector';

const CODES = new Set([
  'INTERNAL_FLOW_MISSING',
  'INTERNAL_STEP_NO_POST',
  'INTERNAL_STEP_NO_DUTY',
  'INTERNAL_STEP_NO_TIME_LIMIT',
  'INTERNAL_STEP_NO_EXTERNAL_KEY',
  'INTERNAL_STEP_UNKNOWN_EXTERNAL',
  'EXTERNAL_STEP_NOT_COVERED',
  'INTERNAL_FLOW_NOT_FILED',
  'INTERNAL_TIME_EXCEEDS_LEGAL',
]);

/**
 * District item 7, provincial 39, municipal 42 (内部流程图): not linked to the external steps; a
 * step with no post, duty or time limit; not filed. One case per live power.
 */
export const internalFlowchart: Detector = async (input) =>
  powersWithProblems(input, CODES, '内部流程图不符合要求');
