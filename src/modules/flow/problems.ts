/**
 * The problems of a power's content: what is missing or inconsistent, each with a stable code, a
 * Chinese message a clerk can act on, and the field path. Pure: everything a check needs from
 * outside the content comes in the ProblemContext, loaded once for a whole page of powers.
 *
 * Problems are not integrity errors (integrity.ts): a draft or an imported catalog may be
 * incomplete and is stored; its problems say what to complete.
 */
import type { LegalDocumentFacts, PowerFacts, Problem } from '../catalog/power-content';

import type { CodingRule } from './checks/coding-rule';
import { discretionProblems } from './checks/discretion.check';
import { duplicateNameProblems, type NameIndex } from './checks/duplicate-names.check';
import {
  categoryProblems,
  codeProblems,
  legalBasisProblems,
  nameProblems,
  subjectProblems,
  timeLimitProblems,
} from './checks/elements.check';
import { externalFlowProblems } from './checks/external-flow.check';
import { internalFlowProblems } from './checks/internal-flow.check';
import { riskPointProblems } from './checks/risk-points.check';

export {
  codeMatchesRule,
  codingRuleErrors,
  DEFAULT_CODING_RULE,
  nextCode,
  type CodeMatch,
  type CodingRule,
} from './checks/coding-rule';
export {
  findDuplicateNames,
  indexLiveNames,
  nameKey,
  type NamedPower,
  type NameIndex,
} from './checks/duplicate-names.check';
export { PROBLEM_CODES, type ProblemCode, type ProblemCodeInfo } from './problem-codes';

/** What the checks need besides the power itself. */
export interface ProblemContext {
  /** the legal documents the power cites, by id (more may be there: one map for a page) */
  documents: ReadonlyMap<string, LegalDocumentFacts>;
  /** ISO date the content is judged as of: a document repealed on or before it counts as repealed */
  asOf: string;
  /** the coding rule of the owning unit's region (DEFAULT_CODING_RULE when it sets none) */
  codingRule: CodingRule;
  /**
   * live names by unit: `findDuplicateNames` over every live power of the units concerned, or
   * `indexLiveNames` of a unit's powers to check a draft; an empty map skips the check
   */
  duplicateNames: NameIndex;
}

/**
 * Every problem of a power, in the order of the form: name, category, code, subject, bases, time
 * limits, external chart, internal chart, risk points, discretion benchmark.
 */
export function problemsOf(facts: PowerFacts, ctx: ProblemContext): Problem[] {
  const c = facts.content;
  return [
    ...nameProblems(c),
    ...duplicateNameProblems(facts, ctx.duplicateNames),
    ...categoryProblems(c),
    ...codeProblems(facts, ctx.codingRule),
    ...subjectProblems(c),
    ...legalBasisProblems(c, ctx.documents, ctx.asOf),
    ...timeLimitProblems(c),
    ...externalFlowProblems(c),
    ...internalFlowProblems(c),
    ...riskPointProblems(c),
    ...discretionProblems(c),
  ];
}
