/**
 * A scorecard as plain data: what the scoring service computes, the GraphQL resolvers return and
 * the Excel export lays out. Points are rounded to two decimals.
 */

/** An appeal's state, as a deduction shows it. */
export type AppealStatus = 'OPEN' | 'UPHELD' | 'OVERTURNED';

/** The latest appeal against a deduction. */
export interface AppealRef {
  id: string;
  status: AppealStatus;
}

/** One point taken, with the record behind it. */
export interface DeductionData {
  /** stable while the evidence is the same (see `deductionId`); a manual one's is its finding's */
  id: string;
  itemCode: string;
  points: number;
  /** a sentence a unit can act on, in Chinese */
  reason: string;
  occurredOn: string | null;
  unitId: string;
  powerId: string | null;
  versionId: string | null;
  changeRequestId: string | null;
  obligationId: string | null;
  /** a legal supervision record (normative document, officer, filing, report, case…) */
  recordId: string | null;
  manual: boolean;
  /** the finding behind a manual deduction */
  findingId: string | null;
  /** the latest appeal against it; OVERTURNED ones count 0 points */
  appeal: AppealRef | null;
}

export interface ItemScoreData {
  code: string;
  no: number;
  /** the table's requirement text (目标要求) and scoring text (评分说明) */
  requirement: string;
  scoring: string | null;
  derived: boolean;
  kind: 'BASE' | 'BONUS' | 'PENALTY';
  /** derived items always; a manual item once it has a finding in the period */
  assessed: boolean;
  maxPoints: number;
  deducted: number;
  score: number;
  /** the deductions found exceed the item's points */
  capped: boolean;
  cases: number;
  /** weighted schemes: records judged and records that comply (null for per-case items) */
  applicable: number | null;
  compliant: number | null;
  deductions: DeductionData[];
}

export interface SectionScoreData {
  code: string;
  name: string;
  maxPoints: number;
  score: number;
  items: ItemScoreData[];
}

export interface ScorecardData {
  schemeCode: string;
  schemeName: string;
  /** exactly one of unit and region */
  unitId: string | null;
  regionId: string | null;
  /** the unit's or region's name, for headings */
  subjectName: string;
  from: string;
  to: string;
  maxPoints: number;
  score: number;
  deducted: number;
  /** the instant the catalog was judged at: the period's end, or now while it runs */
  asOf: Date;
  /** the period has not ended yet */
  provisional: boolean;
  /** every manual item has been assessed */
  complete: boolean;
  sections: SectionScoreData[];
}

export interface UnitScoreData {
  unitId: string;
  score: number;
  deducted: number;
  rank: number;
}
