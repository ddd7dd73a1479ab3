import type { Detector } from '../detector';
import { powersWithProblems, problemCodesOf } from '../detector';

/** Provincial item 35, municipal 38 (权力名称): two live powers of a unit with one name — both count. */
export const nameUnique: Detector = async (input) =>
  powersWithProblems(input, problemCodesOf(input, 'name-unique'), '一项权力一个名称');
