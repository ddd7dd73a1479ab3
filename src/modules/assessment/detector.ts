import type { EntityManager } from 'typeorm';

import type { LegalBasisData, PowerCategory, PowerStatus, Problem } from '../catalog/power-content';
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
  /**
   * cases counted but not listed, by unit (a ranking, which shows no evidence): each one record
   * of its own (a power) with no appeal decided on it
   */
  counted?: Map<string, number>;
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
export interface PowerSnapshot extends LivePower {
  content: SnapshotContent;
  problems: Problem[];
}

/** A live power as it stood at the period's end. */
export interface LivePower {
  powerId: string;
  unitId: string;
  code: string;
  versionId: string;
  status: PowerStatus;
  content: Pick<SnapshotContent, 'code' | 'name' | 'category' | 'isKey'>;
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
  /**
   * `evidence` (a scorecard): every case is listed with its reason; `scores` (a ranking, which
   * shows no evidence): a detector may count a unit's cases in SQL and report them through
   * `DetectorResult.counted`, listing only those of the units with an appeal overturned on one of
   * its items (`listsCases`), which need their cases for the appeal to count
   */
  mode: 'evidence' | 'scores';
  /** what a state-based detector found: counted in SQL over the whole scope at once */
  state(detector: StateDetectorId): DetectorResult;
  /** a scheme parameter's value */
  param<T extends number | string | string[]>(name: string, fallback: T): T;
}

export type Detector = (input: DetectorInput) => Promise<DetectorResult>;

/** Which live powers a state-based item judges. */
export type PowerFilter = 'all' | 'key' | 'penalty';

/** A state-based item: the lead of its reasons and the powers it judges. */
export interface StateItemSpec {
  lead: string;
  filter: PowerFilter;
}

/**
 * The state-based detectors: a live power is one case when its problems carry a code of the
 * item (`problemCodesOf`), however many; counted in SQL (`stateFindings`), and the evidence
 * (the reasons, from the problems' messages) built in Node for the defective powers only.
 */
export const STATE_ITEMS = {
  bases: { lead: '权力依据不准确', filter: 'all' },
  coding: { lead: '权力编码不符合编码规则', filter: 'all' },
  'discretion-benchmark': { lead: '行政处罚自由裁量基准不符合要求', filter: 'penalty' },
  'elements-complete': { lead: '权力要素不齐全', filter: 'all' },
  'external-flowchart': { lead: '外部流程图不符合要求', filter: 'all' },
  'internal-flowchart': { lead: '内部流程图不符合要求', filter: 'all' },
  'key-risk-points': { lead: '重点权力风险防控不到位', filter: 'key' },
  'name-unique': { lead: '一项权力一个名称', filter: 'all' },
  subject: { lead: '实施主体不明确', filter: 'all' },
} as const satisfies Partial<Record<DetectorId, StateItemSpec>>;

export type StateDetectorId = keyof typeof STATE_ITEMS;

export function isStateDetector(id: string): id is StateDetectorId {
  return Object.hasOwn(STATE_ITEMS, id);
}

/** Whether the item judges this power. */
export function itemJudges(filter: PowerFilter, p: Pick<LivePower, 'content'>): boolean {
  return filter === 'key'
    ? p.content.isKey === true
    : filter === 'penalty'
      ? p.content.category === 'PENALTY'
      : true;
}

/** Counts each live power of the snapshot as one applicable record of its unit. */
export function perPowerApplicable(
  snapshot: readonly PowerSnapshot[],
  include: (p: PowerSnapshot) => boolean = () => true,
) {
  const m = new Map<string, number>();
  for (const p of snapshot) if (include(p)) m.set(p.unitId, (m.get(p.unitId) ?? 0) + 1);
  return m;
}

/**
 * A state-based item over powers with their problems: a power is one case, however many of the
 * listed problems it has; the reason lists them all. The reference the SQL counts are held to,
 * and what builds the evidence of the defective powers.
 */
export function powersWithProblems(
  input: { snapshot: readonly PowerSnapshot[]; through: string },
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
