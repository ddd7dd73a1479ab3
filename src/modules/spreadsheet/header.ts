/**
 * Finding the header row of a 权责清单 sheet and its columns by the names governments give them
 * (DOMAIN.md, "Spreadsheets."). Pure: the sheet arrives as rows of cell text.
 */

/** The columns of the catalog sheet, each with the headers that name it. */
export const CATALOG_COLUMNS = {
  no: ['序号', '编号'],
  code: ['事项编码', '职权编码', '权力编码'],
  name: ['事项名称', '职权名称', '权力名称', '权责事项名称'],
  category: ['事项类别', '职权类别', '权力类型', '事项类型'],
  bases: ['实施依据', '设定依据', '法定依据', '法律依据'],
  subject: ['实施主体', '行使主体', '责任主体'],
  subjectType: ['主体性质'],
  entrustingParty: ['委托方', '委托机关'],
  coImplementers: ['共同实施主体'],
  legalTimeLimit: ['法定时限', '法定期限'],
  promisedTimeLimit: ['承诺时限', '承诺期限'],
  status: ['运行状态', '状态'],
  isKey: ['重点事项', '是否重点'],
  remarks: ['备注'],
} as const satisfies Record<string, readonly string[]>;

export type CatalogColumn = keyof typeof CATALOG_COLUMNS;

/** Where a column was found: its 0-based index and its header as written. */
export interface FoundColumn {
  index: number;
  header: string;
}

export interface FoundHeader<K extends string> {
  /** 0-based index of the last header row (the data starts below it) */
  rowIndex: number;
  columns: Partial<Record<K, FoundColumn>>;
}

/** How many rows from the top the header may sit under titles and notes. */
export const HEADER_SEARCH_ROWS = 30;

/**
 * A header as compared: NFKC, no whitespace, no trailing note in brackets
 * ("法定时限（工作日）" → "法定时限", "实施依据\n(法律法规名称及条款)" → "实施依据").
 */
export function normalizeHeader(text: string): string {
  let s = text.normalize('NFKC').replace(/\s+/g, '');
  for (;;) {
    const cut = s.replace(/[(（[【][^()（）[\]【】]*[)）\]】]$/, '');
    if (cut === s || cut === '') break;
    s = cut;
  }
  return s;
}

function matcher<K extends string>(spec: Record<K, readonly string[]>): Map<string, K> {
  const byName = new Map<string, K>();
  for (const key of Object.keys(spec) as K[]) {
    for (const name of spec[key]) byName.set(normalizeHeader(name), key);
  }
  return byName;
}

function columnsOf<K extends string>(
  row: readonly string[],
  byName: Map<string, K>,
  into: Partial<Record<K, FoundColumn>> = {},
): Partial<Record<K, FoundColumn>> {
  row.forEach((cell, index) => {
    const key = byName.get(normalizeHeader(cell ?? ''));
    if (key !== undefined && into[key] === undefined) into[key] = { index, header: cell.trim() };
  });
  return into;
}

/**
 * The header row: the first of the top `HEADER_SEARCH_ROWS` rows that names at least `minimum`
 * known columns, `required` among them. A header split over two rows (a group heading such as
 * "时限" above "法定时限" and "承诺时限") is read as one: the row below adds the columns it
 * names (headings merged down over both rows repeat where they are), and the data starts under
 * it. Null when no row qualifies.
 */
export function findHeader<K extends string>(
  rows: readonly (readonly string[])[],
  spec: Record<K, readonly string[]>,
  required: NoInfer<K>,
  minimum = 3,
): FoundHeader<K> | null {
  const byName = matcher(spec);
  const top = Math.min(rows.length, HEADER_SEARCH_ROWS);
  for (let r = 0; r < top; r++) {
    const columns = columnsOf(rows[r] ?? [], byName);
    if (columns[required] === undefined || Object.keys(columns).length < minimum) continue;
    const below = rows[r + 1];
    if (below) {
      const more = columnsOf(below, byName);
      const added = (Object.keys(more) as K[]).filter((k) => columns[k] === undefined);
      // a row of headings continues the header: what it repeats sits where it was (merged down)
      const repeats = (Object.keys(more) as K[]).every(
        (k) => columns[k] === undefined || columns[k].index === more[k]!.index,
      );
      // …and holds no number, as a data row's 序号 would be
      const numbers = below.some((cell) => /^\s*\d+\s*$/.test(cell ?? ''));
      if (added.length && repeats && !numbers) {
        for (const k of added) columns[k] = more[k];
        return { rowIndex: r + 1, columns };
      }
    }
    return { rowIndex: r, columns };
  }
  return null;
}
