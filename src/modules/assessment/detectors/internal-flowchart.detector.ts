import type { Detector } from '../detector';

/**
 * District item 7, provincial 39, municipal 42 (内部流程图): not linked to the external steps; a
 * step with no post, duty or time limit; not filed. One case per live power.
 */
export const internalFlowchart: Detector = async (input) => input.state('internal-flowchart');
