import type { Detector } from '../detector';

/** Provincial item 37, municipal 40 (权力依据): a basis with no articles, issuer or date; a repealed document cited. */
export const bases: Detector = async (input) => input.state('bases');
