import type { EntityManager } from 'typeorm';

import type {
  LegalBasisData,
  LegalDocumentFacts,
  PowerCategory,
  PowerStatus,
  Problem,
} from '../catalog/power-content';
import { codesFeeding } from '../flow/problem-codes';

import { schemeItems, type DetectorId, type SchemeData } from './scheme';

/** One case a detector found: the unit it counts against, why, and the record behind it. */
export interface DetectedCase {
  unitId: string;
  reason: string;
  occurredOn: string | null;
  powerId?: string | null;
  versionId?: string | null;
  changeRequestId?: string | null;
  obligationId?: string | null;
  recordId?: string | null;
  /** tells apart the cases one record yields (an officer updated late and not via the platform) */
  key?: string | null;
}

/** What a detector reports: its cases, and per unit how many records it judged (weighted schemes). */
export interface DetectorResult {
  cases: DetectedCase[];
  applicable: Map<string, number>;
}

/**
 * What the detectors read of a version's content besides its problems: the scalar elements, the
 * bases, and the dates of the external chart's approval and the benchmark's adjustment and filing
 * (the flowcharts and benchmarks themselves are judged by the stored content checks).
 */
export interface SnapshotContent {
  code: string;
  name: string;
  category: PowerCategory | null;
  isKey: boolean;
  legalBases: LegalBasisData[];
  /** null when the version has no external chart */
  externalFlow: { approvedOn: string | null } | null;
  /** null when the version has no benchmark */
  discretion: { adjustedOn: string | null; filedOn: string | null } | null;
}

/** A power as it stood at the period's end, with the problems of the version then in force. */
export interface PowerSnapshot {
  powerId: string;
  unitId: string;
  code: string;
  versionId: string;
  versionNo: number;
  validFrom: Date;
  status: PowerStatus;
  createdAt: Date;
  content: SnapshotContent;
  problems: Problem[];
}

/** What every detector gets: the period, the units in scope, the catalog as of the period's end. */
export interface DetectorInput {
  m: EntityManager;
  scheme: SchemeData;
  unitIds: string[];
  /** the period, inclusive dates in China Standard Time */
  from: string;
  to: string;
  /**
   * the instant the records are judged at: the period's end (`to` + 1 day, 00:00 +08:00), or now
   * while the period runs
   */
  asOf: Date;
  /** the China Standard Time date of `asOf`: a due date before it has passed, one on or after it not yet */
  asOfDate: string;
  /** the last day read: `to`, or today while the period runs */
  through: string;
  /** live powers (not cancelled) as of `asOf` */
  snapshot: PowerSnapshot[];
  documents: ReadonlyMap<string, LegalDocumentFacts>;
  /** a scheme parameter's value */
  param<T extends number | string | string[]>(name: string, fallback: T): T;
}

export type Detector = (input: DetectorInput) => Promise<DetectorResult>;

/** Counts each live power of the snapshot as one applicable record of its unit. */
export function perPowerApplicable(
  snapshot: PowerSnapshot[],
  include: (p: PowerSnapshot) => boolean = () => true,
) {
  const m = new Map<string, number>();
  for (const p of snapshot) if (include(p)) m.set(p.unitId, (m.get(p.unitId) ?? 0) + 1);
  return m;
}

/**
 * A state-based item: a power is one case, however many of the listed problems it has; the
 * reason lists them all.
 */
export function powersWithProblems(
  input: DetectorInput,
  codes: ReadonlySet<string>,
  lead: string,
  include: (p: PowerSnapshot) => boolean = () => true,
): DetectorResult {
  const cases: DetectedCase[] = [];
  for (const p of input.snapshot) {
    if (!include(p)) continue;
    const found = p.problems.filter((x) => codes.has(x.code));
    if (!found.length) continue;
    cases.push({
      unitId: p.unitId,
      powerId: p.powerId,
      versionId: p.versionId,
      occurredOn: input.through,
      reason: `${lead}：权力事项 ${p.code}「${p.content.name ?? ''}」${found.map((x) => x.message).join('；')}`,
    });
  }
  return { cases, applicable: perPowerApplicable(input.snapshot, include) };
}

/**
 * The problem codes that are cases of the items this detector scores in the input's scheme: read
 * from the one map of problem codes to items (`PROBLEM_CODES`, `codesFeeding`), which
 * `Power.problems` shows too.
 */
export function problemCodesOf(
  input: Pick<DetectorInput, 'scheme'>,
  detector: DetectorId,
): Set<string> {
  const nos = schemeItems(input.scheme)
    .filter((i) => i.detector === detector)
    .map((i) => Number(i.code));
  return codesFeeding(input.scheme.code, nos);
}
