import type { Detector } from '../detector';

/**
 * District item 10, provincial 42, municipal 46 (要素齐全): a power missing a required element —
 * name, category, subject, a basis with articles, time limit, flowcharts.
 */
export const elementsComplete: Detector = async (input) => input.state('elements-complete');
