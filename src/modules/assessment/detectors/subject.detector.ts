import type { Detector } from '../detector';

/** Provincial item 36, municipal 39 (实施主体): subject kind missing; entrusted with no entrusting party. */
export const subject: Detector = async (input) => input.state('subject');
