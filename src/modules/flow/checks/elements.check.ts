/**
 * The elements of a power (DOMAIN.md, "The catalog"): name, category, code, implementing subject,
 * legal bases and time limits. The flowcharts, risk points and benchmark have checks of their own.
 */
import {
  CATEGORY_INFO,
  type LegalDocumentFacts,
  type PowerCategory,
  type PowerContent,
  type PowerFacts,
  type Problem,
} from '../../catalog/power-content';
import { problem } from '../problem-codes';
import type { ProblemContext } from '../problems';

import { codeMatchesRule, type CodingRule } from './coding-rule';

export {
  codeMatchesRule,
  codingRuleErrors,
  DEFAULT_CODING_RULE,
  nextCode,
  type CodeMatch,
  type CodingRule,
} from './coding-rule';

const blank = (s: string | null | undefined): boolean => !s || !s.trim();

/**
 * The categories whose statute sets a time limit for the decision, so the catalog must state it:
 * 行政许可 (行政许可法 art. 42), 行政确认, 行政给付, 行政裁决 and 行政征收, which are all decided on
 * an application or a levy notice within a term the law gives. Penalties, coercion, inspections,
 * rewards and other powers are acted on ex officio with no one statutory term across the category,
 * so a missing legal time limit is no defect there (one entered is still checked against the
 * promise).
 */
export const STATUTORY_TIME_LIMIT_CATEGORIES: readonly PowerCategory[] = [
  'LICENSING',
  'CONFIRMATION',
  'BENEFIT',
  'ADJUDICATION',
  'LEVY',
];

/** NAME_MISSING: the power has no name. District 10, provincial 42, municipal 46 (elements). */
export function nameProblems(content: PowerContent): Problem[] {
  return blank(content.name) ? [problem('NAME_MISSING', '请填写权力名称', 'name')] : [];
}

/** CATEGORY_MISSING: the power has no category. District 10, provincial 42, municipal 46. */
export function categoryProblems(content: PowerContent): Problem[] {
  return content.category
    ? []
    : [problem('CATEGORY_MISSING', '请选择权力类别（行政许可、行政处罚等十类之一）', 'category')];
}

/**
 * CODE_MISSING, CODE_BAD_FORMAT, CODE_UNIT_MISMATCH, CODE_CATEGORY_MISMATCH: the code is missing,
 * or breaks the region's coding rule (its form, the unit part, the category letters or number).
 * Provincial item 34, municipal item 37 (clean-up and coding).
 */
export function codeProblems(facts: PowerFacts, rule: CodingRule): Problem[] {
  const { code, category } = facts.content;
  if (blank(code)) return [problem('CODE_MISSING', '请填写权力编码', 'code')];
  const m = codeMatchesRule(code!.trim(), rule, facts.unitCode, category ?? null);
  if (m.ok) return [];
  switch (m.part) {
    case 'format':
      return [
        problem(
          'CODE_BAD_FORMAT',
          `权力编码「${code}」不符合本地区的编码规则 ${rule.pattern}，应形如 ${m.expected}`,
          'code',
        ),
      ];
    case 'unit':
      return [
        problem(
          'CODE_UNIT_MISMATCH',
          `权力编码「${code}」中的单位代码 ${m.actual} 不是实施单位的代码 ${m.expected}`,
          'code',
        ),
      ];
    case 'category':
      return [
        problem(
          'CODE_CATEGORY_MISMATCH',
          `权力编码「${code}」中的类别代码 ${m.actual} 与权力类别「${CATEGORY_INFO[category!].zh}」不符，应为 ${m.expected}`,
          'code',
        ),
      ];
  }
}

/**
 * SUBJECT_MISSING, SUBJECT_TYPE_MISSING, ENTRUSTED_NO_PARTY: no implementing subject; its kind
 * (法定/授权/委托) missing; an entrusted subject that does not name the entrusting party.
 * Provincial item 36, municipal item 39 (subject); a missing subject also district 10,
 * provincial 42, municipal 46 (elements).
 */
export function subjectProblems(content: PowerContent): Problem[] {
  const s = content.subject;
  if (!s) return [problem('SUBJECT_MISSING', '请填写实施主体', 'subject')];
  const out: Problem[] = [];
  if (blank(s.unitId)) {
    out.push(problem('SUBJECT_MISSING', '请选择实施主体单位', 'subject.unitId'));
  }
  if (!s.type) {
    out.push(
      problem(
        'SUBJECT_TYPE_MISSING',
        '请选择实施主体性质：法定主体、授权主体或委托主体',
        'subject.type',
      ),
    );
  } else if (s.type === 'ENTRUSTED' && blank(s.entrustingParty)) {
    out.push(
      problem(
        'ENTRUSTED_NO_PARTY',
        '实施主体为委托主体，请写明委托方（委托实施的行政机关）',
        'subject.entrustingParty',
      ),
    );
  }
  return out;
}

const docName = (d: LegalDocumentFacts): string => `《${d.title.replace(/^《|》$/g, '')}》`;

/**
 * LEGAL_BASIS_MISSING, LEGAL_BASIS_NO_ARTICLES, LEGAL_BASIS_UNKNOWN_DOCUMENT,
 * LEGAL_BASIS_INCOMPLETE_DOCUMENT, LEGAL_BASIS_REPEALED: no basis; a basis naming no articles; a
 * basis citing a document the catalog does not hold, or one with no issuing body or promulgation
 * date; a cited document repealed on or before `asOf`. Provincial item 37, municipal item 40
 * (bases); no basis or no articles also district 10, provincial 42, municipal 46 (elements).
 */
export function legalBasisProblems(
  content: PowerContent,
  documents: ReadonlyMap<string, LegalDocumentFacts>,
  asOf: string,
): Problem[] {
  const bases = content.legalBases ?? [];
  if (!bases.length) {
    return [
      problem('LEGAL_BASIS_MISSING', '请至少填写一项权力依据（法律文件及条款）', 'legalBases'),
    ];
  }
  const out: Problem[] = [];
  bases.forEach((b, i) => {
    const at = `legalBases[${i}]`;
    const doc = documents.get(b.documentId);
    const which = doc ? `权力依据${docName(doc)}` : `第 ${i + 1} 项权力依据`;
    if (!doc) {
      out.push(
        problem(
          'LEGAL_BASIS_UNKNOWN_DOCUMENT',
          blank(b.documentId)
            ? `第 ${i + 1} 项权力依据未选择法律文件`
            : `第 ${i + 1} 项权力依据引用的法律文件（${b.documentId}）在法律文件库中不存在，请重新选择`,
          `${at}.documentId`,
        ),
      );
    }
    if (blank(b.articles)) {
      out.push(problem('LEGAL_BASIS_NO_ARTICLES', `${which}未写明所依据的条款`, `${at}.articles`));
    }
    if (!doc) return;
    if (doc.repealedOn && doc.repealedOn <= asOf) {
      out.push(
        problem(
          'LEGAL_BASIS_REPEALED',
          `权力依据${docName(doc)}已于 ${doc.repealedOn} 废止，请改为引用现行有效的法律文件`,
          `${at}.documentId`,
        ),
      );
    }
    const missing = [
      blank(doc.issuer) && '制定机关',
      blank(doc.promulgatedOn) && '公布日期',
    ].filter(Boolean);
    if (missing.length) {
      out.push(
        problem(
          'LEGAL_BASIS_INCOMPLETE_DOCUMENT',
          `权力依据${docName(doc)}缺少${missing.join('和')}，请在法律文件库中补全`,
          `${at}.documentId`,
        ),
      );
    }
  });
  return out;
}

/**
 * TIME_LIMIT_MISSING, PROMISED_EXCEEDS_LEGAL: a category with a statutory time limit
 * (STATUTORY_TIME_LIMIT_CATEGORIES) has none entered; the promised limit exceeds the statutory
 * one. District 10, provincial 42, municipal 46 (elements).
 */
export function timeLimitProblems(content: PowerContent): Problem[] {
  const out: Problem[] = [];
  const legal = content.legalTimeLimitDays;
  const promised = content.promisedTimeLimitDays;
  const category = content.category;
  if ((legal === null || legal === undefined) && category) {
    if (STATUTORY_TIME_LIMIT_CATEGORIES.includes(category)) {
      out.push(
        problem(
          'TIME_LIMIT_MISSING',
          `${CATEGORY_INFO[category].zh}事项须填写法定办理时限（工作日）`,
          'legalTimeLimitDays',
        ),
      );
    }
  }
  if (legal !== null && legal !== undefined && promised !== null && promised !== undefined) {
    if (promised > legal) {
      out.push(
        problem(
          'PROMISED_EXCEEDS_LEGAL',
          `承诺时限 ${promised} 个工作日超过法定时限 ${legal} 个工作日，承诺时限不得超过法定时限`,
          'promisedTimeLimitDays',
        ),
      );
    }
  }
  return out;
}

/** The element checks together, in the order of the form: name, category, code, subject, bases, time limits. */
export function elementProblems(facts: PowerFacts, ctx: ProblemContext): Problem[] {
  const c = facts.content;
  return [
    ...nameProblems(c),
    ...categoryProblems(c),
    ...codeProblems(facts, ctx.codingRule),
    ...subjectProblems(c),
    ...legalBasisProblems(c, ctx.documents, ctx.asOf),
    ...timeLimitProblems(c),
  ];
}
