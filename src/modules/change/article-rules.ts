import Nzh from 'nzh';

/**
 * Article numbers (条) as legal texts write them, Chinese numerals or Arabic digits alike: 第十二条
 * and 第12条 are one article; 第十二条至第十五条 (or 第十二至十五条, 第12-15条) is a range; a list is
 * separated by 、，, ; or 和/及. Paragraphs and items (第一款, 第三项) narrow an article and are
 * ignored: an amendment of the article touches them all. Chinese numerals are read by `nzh`.
 */

/** The longest range read as a range (第一条至第九百九十九条 is a whole code, not a typo). */
const MAX_RANGE = 1000;

const NUM = '[0-9０-９零〇一二两三四五六七八九十百千]+';
const ARTICLE = new RegExp(
  `第\\s*(${NUM})\\s*(?:条)?(?:\\s*(?:至|到|-|－|—|~|～)\\s*(?:第)?\\s*(${NUM}))?\\s*条`,
  'g',
);

/** One numeral, Chinese or Arabic (full-width digits too), as a positive integer; else null. */
export function articleNumber(text: string): number | null {
  const ascii = text.replace(/[０-９]/g, (d) => String(d.charCodeAt(0) - 0xff10));
  if (/^[0-9]+$/.test(ascii)) {
    const n = Number(ascii);
    return n > 0 ? n : null;
  }
  const n = Number(Nzh.cn.decodeS(ascii.replace(/两/g, '二')));
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/**
 * The article numbers a text names, or null when it names none that can be read ("全文", "附则",
 * an empty string). A range from a higher to a lower number, or longer than MAX_RANGE, is read
 * as its two ends.
 */
export function parseArticles(text: string | null | undefined): Set<number> | null {
  if (!text) return null;
  const out = new Set<number>();
  for (const m of text.matchAll(ARTICLE)) {
    const from = articleNumber(m[1]!);
    if (from === null) continue;
    const to = m[2] ? articleNumber(m[2]) : null;
    if (to !== null && to >= from && to - from <= MAX_RANGE) {
      for (let n = from; n <= to; n++) out.add(n);
    } else {
      out.add(from);
      if (to !== null) out.add(to);
    }
  }
  return out.size ? out : null;
}

/**
 * Whether a basis citing `basisArticles` is affected by an amendment of `amendedArticles`: every
 * basis is when the amendment names no articles (the whole document), and so is a basis whose
 * articles cannot be read; else when the two share an article.
 */
export function basisAffected(
  amended: ReadonlySet<number> | null,
  basisArticles: string | null | undefined,
): boolean {
  if (!amended) return true;
  const cited = parseArticles(basisArticles);
  if (!cited) return true;
  for (const n of cited) if (amended.has(n)) return true;
  return false;
}
