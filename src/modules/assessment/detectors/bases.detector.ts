import type { Detector } from '../detector';
import { powersWithProblems } from '../detector';

const CODES = new Set([
  'LEGAL_BASIS_MISSING',
  'LEGAL_BASIS_NO_ARTICLES',
  'LEGAL_BASIS_INCOMPLETE_DOCUMENT',
  'LEGAL_BASIS_UNKNOWN_DOCUMENT',
  'LEGAL_BASIS_REPEALED',
]);

/** Provincial item 37, municipal 40 (权力依据): a basis with no articles, issuer or date; a repealed document cited. */
export const bases: Detector = async (input) => powersWithProblems(input, CODES, '权力依据不准确');
