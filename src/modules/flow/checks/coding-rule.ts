/**
 * The coding rule (编码规则) of a region as a template, and the check of a code against it.
 *
 * A template is literal text and tokens:
 * - `{unit}`: the owning unit's code;
 * - `{letters}`: the category's letter code (CF for 行政处罚…);
 * - `{no}`: the category's two-digit number (02 for 行政处罚…);
 * - `{seq3}`, `{seq4}`, `{seq5}`: a sequence number of that many digits, zero-padded.
 * A template holds exactly one sequence token (it is what tells two codes apart) and each other
 * token at most once. The default, DOMAIN.md: `{unit}-{letters}-{seq4}`, e.g. `320411001-CF-0007`.
 */
import { BadInputError } from '../../../errors';
import { CATEGORY_INFO, type PowerCategory } from '../../catalog/power-content';

export type CodingRule = { pattern: string /* a template like '{unit}-{letters}-{seq4}' */ };

export const DEFAULT_CODING_RULE: CodingRule = { pattern: '{unit}-{letters}-{seq4}' };

type Token = 'unit' | 'letters' | 'no' | 'seq';
type Part = { literal: string } | { token: Token; digits?: number };

const TOKENS: Record<string, Part> = {
  '{unit}': { token: 'unit' },
  '{letters}': { token: 'letters' },
  '{no}': { token: 'no' },
  '{seq3}': { token: 'seq', digits: 3 },
  '{seq4}': { token: 'seq', digits: 4 },
  '{seq5}': { token: 'seq', digits: 5 },
};

/** What is wrong with a template, in Chinese; empty when it can be used. */
export function codingRuleErrors(pattern: string): string[] {
  const errors: string[] = [];
  const seen = new Map<Token, number>();
  for (const m of pattern.matchAll(/\{[^{}]*\}/g)) {
    const part = TOKENS[m[0]];
    if (!part) {
      errors.push(
        `编码规则中的「${m[0]}」不是可用的占位符，可用：{unit}、{letters}、{no}、{seq3}、{seq4}、{seq5}`,
      );
    } else if ('token' in part) {
      seen.set(part.token, (seen.get(part.token) ?? 0) + 1);
    }
  }
  if ((seen.get('seq') ?? 0) !== 1) {
    errors.push('编码规则必须包含且只包含一个序号占位符：{seq3}、{seq4} 或 {seq5}');
  }
  for (const t of ['unit', 'letters', 'no'] as const) {
    if ((seen.get(t) ?? 0) > 1) errors.push(`编码规则中 {${t}} 只能出现一次`);
  }
  return errors;
}

const parsed = new Map<string, Part[]>();

/** The parts of a template; BAD_USER_INPUT when the template cannot be used. */
function parse(rule: CodingRule): Part[] {
  const cached = parsed.get(rule.pattern);
  if (cached) return cached;
  const errors = codingRuleErrors(rule.pattern);
  if (errors.length) {
    throw new BadInputError(
      '编码规则无效',
      errors.map((message) => ({ path: 'codingRule', message })),
    );
  }
  const parts: Part[] = [];
  for (const piece of rule.pattern.split(/(\{[^{}]*\})/)) {
    if (!piece) continue;
    parts.push(TOKENS[piece] ?? { literal: piece });
  }
  parsed.set(rule.pattern, parts);
  return parts;
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const forms = new Map<string, { form: RegExp; groups: Token[] }>();

/**
 * The generic form of a rule's codes, compiled once per template: any unit, any letters, any
 * two-digit number, a sequence of the right width; `groups` names the capture groups in order.
 */
function genericForm(pattern: string, parts: Part[]): { form: RegExp; groups: Token[] } {
  const cached = forms.get(pattern);
  if (cached) return cached;
  const groups: Token[] = [];
  let source = '^';
  for (const p of parts) {
    if ('literal' in p) {
      source += escapeRegExp(p.literal);
      continue;
    }
    groups.push(p.token);
    if (p.token === 'unit') source += '(.+?)';
    else if (p.token === 'letters') source += '([A-Za-z]+)';
    else if (p.token === 'no') source += '(\\d{2})';
    else source += `(\\d{${p.digits}})`;
  }
  const compiled = { form: new RegExp(`${source}$`), groups };
  forms.set(pattern, compiled);
  return compiled;
}

/** Which part of a code broke the rule, and what was expected there. */
export type CodeMatch =
  | { ok: true }
  | { ok: false; part: 'format'; expected: string }
  | { ok: false; part: 'unit'; expected: string; actual: string }
  | { ok: false; part: 'category'; expected: string; actual: string };

/**
 * Whether `code` follows `rule` for a power of `unitCode` and `category` (null: the category is
 * not known, and the category part is checked for its form only). Says which part failed:
 * `format` (the code does not have the rule's form at all, e.g. a three-digit sequence where four
 * are called for), `unit` (the unit part is another unit's code) or `category` (the letters or
 * number are another category's).
 */
export function codeMatchesRule(
  code: string,
  rule: CodingRule,
  unitCode: string,
  category: PowerCategory | null,
): CodeMatch {
  const parts = parse(rule);
  const { form, groups } = genericForm(rule.pattern, parts);
  const m = form.exec(code);
  if (!m) return { ok: false, part: 'format', expected: example(parts, unitCode, category) };
  const actual = (t: Token): string => m[groups.indexOf(t) + 1];
  if (groups.includes('unit') && actual('unit') !== unitCode) {
    return { ok: false, part: 'unit', expected: unitCode, actual: actual('unit') };
  }
  if (category) {
    const info = CATEGORY_INFO[category];
    if (groups.includes('letters') && actual('letters') !== info.letters) {
      return { ok: false, part: 'category', expected: info.letters, actual: actual('letters') };
    }
    if (groups.includes('no') && actual('no') !== info.no) {
      return { ok: false, part: 'category', expected: info.no, actual: actual('no') };
    }
  }
  return { ok: true };
}

function fill(
  parts: Part[],
  unitCode: string,
  category: PowerCategory | null,
  seq: (digits: number) => string,
): string {
  return parts
    .map((p) => {
      if ('literal' in p) return p.literal;
      if (p.token === 'unit') return unitCode;
      if (p.token === 'letters') return category ? CATEGORY_INFO[category].letters : 'XX';
      if (p.token === 'no') return category ? CATEGORY_INFO[category].no : '00';
      return seq(p.digits!);
    })
    .join('');
}

/** A code of the rule's form, for messages: `320411001-CF-0001`. */
function example(parts: Part[], unitCode: string, category: PowerCategory | null): string {
  return fill(parts, unitCode, category, (digits) => '1'.padStart(digits, '0'));
}

/**
 * The code with sequence number `seq` under `rule`: `nextCode(DEFAULT_CODING_RULE, '320411001',
 * 'PENALTY', 7)` is `320411001-CF-0007`. BAD_USER_INPUT when `seq` is not a positive integer or
 * does not fit the rule's sequence width.
 */
export function nextCode(
  rule: CodingRule,
  unitCode: string,
  category: PowerCategory,
  seq: number,
): string {
  const parts = parse(rule);
  const width = parts.find(
    (p): p is { token: Token; digits: number } => 'token' in p && p.token === 'seq',
  )!.digits;
  if (!Number.isInteger(seq) || seq < 1 || String(seq).length > width) {
    throw new BadInputError(`序号 ${seq} 超出编码规则的范围（1 至 ${'9'.repeat(width)}）`, [
      { path: 'seq', message: `编码规则的序号为 ${width} 位数字` },
    ]);
  }
  return fill(parts, unitCode, category, (digits) => String(seq).padStart(digits, '0'));
}

/** A region that sets its own coding rule. */
export interface RuledRegion {
  id: string;
  path: string;
  codingRule: string;
}

/**
 * The coding rule in force for a region at `regionPath` (DOMAIN.md: provinces publish their own
 * rules, so the rule is a setting of the region): the rule of the nearest region on its path that
 * sets one, itself included, else the default. `definedIn` is that region, null for the default.
 */
export function codingRuleFor(
  regionPath: string,
  ruled: readonly RuledRegion[],
): CodingRule & { definedIn: RuledRegion | null } {
  let best: RuledRegion | null = null;
  for (const r of ruled) {
    const covers = regionPath === r.path || regionPath.startsWith(`${r.path}/`);
    if (covers && (!best || r.path.length > best.path.length)) best = r;
  }
  return best
    ? { pattern: best.codingRule, definedIn: best }
    : { ...DEFAULT_CODING_RULE, definedIn: null };
}
