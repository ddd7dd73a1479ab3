/**
 * The pure composition of scorecards (DOMAIN.md, "Scoring"): from what the detectors found and the
 * assessors' findings to a card's sections and totals, a region's per-unit split, and a ranking.
 * No database: `AssessmentService` gathers the evaluation, these functions score it.
 */
import type { DetectorResult } from './detector';
import type { SchemeData } from './scheme';
import type { SectionScoreData } from './scorecard.types';
import { round2, scoreItem, type FindingCase } from './scoring';

/** What the detectors found for a set of units, per detector, and the findings on them. */
export interface Evaluation {
  byDetector: Map<string, DetectorResult>;
  findings: (FindingCase & { itemCode: string })[];
}

/** A card's sections and totals. */
export interface CardTotals {
  sections: SectionScoreData[];
  /** the points of the base sections */
  maxPoints: number;
  score: number;
  deducted: number;
}

/**
 * Scores every item of the scheme over an evaluation taken as one whole (a unit, or a region's
 * units together): a section scores the sum of its items; the card's maximum is the base
 * sections' points, its score every section's (bonus and penalty rows included).
 */
export function composeCard(scheme: SchemeData, ev: Evaluation): CardTotals {
  let max = 0;
  let total = 0;
  const sections: SectionScoreData[] = scheme.sections.map((s) => {
    const items = s.items.map((item) => {
      const found = item.detector ? ev.byDetector.get(item.detector) : undefined;
      let applicable = 0;
      for (const n of found?.applicable.values() ?? []) applicable += n;
      const findings = ev.findings.filter((f) => f.itemCode === item.code);
      return scoreItem(scheme, item, found?.cases ?? [], applicable, findings);
    });
    const score = round2(items.reduce((a, i) => a + i.score, 0));
    if (s.kind === 'BASE') max += s.maxPoints;
    total += score;
    return { code: s.code, name: s.name, maxPoints: s.maxPoints, score, items };
  });
  const score = round2(total);
  return { sections, maxPoints: round2(max), score, deducted: round2(Math.max(0, max - score)) };
}

/** Splits an evaluation of many units into one per unit, in one pass over the cases. */
export function splitByUnit(ev: Evaluation, unitIds: readonly string[]): Map<string, Evaluation> {
  const out = new Map<string, Evaluation>(
    unitIds.map((u) => [u, { byDetector: new Map(), findings: [] }]),
  );
  for (const [id, found] of ev.byDetector) {
    for (const u of unitIds) out.get(u)!.byDetector.set(id, { cases: [], applicable: new Map() });
    for (const c of found.cases) out.get(c.unitId)?.byDetector.get(id)!.cases.push(c);
    for (const [u, n] of found.applicable) out.get(u)?.byDetector.get(id)!.applicable.set(u, n);
  }
  for (const f of ev.findings) out.get(f.unitId)?.findings.push(f);
  return out;
}

/** A unit's totals, before ranking. */
export interface UnitTotals {
  unitId: string;
  /** the unit's code: the order of units with one score */
  code: string;
  score: number;
  deducted: number;
}

/** Best first; ties share a rank (1, 1, 3), and among them the unit codes give the order. */
export function rankUnits<T extends UnitTotals>(units: readonly T[]): (T & { rank: number })[] {
  const sorted = [...units].sort(
    (a, b) => b.score - a.score || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
  let rank = 0;
  return sorted.map((s, i) => {
    if (i === 0 || s.score !== sorted[i - 1].score) rank = i + 1;
    return { ...s, rank };
  });
}
