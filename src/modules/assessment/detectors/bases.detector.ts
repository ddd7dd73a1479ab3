import type { Detector } from '../detector';
import { powersWithProblems, problemCodesOf } from '../detector';

/** Provincial item 37, municipal 40 (权力依据): a basis with no articles, issuer or date; a repealed document cited. */
export const bases: Detector = async (input) =>
  powersWithProblems(input, problemCodesOf(input, 'bases'), '权力依据不准确');
