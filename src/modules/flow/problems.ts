/**
 * The problems of a power's content: what is missing or inconsistent, each with a stable code, a
 * Chinese message a clerk can act on, and the field path. Pure: everything a check needs from
 * outside the content comes in the ProblemContext, loaded once for a whole page of powers.
 *
 * Problems are not integrity errors (integrity.ts): a draft or an imported catalog may be
 * incomplete and is stored; its problems say what to complete.
 */
import type {
  LegalDocumentFacts,
  PowerContent,
  PowerFacts,
  Problem,
} from '../catalog/power-content';

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
import { staleBasesProblems } from './checks/stale-bases.check';

export {
  codeMatchesRule,
  codingRuleErrors,
  codingRuleFor,
  DEFAULT_CODING_RULE,
  nextCode,
  type CodeMatch,
  type CodingRule,
  type RuledRegion,
} from './checks/coding-rule';
export {
  findDuplicateNames,
  indexLiveNames,
  nameKey,
  type NamedPower,
  type NameIndex,
} from './checks/duplicate-names.check';
export {
  codesFeeding,
  PROBLEM_CODES,
  type ProblemCode,
  type ProblemCodeInfo,
} from './problem-codes';

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
  /** the last amendment (修改) of each cited document up to `asOf`, by document id */
  lastAmended?: ReadonlyMap<string, string>;
}

/**
 * Bump when any check over the content alone changes what it finds or says, or what is stored
 * with it changes: the stored results of the content checks (power_version_check) of an older
 * revision are recomputed when read. 2: the plain columns the assessments' SQL reads.
 */
export const CONTENT_CHECKS_REVISION = 2;

/**
 * The problems a version's content has on its own, whatever else is in the catalog, grouped by
 * where they go in the form. A version is immutable, so these are computed once and stored with
 * it; the checks that need the catalog around the power (duplicate names, the coding rule, the
 * documents' state) run when read.
 */
export interface ContentProblems {
  name: Problem[];
  category: Problem[];
  subject: Problem[];
  rest: Problem[];
}

/** The checks over the content alone (see ContentProblems). */
export function contentProblems(c: PowerContent): ContentProblems {
  return {
    name: nameProblems(c),
    category: categoryProblems(c),
    subject: subjectProblems(c),
    rest: [
      ...timeLimitProblems(c),
      ...externalFlowProblems(c),
      ...internalFlowProblems(c),
      ...riskPointProblems(c),
      ...discretionProblems(c),
    ],
  };
}

/**
 * Every problem of a power, in the order of the form: name, category, code, subject, bases, time
 * limits, external chart, internal chart, risk points, discretion benchmark, then the charts and
 * benchmarks not redone after their bases changed (when the context knows the amendments).
 * `content` may be given when already computed (stored), and must then be
 * `contentProblems(facts.content)`.
 */
export function problemsOf(
  facts: PowerFacts,
  ctx: ProblemContext,
  content: ContentProblems = contentProblems(facts.content),
): Problem[] {
  const c = facts.content;
  return [
    ...content.name,
    ...duplicateNameProblems(facts, ctx.duplicateNames),
    ...content.category,
    ...codeProblems(facts, ctx.codingRule),
    ...content.subject,
    ...legalBasisProblems(c, ctx.documents, ctx.asOf),
    ...content.rest,
    ...staleBasesProblems(c, ctx.documents, ctx.lastAmended),
  ];
}
