import type { Detector } from '../detector';
import { powersWithProblems } from '../detector';

const CODES = new Set([
  'NAME_MISSING',
  'CATEGORY_MISSING',
  'SUBJECT_MISSING',
  'SUBJECT_TYPE_MISSING',
  'LEGAL_BASIS_MISSING',
  'LEGAL_BASIS_NO_ARTICLES',
  'TIME_LIMIT_MISSING',
  'EXTERNAL_FLOW_MISSING',
  'INTERNAL_FLOW_MISSING',
]);

/**
 * District item 10, provincial 42, municipal 46 (要素齐全): a power missing a required element —
 * name, category, subject, a basis with articles, time limit, flowcharts.
 */
export const elementsComplete: Detector = async (input) =>
  powersWithProblems(input, CODES, '权力要素不齐全');
