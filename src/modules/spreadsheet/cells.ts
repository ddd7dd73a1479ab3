/**
 * Reading the cells of a 权责清单 sheet as governments write them (DOMAIN.md, "Spreadsheets."):
 * categories in Chinese with or without 行政, legal bases as 《document》 + articles, time limits
 * in working days, statuses and subject types by their Chinese names. Pure functions over text.
 */
import { isIsoDate } from '../calendar/iso-date';
import {
  CATEGORY_INFO,
  POWER_CATEGORIES,
  type PowerCategory,
  type PowerStatus,
  type SubjectType,
} from '../catalog/power-content';

/** A cell read: its value (null when the cell is blank) or why it cannot be read. */
export type Parsed<T> = { ok: true; value: T | null } | { ok: false; message: string };

const ok = <T>(value: T | null): Parsed<T> => ({ ok: true, value });
const fail = <T>(message: string): Parsed<T> => ({ ok: false, message });

/** Text as compared: NFKC (full-width digits and punctuation made plain), no whitespace. */
export const compact = (text: string): string => text.normalize('NFKC').replace(/\s+/g, '');

/** The category from its Chinese name, with or without 行政: 行政许可, 许可, 其他行政权力, 其他. */
export function parseCategory(text: string): Parsed<PowerCategory> {
  const s = compact(text);
  if (!s) return ok(null);
  const bare = (zh: string) => zh.replace(/^行政/, '');
  for (const category of POWER_CATEGORIES) {
    const zh = CATEGORY_INFO[category].zh;
    if (s === zh || s === bare(zh)) return ok(category);
  }
  if (['其他', '其他权力', '其它', '其它行政权力', '其他行政职权'].includes(s)) return ok('OTHER');
  return fail(
    `事项类别「${text.trim()}」无法识别，应为${POWER_CATEGORIES.map((c) => CATEGORY_INFO[c].zh).join('、')}之一`,
  );
}

export const SUBJECT_TYPE_ZH: Record<SubjectType, string> = {
  STATUTORY: '法定',
  AUTHORIZED: '授权',
  ENTRUSTED: '委托',
};

/** 法定 / 授权 / 委托, also as 法定机关, 法律法规授权组织, 受委托组织. */
export function parseSubjectType(text: string): Parsed<SubjectType> {
  const s = compact(text);
  if (!s) return ok(null);
  for (const type of ['ENTRUSTED', 'AUTHORIZED', 'STATUTORY'] as const) {
    if (s.includes(SUBJECT_TYPE_ZH[type])) return ok(type);
  }
  return fail(`主体性质「${text.trim()}」无法识别，应为法定、授权或委托`);
}

/** The statuses a catalog in use shows; a cancelled power is not in it. */
export const STATUS_ZH: Record<Exclude<PowerStatus, 'CANCELLED'>, string> = {
  ACTIVE: '在用',
  DORMANT: '休眠',
  SUSPENDED: '挂起',
};

/** 在用 / 休眠 / 挂起. */
export function parseStatus(text: string): Parsed<PowerStatus> {
  const s = compact(text);
  if (!s) return ok(null);
  for (const [status, zh] of Object.entries(STATUS_ZH) as [PowerStatus, string][]) {
    if (s === zh) return ok(status);
  }
  return fail(`运行状态「${text.trim()}」无法识别，应为在用、休眠或挂起`);
}

/** 是 / 否 (also √, Y, 重点); blank is 否. */
export function parseYesNo(text: string): Parsed<boolean> {
  const s = compact(text).toUpperCase();
  if (!s) return ok(null);
  if (['是', '√', 'Y', 'YES', '重点'].includes(s)) return ok(true);
  if (['否', '×', 'N', 'NO'].includes(s)) return ok(false);
  return fail(`「${text.trim()}」应为“是”或“否”`);
}

const DIGIT: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const UNIT: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** A whole number written in Arabic digits or in Chinese numerals below 10,000 (二十, 一百零五). */
export function parseChineseNumber(text: string): number | null {
  if (/^\d+$/.test(text)) return Number(text);
  if (!text || !/^[零〇一二两三四五六七八九十百千]+$/.test(text)) return null;
  let total = 0;
  let digit: number | null = null;
  let lastUnit = 10000;
  for (const ch of text) {
    if (ch in DIGIT) {
      if (digit !== null && DIGIT[ch] !== 0) return null; // two digits in a row: 二三
      digit = DIGIT[ch] === 0 ? null : DIGIT[ch];
    } else {
      const unit = UNIT[ch];
      if (unit >= lastUnit) return null; // 十百, 百百
      total += (digit ?? (unit === 10 && total === 0 ? 1 : NaN)) * unit;
      if (Number.isNaN(total)) return null;
      digit = null;
      lastUnit = unit;
    }
  }
  return total + (digit ?? 0);
}

/**
 * A time limit in working days: 20, "20", "20个工作日", "20工作日", "20日" (行政许可法 art. 82
 * counts its 日 as working days), "二十个工作日". A limit in natural days ("30天", "三十个自然日")
 * or anything that is not a number of days is an error. Blank is null.
 */
export function parseWorkingDays(value: string | number, column: string): Parsed<number> {
  if (typeof value === 'number') {
    return Number.isInteger(value) && value >= 0 && value <= 3650
      ? ok(value)
      : fail(`${column}「${value}」应为 0 到 3650 之间的整数个工作日`);
  }
  const s = compact(value);
  if (!s) return ok(null);
  const m = /^(.+?)(个工作日|工作日|日)?$/.exec(s);
  const n = m ? parseChineseNumber(m[1]) : null;
  if (n !== null && n <= 3650) return ok(n);
  if (/(天|自然日)$/.test(s)) {
    return fail(`${column}「${value.trim()}」按自然日计，应写为工作日数，如“20”或“20个工作日”`);
  }
  return fail(`${column}「${value.trim()}」不是工作日数，应写为如“20”或“20个工作日”`);
}

/** A fine in yuan: a number cell, or text such as "5000" or "5,000"; blank is null. */
export function parseAmount(value: string | number, column: string): Parsed<number> {
  const n = typeof value === 'number' ? value : Number(compact(value).replace(/,/g, ''));
  if (typeof value === 'string' && !compact(value)) return ok(null);
  return Number.isFinite(n) && n >= 0 ? ok(n) : fail(`${column}「${value}」应为不小于 0 的金额`);
}

/** A calendar date: a date cell, or "2024-01-05", "2024/1/5", "2024年1月5日"; blank is null. */
export function parseDate(value: string | Date, column: string): Parsed<string> {
  if (value instanceof Date) {
    return Number.isNaN(value.getTime())
      ? fail(`${column}不是有效日期`)
      : ok(value.toISOString().slice(0, 10));
  }
  const s = compact(value);
  if (!s) return ok(null);
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s);
  const iso = m ? `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}` : null;
  return iso && isIsoDate(iso)
    ? ok(iso)
    : fail(`${column}「${value.trim()}」不是有效日期，应写为如“2024-01-05”`);
}

/** Names in one cell, separated by 、 ， ； or new lines. */
export function splitNames(text: string): string[] {
  return text
    .split(/[、，,；;\n]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A legal basis as a sheet writes it: the document's title as written, and the articles. */
export interface WrittenBasis {
  title: string;
  articles: string;
}

const ARTICLE_START = /^第[0-9零〇一二两三四五六七八九十百千]+条/;
const SEPARATOR = /([；;]\s*|\n+)/;
const trimSeparators = (s: string): string => s.replace(/^[\s、，,；;]+|[\s、，,；;]+$/g, '');

/**
 * The legal bases in one cell: `《中华人民共和国行政处罚法》第三十三条、第三十四条；《B》第二十条`
 * is two bases. Documents are separated by ；, ; or new lines, or follow one another in 《》; a
 * document may be written without 《》 (`中华人民共和国行政许可法第二十条`); a part that starts
 * with an article (`…第一条；第二条`) continues the articles of the document before it.
 */
export function parseBases(text: string): Parsed<WrittenBasis[]> {
  const bases: WrittenBasis[] = [];
  const parts = text.trim().split(SEPARATOR);
  for (let i = 0; i < parts.length; i += 2) {
    const part = parts[i].trim();
    if (!part) continue;
    const last = bases[bases.length - 1];
    if (last && !part.includes('《') && ARTICLE_START.test(part)) {
      last.articles = `${last.articles}${parts[i - 1]}${part}`;
      continue;
    }
    const before = part.split('《')[0];
    if (trimSeparators(before)) bases.push(unbracketed(trimSeparators(before)));
    for (const m of part.matchAll(/《([^《》]*)》([^《]*)/g)) {
      const title = m[1].trim();
      if (!title) return fail(`实施依据「${part}」中有空的《》`);
      bases.push({ title, articles: trimSeparators(m[2]) });
    }
    if (/》[^《]*》|《[^》]*$/.test(part)) return fail(`实施依据「${part}」中的《》不成对`);
  }
  return ok(bases.length ? bases : null);
}

/** `中华人民共和国行政许可法第二十条` → the title up to the first article, and the articles. */
function unbracketed(text: string): WrittenBasis {
  const at = text.search(/第[0-9零〇一二两三四五六七八九十百千]+条/);
  return at > 0
    ? { title: text.slice(0, at).trim(), articles: text.slice(at).trim() }
    : { title: text.trim(), articles: '' };
}

/**
 * A document title as looked up: NFKC, no whitespace, no 《》, no leading 中华人民共和国, so the
 * same document is found however the sheet writes it.
 */
export function normalizeTitle(title: string): string {
  return compact(title)
    .replace(/[《》〈〉<>]/g, '')
    .replace(/^中华人民共和国/, '');
}

function bigrams(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length - 1; i++) out.push(s.slice(i, i + 2));
  return out.length ? out : [s];
}

/** Dice's coefficient of the character bigrams of two normalized titles, 0 to 1. */
export function titleSimilarity(a: string, b: string): number {
  const x = bigrams(normalizeTitle(a));
  const y = bigrams(normalizeTitle(b));
  const counts = new Map<string, number>();
  for (const g of y) counts.set(g, (counts.get(g) ?? 0) + 1);
  let shared = 0;
  for (const g of x) {
    const n = counts.get(g) ?? 0;
    if (n > 0) {
      shared++;
      counts.set(g, n - 1);
    }
  }
  return (2 * shared) / (x.length + y.length);
}

/** The library's titles closest to one it lacks (at most `n`, similarity at least 0.5), best first. */
export function closestTitles(title: string, library: readonly string[], n = 3): string[] {
  return library
    .map((t) => ({ t, score: titleSimilarity(title, t) }))
    .filter((x) => x.score >= 0.5)
    .sort((a, b) => b.score - a.score || a.t.localeCompare(b.t))
    .slice(0, n)
    .map((x) => x.t);
}
