/**
 * The discretion benchmark of a penalty (行政处罚自由裁量基准; 行政处罚法 art. 34, the State
 * Council's 2022 guidance on 行政裁量权基准): at least three tiers, each with its conditions and its
 * sanction or fine range, ranges not overlapping and rising with the tier; the circumstances; the
 * rules of application; filed (DOMAIN.md). Only penalties are checked. District item 8,
 * provincial 40 and 41, municipal 44 and 45.
 */
import type {
  CircumstanceKind,
  DiscretionBenchmarkData,
  DiscretionTierData,
  PowerContent,
  Problem,
} from '../../catalog/power-content';
import { problem } from '../problem-codes';

const blank = (s: string | null | undefined): boolean => !s || !s.trim();

export const MIN_DISCRETION_TIERS = 3;

/**
 * The circumstances a penalty's benchmark must list. 不予处罚 and 从重 are called for by every
 * penalty (行政处罚法 art. 33 and the 2022 guidance); 减轻 and 从轻 may be stated but are not
 * required, since art. 32 already lays them down for every penalty.
 */
export const REQUIRED_CIRCUMSTANCES = [
  { kind: 'NO_PENALTY', code: 'DISCRETION_NO_NO_PENALTY_CIRCUMSTANCE', zh: '不予处罚' },
  { kind: 'HEAVIER', code: 'DISCRETION_NO_HEAVIER_CIRCUMSTANCE', zh: '从重处罚' },
] as const satisfies readonly { kind: CircumstanceKind; code: string; zh: string }[];

const tierName = (t: DiscretionTierData, i: number): string =>
  blank(t.level) ? `第 ${i + 1} 档` : `第 ${i + 1} 档「${t.level.trim()}」`;

const has = (n: number | null | undefined): n is number => n !== null && n !== undefined;

const yuan = (n: number): string => (n === Infinity ? '不设上限' : `${n} 元`);

/** A tier's fine range: a missing minimum reads as 0, a missing maximum as no upper bound. */
function range(t: DiscretionTierData): { lo: number; hi: number } | null {
  if (!has(t.minFine) && !has(t.maxFine)) return null;
  return { lo: t.minFine ?? 0, hi: t.maxFine ?? Infinity };
}

/** DISCRETION_MISSING: a penalty with no benchmark. */
export function discretionMissing(content: PowerContent): Problem[] {
  return content.discretion
    ? []
    : [
        problem(
          'DISCRETION_MISSING',
          '行政处罚事项须制定自由裁量基准（分档、情形和适用规则）',
          'discretion',
        ),
      ];
}

/**
 * DISCRETION_TOO_FEW_TIERS, DISCRETION_TIER_INCOMPLETE, DISCRETION_FINE_RANGE_INVERTED,
 * DISCRETION_TIERS_OVERLAP, DISCRETION_TIERS_NOT_RISING: fewer than three tiers; a tier with no
 * conditions or no sanction; a tier whose minimum fine is above its maximum; a tier whose range
 * does not rise above the previous one's (both ends at least as high, one higher) or starts below
 * where the previous one ends. Tiers are in order, lightest first. Tiers with no fine (a warning,
 * say) are skipped when ranges are compared. Adjacent tiers may share an end point: in Chinese
 * legal usage 以上 and 以下 include the number itself, so 「1000 元以上 5000 元以下」 followed by
 * 「5000 元以上 2 万元以下」 is a proper benchmark.
 */
export function discretionTierProblems(d: DiscretionBenchmarkData): Problem[] {
  const out: Problem[] = [];
  const tiers = d.tiers ?? [];
  if (tiers.length < MIN_DISCRETION_TIERS) {
    out.push(
      problem(
        'DISCRETION_TOO_FEW_TIERS',
        `裁量基准只有 ${tiers.length} 个档次，至少应分为 ${MIN_DISCRETION_TIERS} 档（如轻微、一般、严重）`,
        'discretion.tiers',
      ),
    );
  }
  let prev: { lo: number; hi: number; name: string } | null = null;
  tiers.forEach((t, i) => {
    const at = `discretion.tiers[${i}]`;
    const name = tierName(t, i);
    if (blank(t.conditions)) {
      out.push(
        problem('DISCRETION_TIER_INCOMPLETE', `裁量基准${name}未写明适用情形`, `${at}.conditions`),
      );
    }
    if (blank(t.sanction)) {
      out.push(
        problem('DISCRETION_TIER_INCOMPLETE', `裁量基准${name}未写明处罚内容`, `${at}.sanction`),
      );
    }
    if (has(t.minFine) && has(t.maxFine) && t.minFine > t.maxFine) {
      out.push(
        problem(
          'DISCRETION_FINE_RANGE_INVERTED',
          `裁量基准${name}的最低罚款 ${t.minFine} 元高于最高罚款 ${t.maxFine} 元`,
          `${at}.minFine`,
        ),
      );
      return;
    }
    const r = range(t);
    if (!r) return;
    if (prev) {
      const sameRange = r.lo === prev.lo && r.hi === prev.hi;
      if (r.lo < prev.lo || r.hi < prev.hi || sameRange) {
        out.push(
          problem(
            'DISCRETION_TIERS_NOT_RISING',
            `裁量基准${name}的罚款幅度（${yuan(r.lo)}至${yuan(r.hi)}）未高于较轻的${prev.name}（${yuan(prev.lo)}至${yuan(prev.hi)}），档次应由轻到重排列、幅度逐档递增`,
            at,
          ),
        );
      } else if (r.lo < prev.hi) {
        out.push(
          problem(
            'DISCRETION_TIERS_OVERLAP',
            `裁量基准${name}的罚款幅度（${yuan(r.lo)}至${yuan(r.hi)}）与${prev.name}（${yuan(prev.lo)}至${yuan(prev.hi)}）重叠`,
            at,
          ),
        );
      }
    }
    prev = { ...r, name };
  });
  return out;
}

/**
 * DISCRETION_NO_NO_PENALTY_CIRCUMSTANCE, DISCRETION_NO_HEAVIER_CIRCUMSTANCE: no circumstance
 * (with a description) for no penalty, or for a heavier penalty. See REQUIRED_CIRCUMSTANCES.
 */
export function discretionCircumstanceProblems(d: DiscretionBenchmarkData): Problem[] {
  const present = new Set(
    (d.circumstances ?? []).filter((c) => !blank(c.description)).map((c) => c.kind),
  );
  return REQUIRED_CIRCUMSTANCES.filter((r) => !present.has(r.kind)).map((r) =>
    problem(r.code, `裁量基准未列明${r.zh}的情形`, 'discretion.circumstances'),
  );
}

/** DISCRETION_NO_RULES, DISCRETION_NOT_FILED: no rules of application; no filing date. */
export function discretionRuleProblems(d: DiscretionBenchmarkData): Problem[] {
  const out: Problem[] = [];
  if (blank(d.applicationRules)) {
    out.push(
      problem(
        'DISCRETION_NO_RULES',
        '裁量基准未写明适用规则（如多个情形并存时如何适用）',
        'discretion.applicationRules',
      ),
    );
  }
  if (blank(d.filedOn)) {
    out.push(
      problem(
        'DISCRETION_NOT_FILED',
        '裁量基准尚未备案，请备案并填写备案日期',
        'discretion.filedOn',
      ),
    );
  }
  return out;
}

/**
 * All checks of the discretion benchmark, for penalties only (other categories: none).
 * District 8, provincial 40 and 41, municipal 44 and 45.
 */
export function discretionProblems(content: PowerContent): Problem[] {
  if (content.category !== 'PENALTY') return [];
  const missing = discretionMissing(content);
  if (missing.length) return missing;
  const d = content.discretion!;
  return [
    ...discretionTierProblems(d),
    ...discretionCircumstanceProblems(d),
    ...discretionRuleProblems(d),
  ];
}
