import type { Detector } from '../detector';

/**
 * District item 6, provincial 38, municipal 41 (外部流程图): a live power with no external
 * flowchart, an invalid one, one missing supervision / rights / complaint content, or one not
 * re-approved after a change of its bases (EXTERNAL_FLOW_NOT_REAPPROVED). One case per power, its
 * defects listed.
 */
export const externalFlowchart: Detector = async (input) => input.state('external-flowchart');
