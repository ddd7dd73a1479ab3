import type { Detector } from '../detector';
import type { EventDetector } from '../event-statement';
import type { DetectorId } from '../scheme';

import { bases } from './bases.detector';
import { changesFiled, changesFiledEvents } from './changes-filed.detector';
import { coding } from './coding.detector';
import { discretionBenchmark } from './discretion-benchmark.detector';
import { dormantActive, dormantActiveEvents } from './dormant-active.detector';
import { elementsComplete } from './elements-complete.detector';
import { enforcementOfficers, enforcementOfficersEvents } from './enforcement-officers.detector';
import { externalFlowchart } from './external-flowchart.detector';
import { internalFlowchart } from './internal-flowchart.detector';
import { keyRiskPoints } from './key-risk-points.detector';
import { majorPenalties, majorPenaltiesEvents } from './major-penalties.detector';
import { nameUnique } from './name-unique.detector';
import { normativeDocuments, normativeDocumentsEvents } from './normative-documents.detector';
import { reconsideration, reconsiderationEvents } from './reconsideration.detector';
import { subject } from './subject.detector';
import { suspension, suspensionEvents } from './suspension.detector';

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

/**
 * The event-based detectors as SQL parts: a card runs those its scheme names together in one
 * statement (`runEventDetectors`), with its findings and appeals.
 */
export const EVENT_DETECTORS: Partial<Record<DetectorId, EventDetector>> = {
  'changes-filed': changesFiledEvents,
  'dormant-active': dormantActiveEvents,
  'enforcement-officers': enforcementOfficersEvents,
  'major-penalties': majorPenaltiesEvents,
  'normative-documents': normativeDocumentsEvents,
  reconsideration: reconsiderationEvents,
  suspension: suspensionEvents,
};
