import type { DetectedCase } from './detector';
import type { SchemeData, SchemeItemData } from './scheme';
import type { DeductionData, ItemScoreData } from './scorecard.types';

/** Points to two decimals, as the tables write them. */
export const round2 = (x: number): number => Math.round((x + Number.EPSILON) * 100) / 100;

/** A manual finding an assessor recorded. */
export interface FindingCase {
  id: string;
  unitId: string;
  points: number;
  reason: string;
  occurredOn: string;
}

function deduction(item: SchemeItemData, c: DetectedCase, points: number): DeductionData {
  return {
    itemCode: item.code,
    points: round2(points),
    reason: c.reason,
    occurredOn: c.occurredOn,
    unitId: c.unitId,
    powerId: c.powerId ?? null,
    versionId: c.versionId ?? null,
    changeRequestId: c.changeRequestId ?? null,
    obligationId: c.obligationId ?? null,
    recordId: c.recordId ?? null,
    manual: false,
  };
}

function manualDeduction(item: SchemeItemData, f: FindingCase): DeductionData {
  return {
    itemCode: item.code,
    points: round2(f.points),
    reason: f.reason,
    occurredOn: f.occurredOn,
    unitId: f.unitId,
    powerId: null,
    versionId: null,
    changeRequestId: null,
    obligationId: null,
    recordId: f.id,
    manual: true,
  };
}

/**
 * The score of one item (DOMAIN.md, "Scoring"):
 * - district (PER_CASE) derived items lose `perCase` points a case, never below zero (扣完为止),
 *   `capped` when the cases exceed the points;
 * - provincial and municipal (WEIGHTED) derived items score weight × the share of applicable
 *   records that comply, the full weight when nothing applies (`shareWhenNoRecords`);
 * - other items score from assessors' findings, capped at the item's points; a bonus item's
 *   findings add points, a penalty item's take them.
 */
export function scoreItem(
  scheme: SchemeData,
  item: SchemeItemData,
  cases: DetectedCase[],
  applicable: number,
  findings: FindingCase[],
): ItemScoreData {
  const base = {
    code: item.code,
    no: item.no,
    requirement: item.requirement,
    scoring: item.scoring,
    derived: item.derived,
    maxPoints: item.maxPoints,
  };
  const manual = findings.map((f) => manualDeduction(item, f));
  const manualPoints = findings.reduce((s, f) => s + f.points, 0);

  if (!item.derived || item.kind !== 'BASE') {
    const deducted = round2(Math.min(item.maxPoints, manualPoints));
    const capped = manualPoints > item.maxPoints + 1e-9;
    if (item.kind === 'BONUS') {
      return {
        ...base,
        deducted: 0,
        score: deducted,
        capped,
        cases: findings.length,
        applicable: null,
        compliant: null,
        deductions: manual,
      };
    }
    return {
      ...base,
      deducted,
      // a 减分 row stands outside the 100: it adds only the points it takes off
      score:
        item.kind === 'PENALTY' ? (deducted ? -deducted : 0) : round2(item.maxPoints - deducted),
      capped,
      cases: findings.length,
      applicable: null,
      compliant: null,
      deductions: manual,
    };
  }

  if (scheme.kind === 'PER_CASE') {
    const perCase = item.perCase ?? 1;
    const raw = cases.length * perCase + manualPoints;
    const deducted = round2(Math.min(item.maxPoints, raw));
    return {
      ...base,
      deducted,
      score: round2(item.maxPoints - deducted),
      capped: raw > item.maxPoints + 1e-9,
      cases: cases.length + findings.length,
      applicable: null,
      compliant: null,
      deductions: [...cases.map((c) => deduction(item, c, perCase)), ...manual],
    };
  }

  // WEIGHTED: a record with several cases (an obligation met late and …) counts once
  const failing = new Set(
    cases.map((c) => c.recordId ?? c.obligationId ?? c.changeRequestId ?? c.powerId ?? c.reason),
  ).size;
  const judged = Math.max(applicable, failing);
  const noRecords = Number(scheme.parameters.shareWhenNoRecords?.value ?? 1);
  const share = judged === 0 ? noRecords : (judged - failing) / judged;
  const weighted = item.maxPoints * share;
  const raw = item.maxPoints - weighted + manualPoints;
  const deducted = round2(Math.min(item.maxPoints, raw));
  const each = judged === 0 ? 0 : item.maxPoints / judged;
  const perRecord = new Map<string, number>();
  const deductions = cases.map((c) => {
    const key = c.recordId ?? c.obligationId ?? c.changeRequestId ?? c.powerId ?? c.reason;
    const first = !perRecord.has(key);
    perRecord.set(key, 1);
    return deduction(item, c, first ? each : 0);
  });
  return {
    ...base,
    deducted,
    score: round2(item.maxPoints - deducted),
    capped: raw > item.maxPoints + 1e-9,
    cases: cases.length + findings.length,
    applicable: judged,
    compliant: judged - failing,
    deductions: [...deductions, ...manual],
  };
}
