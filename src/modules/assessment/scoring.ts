import { hash } from 'node:crypto';

import type { DetectedCase } from './detector';
import type { SchemeData, SchemeItemData } from './scheme';
import type { AppealRef, DeductionData, ItemScoreData } from './scorecard.types';

/** Points to two decimals, as the tables write them. */
export const round2 = (x: number): number => Math.round((x + Number.EPSILON) * 100) / 100;

const cents = (x: number): number => Math.round((x + Number.EPSILON) * 100);

/** A manual finding an assessor recorded (withdrawn ones are not scored). */
export interface FindingCase {
  id: string;
  unitId: string;
  points: number;
  reason: string;
  occurredOn: string;
}

/**
 * A deduction's id: a digest of the scheme, the item and the evidence (unit, power, version,
 * request, obligation, record, and the detector's key where one record yields several cases),
 * written as a UUID. It stays the same while the evidence does, whatever day the card is run on,
 * so an appeal filed against it finds it again.
 */
export function deductionId(scheme: string, itemCode: string, c: DetectedCase): string {
  // the one-shot digest: createHash's object and its update and digest calls cost twice as much,
  // 6 of the city card's 200 ms (3,953 deductions)
  const h = hash(
    'sha256',
    JSON.stringify([
      scheme,
      itemCode,
      c.unitId,
      c.powerId ?? null,
      c.versionId ?? null,
      c.changeRequestId ?? null,
      c.obligationId ?? null,
      c.recordId ?? null,
      c.key ?? null,
    ]),
    'hex',
  );
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Splits `total` cents over shares proportional to `weights` by largest remainder: each share gets
 * the floor of its exact part, and the cents left go one each to the largest fractional parts
 * (ties to the earlier). The shares add up to `total` exactly. All weights 0: all shares 0.
 */
export function largestRemainder(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, w) => a + w, 0);
  if (sum <= 0 || total <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (total * w) / sum);
  const out = exact.map((x) => Math.floor(x + 1e-9));
  let left = total - out.reduce((a, x) => a + x, 0);
  const order = exact
    .map((x, i) => ({ i, frac: x - out[i] }))
    .sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (let k = 0; left > 0 && k < order.length; k++, left--) out[order[k].i] += 1;
  return out;
}

/**
 * 扣完为止: each amount in order takes what it asks for while the cap lasts, then what is left,
 * then nothing; in cents, so the takings add up to min(cap, sum) exactly.
 */
export function fillToCap(amounts: readonly number[], cap: number): number[] {
  let left = cap;
  return amounts.map((a) => {
    const take = Math.min(a, left);
    left -= take;
    return take;
  });
}

/** What the scoring of an item needs besides its cases: the appeals decided on its deductions. */
export interface ItemExtras {
  /** the latest appeal on each deduction of the scheme, by deduction id */
  appeals?: ReadonlyMap<string, AppealRef>;
  /**
   * cases counted but not listed (a ranking shows no evidence): each a record of its own with no
   * appeal decided on it, after the listed ones
   */
  counted?: number;
}

function deduction(
  scheme: SchemeData,
  item: SchemeItemData,
  c: DetectedCase,
  appeals: ReadonlyMap<string, AppealRef>,
): DeductionData {
  const id = deductionId(scheme.code, item.code, c);
  return {
    id,
    itemCode: item.code,
    points: 0,
    reason: c.reason,
    occurredOn: c.occurredOn,
    unitId: c.unitId,
    powerId: c.powerId ?? null,
    versionId: c.versionId ?? null,
    changeRequestId: c.changeRequestId ?? null,
    obligationId: c.obligationId ?? null,
    recordId: c.recordId ?? null,
    manual: false,
    findingId: null,
    appeal: appeals.get(id) ?? null,
  };
}

function manualDeduction(
  item: SchemeItemData,
  f: FindingCase,
  appeals: ReadonlyMap<string, AppealRef>,
): DeductionData {
  return {
    id: f.id,
    itemCode: item.code,
    points: 0,
    reason: f.reason,
    occurredOn: f.occurredOn,
    unitId: f.unitId,
    powerId: null,
    versionId: null,
    changeRequestId: null,
    obligationId: null,
    recordId: null,
    manual: true,
    findingId: f.id,
    appeal: appeals.get(f.id) ?? null,
  };
}

const overturned = (d: DeductionData): boolean => d.appeal?.status === 'OVERTURNED';

/**
 * An item's score as one object literal of every field: building it as `{ ...base, more }` cost
 * about 15 µs an item on Node 20 (the spread's copy, then each added field, went the slow path),
 * which was most of composing a province's 1,000 cards × 47 items.
 */
function itemScore(
  item: SchemeItemData,
  r: Pick<
    ItemScoreData,
    'capped' | 'cases' | 'assessed' | 'applicable' | 'compliant' | 'deductions'
  >,
  deducted: number,
  score: number,
): ItemScoreData {
  return {
    code: item.code,
    no: item.no,
    requirement: item.requirement,
    scoring: item.scoring,
    derived: item.derived,
    kind: item.kind,
    assessed: r.assessed,
    maxPoints: item.maxPoints,
    deducted,
    score,
    capped: r.capped,
    cases: r.cases,
    applicable: r.applicable,
    compliant: r.compliant,
    deductions: r.deductions,
  };
}

/**
 * The score of one item (DOMAIN.md, "Scoring" and "Scores never overstate"); its deductions' points
 * always add up exactly to its `deducted`, and a deduction overturned on appeal lists with 0 points:
 * - district (PER_CASE) derived items lose `perCase` points a case, never below zero (扣完为止):
 *   the cases past the cap are listed with 0 points, and `capped` says there were more;
 * - provincial and municipal (WEIGHTED) derived items score weight × the share of applicable
 *   records that comply, the full weight when nothing applies (`shareWhenNoRecords`); the points
 *   lost are split over the failing records by largest remainder at 0.01;
 * - manual items score from assessors' findings (derived items take none), capped at the item's
 *   points; a bonus item's findings add points, a penalty item's take them. A manual item is
 *   `assessed` once it has a finding, even of 0 points; until then it is not scored: 0 points
 *   scored, 0 deducted, and its points stay out of the card's maximum (scores never overstate).
 */
export function scoreItem(
  scheme: SchemeData,
  item: SchemeItemData,
  cases: DetectedCase[],
  applicable: number,
  findings: FindingCase[],
  extras: ItemExtras = {},
): ItemScoreData {
  const appeals = extras.appeals ?? new Map<string, AppealRef>();
  const maxCents = cents(item.maxPoints);

  if (!item.derived) {
    const manual = findings.map((f) => manualDeduction(item, f, appeals));
    const asked = manual.map((d, i) => (overturned(d) ? 0 : cents(findings[i].points)));
    const taken = fillToCap(asked, maxCents);
    manual.forEach((d, i) => (d.points = taken[i] / 100));
    const sum = taken.reduce((a, x) => a + x, 0) / 100;
    const capped = asked.reduce((a, x) => a + x, 0) > maxCents;
    const common = {
      capped,
      cases: findings.length,
      assessed: findings.length > 0,
      applicable: null,
      compliant: null,
      deductions: manual,
    };
    // not yet assessed: not scored (得分 empty, 未评), outside the card's maximum
    if (!findings.length) return itemScore(item, common, 0, 0);
    if (item.kind === 'BONUS') return itemScore(item, common, 0, sum);
    // a 减分 row stands outside the 100: it adds only the points it takes off
    if (item.kind === 'PENALTY') return itemScore(item, common, sum, sum ? -sum : 0);
    return itemScore(item, common, sum, round2(item.maxPoints - sum));
  }

  const deductions = cases.map((c) => deduction(scheme, item, c, appeals));
  const counted = extras.counted ?? 0;

  if (scheme.kind === 'PER_CASE') {
    const perCase = cents(item.perCase ?? 1);
    const asked = [
      ...deductions.map((d) => (overturned(d) ? 0 : perCase)),
      ...Array.from({ length: counted }, () => perCase),
    ];
    const taken = fillToCap(asked, maxCents);
    deductions.forEach((d, i) => (d.points = taken[i] / 100));
    const deducted = taken.reduce((a, x) => a + x, 0) / 100;
    return itemScore(
      item,
      {
        capped: asked.reduce((a, x) => a + x, 0) > maxCents,
        cases: cases.length + counted,
        assessed: true,
        applicable: null,
        compliant: null,
        deductions,
      },
      deducted,
      round2(item.maxPoints - deducted),
    );
  }

  // WEIGHTED: a record with several cases (an obligation met late and …) counts once, by its
  // first case still standing; a record whose every case was overturned complies
  const keyOf = (c: DetectedCase) =>
    c.recordId ?? c.obligationId ?? c.changeRequestId ?? c.powerId ?? c.reason;
  const firstOf = new Map<string, number>();
  const records = new Set<string>();
  cases.forEach((c, i) => {
    records.add(keyOf(c));
    if (overturned(deductions[i])) return;
    if (!firstOf.has(keyOf(c))) firstOf.set(keyOf(c), i);
  });
  const failing = firstOf.size + counted;
  const judged = Math.max(applicable, records.size + counted);
  const noRecords = Number(scheme.parameters.shareWhenNoRecords?.value ?? 1);
  const share = judged === 0 ? noRecords : (judged - failing) / judged;
  const deductedCents = Math.max(0, maxCents - cents(item.maxPoints * share));
  const carriers = [...firstOf.values()];
  // the unlisted cases take their shares after the listed ones
  const split = largestRemainder(
    deductedCents,
    Array.from({ length: carriers.length + counted }, () => 1),
  );
  carriers.forEach((i, k) => (deductions[i].points = split[k] / 100));
  const deducted = deductedCents / 100;
  return itemScore(
    item,
    {
      capped: false,
      cases: cases.length + counted,
      assessed: true,
      applicable: judged,
      compliant: judged - failing,
      deductions,
    },
    deducted,
    round2(item.maxPoints - deducted),
  );
}
