import type { Detector } from '../detector';
import type { DetectorId } from '../scheme';

import { bases } from './bases.detector';
import { changesFiled } from './changes-filed.detector';
import { coding } from './coding.detector';
import { discretionBenchmark } from './discretion-benchmark.detector';
import { dormantActive } from './dormant-active.detector';
import { elementsComplete } from './elements-complete.detector';
import { enforcementOfficers } from './enforcement-officers.detector';
import { externalFlowchart } from './external-flowchart.detector';
import { internalFlowchart } from './internal-flowchart.detector';
import { keyRiskPoints } from './key-risk-points.detector';
import { majorPenalties } from './major-penalties.detector';
import { nameUnique } from './name-unique.detector';
import { normativeDocuments } from './normative-documents.detector';
import { reconsideration } from './reconsideration.detector';
import { subject } from './subject.detector';
import { suspension } from './suspension.detector';

/** Every detector by the id the schemes name. */
export const DETECTORS: Record<DetectorId, Detector> = {
  'changes-filed': changesFiled,
  'external-flowchart': externalFlowchart,
  'internal-flowchart': internalFlowchart,
  'discretion-benchmark': discretionBenchmark,
  'dormant-active': dormantActive,
  'elements-complete': elementsComplete,
  'key-risk-points': keyRiskPoints,
  coding,
  'name-unique': nameUnique,
  subject,
  bases,
  suspension,
  'normative-documents': normativeDocuments,
  'enforcement-officers': enforcementOfficers,
  'major-penalties': majorPenalties,
  reconsideration,
};
