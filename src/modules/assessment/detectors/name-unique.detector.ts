import type { Detector } from '../detector';

/** Provincial item 35, municipal 38 (权力名称): two live powers of a unit with one name — both count. */
export const nameUnique: Detector = async (input) => input.state('name-unique');
