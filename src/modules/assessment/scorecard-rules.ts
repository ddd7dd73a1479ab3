/**
 * The pure composition of scorecards (DOMAIN.md, "Scoring"): from what the detectors found and the
 * assessors' findings to a card's sections and totals, a region's per-unit split, and a ranking.
 * No database: `AssessmentService` gathers the evaluation, these functions score it.
 */
import { BadInputError } from '../../errors';
import { addDays } from '../calendar/iso-date';
import { chinaDate } from '../change/change-rules';

import type { DetectorResult } from './detector';
import type { SchemeData } from './scheme';
import type { AppealRef, SectionScoreData } from './scorecard.types';
import { round2, scoreItem, type FindingCase } from './scoring';

/** What the detectors found for a set of units, per detector, and the findings on them. */
export interface Evaluation {
  byDetector: Map<string, DetectorResult>;
  /** the assessors' findings in the period, withdrawn ones left out */
  findings: (FindingCase & { itemCode: string })[];
  /** the latest appeal against each deduction of the scheme, by deduction id */
  appeals: ReadonlyMap<string, AppealRef>;
}

/** A card's sections and totals. */
export interface CardTotals {
  sections: SectionScoreData[];
  /** the points of the base sections */
  maxPoints: number;
  score: number;
  deducted: number;
  /** every manual item has been assessed */
  complete: boolean;
}

/**
 * Scores every item of the scheme over an evaluation taken as one whole (a unit, or a region's
 * units together): a section scores the sum of its items; the card's maximum is the points of the
 * base items scored (every derived item, and each manual item once assessed: an unassessed one
 * counts neither in the score nor in the maximum, so a card never overstates), its score every
 * section's (bonus and penalty rows included); `deducted` is the maximum less the base score.
 */
export function composeCard(scheme: SchemeData, ev: Evaluation): CardTotals {
  let max = 0;
  let total = 0;
  const sections: SectionScoreData[] = scheme.sections.map((s) => {
    const items = s.items.map((item) => {
      const found = item.detector ? ev.byDetector.get(item.detector) : undefined;
      let applicable = 0;
      for (const n of found?.applicable.values() ?? []) applicable += n;
      let counted = 0;
      for (const n of found?.counted?.values() ?? []) counted += n;
      const findings = ev.findings.filter((f) => f.itemCode === item.code);
      return scoreItem(scheme, item, found?.cases ?? [], applicable, findings, {
        appeals: ev.appeals,
        counted,
      });
    });
    const score = round2(items.reduce((a, i) => a + i.score, 0));
    // a base section's maximum is the points of its items scored (an unassessed manual item is
    // not); a 加分 / 减分 section keeps its own
    const sectionMax =
      s.kind === 'BASE'
        ? round2(items.reduce((a, i) => a + (i.assessed ? i.maxPoints : 0), 0))
        : s.maxPoints;
    if (s.kind === 'BASE') max += sectionMax;
    total += score;
    return { code: s.code, name: s.name, maxPoints: sectionMax, score, items };
  });
  const score = round2(total);
  return {
    sections,
    maxPoints: round2(max),
    score,
    deducted: round2(Math.max(0, max - score)),
    complete: sections.every((s) => s.items.every((i) => i.assessed)),
  };
}

/** Splits an evaluation of many units into one per unit, in one pass over the cases. */
export function splitByUnit(ev: Evaluation, unitIds: readonly string[]): Map<string, Evaluation> {
  const out = new Map<string, Evaluation>(
    unitIds.map((u) => [u, { byDetector: new Map(), findings: [], appeals: ev.appeals }]),
  );
  for (const [id, found] of ev.byDetector) {
    for (const u of unitIds) out.get(u)!.byDetector.set(id, { cases: [], applicable: new Map() });
    for (const c of found.cases) out.get(c.unitId)?.byDetector.get(id)!.cases.push(c);
    for (const [u, n] of found.applicable) out.get(u)?.byDetector.get(id)!.applicable.set(u, n);
    for (const [u, n] of found.counted ?? []) {
      const r = out.get(u)?.byDetector.get(id);
      if (r) r.counted = new Map([[u, n]]);
    }
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

/** The period of a scorecard and the instant its records are judged at. */
export interface AssessmentPeriod {
  /** inclusive dates, China Standard Time */
  from: string;
  to: string;
  /** the first instant after the period: `to` + 1 day, 00:00 +08:00 */
  end: Date;
  /** the period's end, or now while the period runs */
  asOf: Date;
  provisional: boolean;
  /** the China Standard Time date of `asOf`: a due date before it has passed */
  asOfDate: string;
  /** the last day read: `to`, or today while the period runs */
  through: string;
}

/**
 * The period of a scorecard judged at `now` (DOMAIN.md, "Scores never overstate"): as of the
 * period's end once it is over, as of now (provisional) while it runs; a period that ends before
 * it starts, or starts after today, is BAD_USER_INPUT.
 */
export function assessmentPeriod(from: string, to: string, now: Date): AssessmentPeriod {
  if (from > to)
    throw new BadInputError('考核期间的开始日期不能晚于结束日期', [
      { path: 'from', message: '不能晚于 to' },
    ]);
  const today = chinaDate(now);
  if (from > today)
    throw new BadInputError(`考核期间尚未开始：${from} 晚于今天（${today}）`, [
      { path: 'from', message: '不能晚于今天' },
    ]);
  const end = new Date(`${addDays(to, 1)}T00:00:00+08:00`);
  const provisional = now.getTime() < end.getTime();
  const asOf = provisional ? now : end;
  return {
    from,
    to,
    end,
    asOf,
    provisional,
    asOfDate: chinaDate(asOf),
    through: provisional ? today : to,
  };
}
