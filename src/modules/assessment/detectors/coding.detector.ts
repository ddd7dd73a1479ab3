import type { Detector } from '../detector';
import { powersWithProblems } from '../detector';

const CODES = new Set([
  'CODE_MISSING',
  'CODE_BAD_FORMAT',
  'CODE_UNIT_MISMATCH',
  'CODE_CATEGORY_MISMATCH',
]);

/**
 * Provincial item 34, municipal 37 (清理和编码): a code that breaks the region's coding rule. Codes
 * are unique in the database, so a repeated code cannot be stored.
 */
export const coding: Detector = async (input) =>
  powersWithProblems(input, CODES, '权力编码不符合编码规则');
