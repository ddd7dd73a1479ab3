import type { Detector } from '../detector';

/**
 * Provincial item 34, municipal 37 (清理和编码): a code that breaks the region's coding rule. Codes
 * are unique in the database, so a repeated code cannot be stored.
 */
export const coding: Detector = async (input) => input.state('coding');
