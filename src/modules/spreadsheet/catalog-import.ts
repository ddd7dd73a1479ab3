/**
 * Reading a catalog workbook into the drafts `importPowers` takes (DOMAIN.md, "Spreadsheets."):
 * the catalog sheet by its header and synonyms, the flowchart, benchmark and excerpt sheets by
 * 事项编码. Pure: names are resolved through the lookups given, and every cell that cannot be read
 * is reported with its sheet row (1-based, as Excel shows it) and its header as written.
 */
import { BadInputError } from '../../errors';
import type {
  DiscretionBenchmarkData,
  FlowchartData,
  FlowNodeData,
  PowerContent,
  PowerStatus,
} from '../catalog/power-content';

import {
  compact,
  parseAmount,
  parseBases,
  parseCategory,
  parseDate,
  parseStatus,
  parseSubjectType,
  parseWorkingDays,
  parseYesNo,
  splitNames,
  type Parsed,
} from './cells';
import { CATALOG_COLUMNS, findHeader, HEADER_SEARCH_ROWS, type FoundHeader } from './header';
import {
  CHART_ZH,
  CIRCUMSTANCE_ZH,
  DISCRETION_COLUMNS,
  DISCRETION_ELEMENT,
  EXCERPT_COLUMNS,
  FLOW_COLUMNS,
  FLOW_ELEMENT,
  NODE_KIND_ZH,
  RISK_LEVEL_ZH,
  keyOf,
} from './layout';

/** A cell as read from the workbook. */
export type CellValue = string | number | boolean | Date | null;

/** A sheet: its name and its rows, `rows[i]` being the sheet's row i + 1. */
export interface Sheet {
  name: string;
  rows: CellValue[][];
}

export interface CatalogSheets {
  catalog: Sheet;
  flows?: Sheet;
  discretion?: Sheet;
  excerpts?: Sheet;
}

/** One error of the report: the sheet's row and the column's header as written. */
export interface SheetError {
  row: number;
  column: string;
  message: string;
}

/** A cell's place, for an error. */
export interface Place {
  row: number;
  column: string;
}

/** What a name resolves to: an id, or why not. */
export type Resolved = { id: string } | { message: string };

export interface Lookups {
  /** the unit the catalog is imported into; its name is the one 实施主体 may name */
  owner: { id: string; name: string };
  /** a document of the law library by its title as written */
  document(title: string): Resolved;
  /** a unit the caller may name as a co-implementer, by its name */
  unit(name: string): Resolved;
}

/** One power read from the sheet: its row, the draft and where each of its fields was read. */
export interface SheetEntry {
  row: number;
  status: PowerStatus;
  draft: PowerContent;
  /** the cell a field path under the entry (`draft.externalFlow.nodes[2].label`) was read from */
  places: Map<string, Place>;
}

export interface ReadCatalog {
  entries: SheetEntry[];
  errors: SheetError[];
  /** how many data rows the catalog sheet holds */
  rows: number;
}

/** The most rows one workbook may hold in its catalog sheet. */
export const MAX_ROWS = 20000;

/** A cell as text: numbers as written, dates as YYYY-MM-DD, rich text joined. */
export function cellText(v: CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  return String(v);
}

/** The top rows of a sheet as text, where its header is looked for. */
const topRows = (sheet: Sheet): string[][] =>
  sheet.rows.slice(0, HEADER_SEARCH_ROWS + 1).map((row) => Array.from(row ?? [], cellText));

const blankRow = (row: readonly CellValue[] | undefined): boolean =>
  !row || row.every((c) => cellText(c).trim() === '');

/**
 * Where a validation path was read: the longest prefix of it that has a place
 * (`draft.externalFlow.nodes[2].riskPoints[0].measures` → the risk point's row, 防控措施).
 */
export function placeOf(places: Map<string, Place>, path: string): Place | undefined {
  for (let p = path; p; p = p.replace(/(\.[^.[\]]+|\[\d+\])$/, '')) {
    const at = places.get(p);
    if (at) return at;
    if (!/(\.[^.[\]]+|\[\d+\])$/.test(p)) break;
  }
  return undefined;
}

/** Reads one sheet's data rows through its found header. */
class SheetReader<K extends string> {
  constructor(
    readonly sheet: Sheet,
    readonly header: FoundHeader<K>,
    readonly spec: Record<K, readonly string[]>,
    /** the prefix of column names in errors: "流程图!" for a further sheet */
    readonly prefix: string,
  ) {}

  /** The data rows with their sheet row numbers, blank rows left out. */
  *dataRows(): Generator<{ row: number; cells: CellValue[] }> {
    for (let i = this.header.rowIndex + 1; i < this.sheet.rows.length; i++) {
      const cells = this.sheet.rows[i];
      if (!blankRow(cells)) yield { row: i + 1, cells };
    }
  }

  column(key: K): string {
    return `${this.prefix}${this.header.columns[key]?.header ?? this.spec[key][0]}`;
  }

  raw(cells: readonly CellValue[], key: K): CellValue {
    const at = this.header.columns[key];
    return at === undefined ? null : (cells[at.index] ?? null);
  }

  text(cells: readonly CellValue[], key: K): string {
    return cellText(this.raw(cells, key));
  }

  /** Free text as written, or null when blank. */
  optional(cells: readonly CellValue[], key: K): string | null {
    const t = this.text(cells, key);
    return t.trim() ? t : null;
  }
}

/** Collects errors, and the cells they were found in, so validation does not repeat them. */
class Report {
  readonly errors: SheetError[] = [];
  private readonly bad = new Set<string>();

  add(place: Place, message: string): void {
    this.errors.push({ ...place, message });
    this.bad.add(`${place.row}\u0000${place.column}`);
  }

  /** Whether a cell already has an error of its own. */
  has(place: Place): boolean {
    return this.bad.has(`${place.row}\u0000${place.column}`);
  }

  /** The value parsed, or undefined with the error reported at `place`. */
  take<T>(parsed: Parsed<T>, place: Place): T | null | undefined {
    if (parsed.ok) return parsed.value;
    this.add(place, parsed.message);
    return undefined;
  }
}

const numberOrText = (v: CellValue): string | number => (typeof v === 'number' ? v : cellText(v));

const dateOrText = (v: CellValue): string | Date => (v instanceof Date ? v : cellText(v));

/**
 * Reads the workbook's sheets into entries. BAD_USER_INPUT when the catalog sheet has no header
 * naming 事项名称 in its first 30 rows, or holds more than MAX_ROWS rows.
 */
export function readCatalog(sheets: CatalogSheets, lookups: Lookups): ReadCatalog {
  const header = findHeader(topRows(sheets.catalog), CATALOG_COLUMNS, 'name');
  if (!header) {
    throw new BadInputError(
      `工作表「${sheets.catalog.name}」的前 30 行中未找到表头（应有“事项名称”等列）`,
      [{ path: 'body', message: '未找到表头' }],
    );
  }
  const main = new SheetReader(sheets.catalog, header, CATALOG_COLUMNS, '');
  const report = new Report();
  const entries: SheetEntry[] = [];
  let rows = 0;
  for (const { row, cells } of main.dataRows()) {
    // a note under the table ("注：…") fills one cell outside the code and name columns
    const filled = cells.filter((c) => cellText(c).trim() !== '').length;
    if (filled === 1 && !main.text(cells, 'name').trim() && !main.text(cells, 'code').trim()) {
      continue;
    }
    rows++;
    if (rows > MAX_ROWS) {
      throw new BadInputError(`单个工作簿最多导入 ${MAX_ROWS} 行`, [
        { path: 'body', message: `超过 ${MAX_ROWS} 行` },
      ]);
    }
    entries.push(readCatalogRow(main, row, cells, lookups, report));
  }
  const byCode = new Map<string, SheetEntry>();
  for (const e of entries)
    if (e.draft.code && !byCode.has(e.draft.code)) byCode.set(e.draft.code, e);
  if (sheets.flows) readFlows(sheets.flows, byCode, report);
  if (sheets.discretion) readDiscretion(sheets.discretion, byCode, report);
  if (sheets.excerpts) readExcerpts(sheets.excerpts, byCode, report);
  return { entries, errors: report.errors, rows };
}

function readCatalogRow(
  r: SheetReader<keyof typeof CATALOG_COLUMNS>,
  row: number,
  cells: CellValue[],
  lookups: Lookups,
  report: Report,
): SheetEntry {
  const at = (key: keyof typeof CATALOG_COLUMNS): Place => ({ row, column: r.column(key) });
  const places = new Map<string, Place>([
    ['draft', at('name')],
    ['unitId', at('subject')],
    ['status', at('status')],
    ['draft.code', at('code')],
    ['draft.name', at('name')],
    ['draft.category', at('category')],
    ['draft.isKey', at('isKey')],
    ['draft.subject', at('subject')],
    ['draft.subject.type', r.header.columns.subjectType ? at('subjectType') : at('subject')],
    ['draft.subject.entrustingParty', at('entrustingParty')],
    ['draft.subject.coImplementerIds', at('coImplementers')],
    ['draft.legalBases', at('bases')],
    ['draft.legalTimeLimitDays', at('legalTimeLimit')],
    ['draft.promisedTimeLimitDays', at('promisedTimeLimit')],
  ]);
  const draft: PowerContent = {};
  const code = r.text(cells, 'code').trim();
  if (code) draft.code = code;
  const name = r.text(cells, 'name').trim();
  if (name) draft.name = name;
  const category = report.take(parseCategory(r.text(cells, 'category')), at('category'));
  if (category) draft.category = category;
  const isKey = report.take(parseYesNo(r.text(cells, 'isKey')), at('isKey'));
  draft.isKey = isKey ?? false;

  const subjectName = r.text(cells, 'subject').trim();
  const type = report.take(parseSubjectType(r.text(cells, 'subjectType')), at('subjectType'));
  const coImplementerIds: string[] = [];
  for (const n of splitNames(r.text(cells, 'coImplementers'))) {
    const u = lookups.unit(n);
    if ('id' in u) coImplementerIds.push(u.id);
    else report.add(at('coImplementers'), u.message);
  }
  if (subjectName) {
    if (compact(subjectName) !== compact(lookups.owner.name)) {
      report.add(
        at('subject'),
        `实施主体「${subjectName}」应为导入的单位「${lookups.owner.name}」本身`,
      );
    } else {
      draft.subject = {
        unitId: lookups.owner.id,
        type: type ?? 'STATUTORY',
        entrustingParty: r.optional(cells, 'entrustingParty')?.trim() ?? null,
        coImplementerIds,
      };
    }
  }

  const bases = report.take(parseBases(r.text(cells, 'bases')), at('bases'));
  if (bases) {
    draft.legalBases = [];
    for (const b of bases) {
      const doc = lookups.document(b.title);
      if ('id' in doc) draft.legalBases.push({ documentId: doc.id, articles: b.articles });
      else report.add(at('bases'), doc.message);
    }
  }
  const legal = report.take(
    parseWorkingDays(numberOrText(r.raw(cells, 'legalTimeLimit')), r.column('legalTimeLimit')),
    at('legalTimeLimit'),
  );
  if (legal !== undefined) draft.legalTimeLimitDays = legal;
  const promised = report.take(
    parseWorkingDays(
      numberOrText(r.raw(cells, 'promisedTimeLimit')),
      r.column('promisedTimeLimit'),
    ),
    at('promisedTimeLimit'),
  );
  if (promised !== undefined) draft.promisedTimeLimitDays = promised;
  const status = report.take(parseStatus(r.text(cells, 'status')), at('status'));
  return { row, status: status ?? 'ACTIVE', draft, places };
}

/** The entry a further sheet's row names by 事项编码, or undefined with the error reported. */
function entryOf<K extends string>(
  r: SheetReader<K>,
  codeKey: NoInfer<K>,
  row: number,
  cells: CellValue[],
  byCode: Map<string, SheetEntry>,
  report: Report,
): SheetEntry | undefined {
  const code = r.text(cells, codeKey).trim();
  const entry = byCode.get(code);
  if (!entry) {
    report.add(
      { row, column: r.column(codeKey) },
      code ? `事项编码「${code}」不在权责清单工作表中` : '缺少事项编码',
    );
  }
  return entry;
}

function furtherSheet<K extends string>(
  sheet: Sheet,
  spec: Record<K, readonly string[]>,
  required: NoInfer<K>,
  report: Report,
): SheetReader<K> | null {
  const header = findHeader(topRows(sheet), spec, required, 2);
  if (!header) {
    report.add(
      { row: 1, column: `${sheet.name}!` },
      `工作表「${sheet.name}」的前 30 行中未找到表头`,
    );
    return null;
  }
  return new SheetReader(sheet, header, spec, `${sheet.name}!`);
}

type FlowKey = keyof typeof FLOW_COLUMNS;

function readFlows(sheet: Sheet, byCode: Map<string, SheetEntry>, report: Report): void {
  const r = furtherSheet(sheet, FLOW_COLUMNS, 'code', report);
  if (!r) return;
  const lastNode = new Map<FlowchartData, number>();
  for (const { row, cells } of r.dataRows()) {
    const at = (key: FlowKey): Place => ({ row, column: r.column(key) });
    const entry = entryOf(r, 'code', row, cells, byCode, report);
    const chartKey = keyOf(CHART_ZH, r.text(cells, 'chart'));
    if (!chartKey) {
      report.add(at('chart'), `「${r.text(cells, 'chart')}」应为外部流程图或内部流程图`);
    }
    const element = keyOf(FLOW_ELEMENT, r.text(cells, 'element'));
    if (!element) {
      report.add(at('element'), `「${r.text(cells, 'element')}」应为基本信息、节点、连线或风险点`);
    }
    if (!entry || !chartKey || !element) continue;
    const base = `draft.${chartKey}`;
    let chart = entry.draft[chartKey];
    if (!chart) {
      chart = entry.draft[chartKey] = { nodes: [], edges: [] };
      entry.places.set(base, at('chart'));
    }
    const put = (path: string, key: FlowKey) => entry.places.set(`${base}.${path}`, at(key));
    const date = (key: 'approvedOn' | 'publishedOn' | 'filedOn') =>
      report.take(parseDate(dateOrText(r.raw(cells, key)), r.column(key)), at(key)) ?? null;
    if (element === 'chart') {
      chart.supervision = r.optional(cells, 'supervision');
      chart.counterpartyRights = r.optional(cells, 'counterpartyRights');
      chart.complaintChannel = r.optional(cells, 'complaintChannel');
      chart.approvedOn = date('approvedOn');
      chart.publishedOn = date('publishedOn');
      chart.filedOn = date('filedOn');
      for (const k of ['supervision', 'counterpartyRights', 'complaintChannel'] as const) put(k, k);
      for (const k of ['approvedOn', 'publishedOn', 'filedOn'] as const) put(k, k);
    } else if (element === 'node') {
      const i = chart.nodes.length;
      const kind = keyOf(NODE_KIND_ZH, r.text(cells, 'kind'));
      if (!kind)
        report.add(at('kind'), `节点类型「${r.text(cells, 'kind')}」应为开始、步骤、判断或结束`);
      const days = report.take(
        parseWorkingDays(numberOrText(r.raw(cells, 'timeLimit')), r.column('timeLimit')),
        at('timeLimit'),
      );
      const node: FlowNodeData = {
        key: r.text(cells, 'key').trim(),
        kind: kind ?? 'STEP',
        label: r.text(cells, 'label'),
        post: r.optional(cells, 'post'),
        duty: r.optional(cells, 'duty'),
        timeLimitDays: days ?? null,
        externalKey: r.optional(cells, 'externalKey')?.trim() ?? null,
      };
      chart.nodes.push(node);
      lastNode.set(chart, i);
      put(`nodes[${i}]`, 'key');
      const fields = [
        ['key', 'key'],
        ['kind', 'kind'],
        ['label', 'label'],
        ['post', 'post'],
        ['duty', 'duty'],
        ['timeLimitDays', 'timeLimit'],
        ['externalKey', 'externalKey'],
      ] as const;
      for (const [field, key] of fields) put(`nodes[${i}].${field}`, key);
    } else if (element === 'edge') {
      const k = chart.edges.length;
      chart.edges.push({
        from: r.text(cells, 'from').trim(),
        to: r.text(cells, 'to').trim(),
        label: r.optional(cells, 'label'),
      });
      put(`edges[${k}]`, 'from');
      put(`edges[${k}].from`, 'from');
      put(`edges[${k}].to`, 'to');
      put(`edges[${k}].label`, 'label');
    } else {
      const i = lastNode.get(chart);
      if (i === undefined) {
        report.add(at('element'), '风险点应写在它所属节点的下方');
        continue;
      }
      const node = chart.nodes[i];
      const level = keyOf(RISK_LEVEL_ZH, r.text(cells, 'riskLevel'));
      if (!level)
        report.add(at('riskLevel'), `风险等级「${r.text(cells, 'riskLevel')}」应为高、中或低`);
      const j = (node.riskPoints ??= []).length;
      node.riskPoints.push({
        description: r.text(cells, 'riskDescription'),
        level: level ?? 'MEDIUM',
        measures: r.text(cells, 'riskMeasures'),
      });
      put(`nodes[${i}].riskPoints[${j}]`, 'riskDescription');
      put(`nodes[${i}].riskPoints[${j}].description`, 'riskDescription');
      put(`nodes[${i}].riskPoints[${j}].level`, 'riskLevel');
      put(`nodes[${i}].riskPoints[${j}].measures`, 'riskMeasures');
    }
  }
}

type DiscretionKey = keyof typeof DISCRETION_COLUMNS;

function readDiscretion(sheet: Sheet, byCode: Map<string, SheetEntry>, report: Report): void {
  const r = furtherSheet(sheet, DISCRETION_COLUMNS, 'code', report);
  if (!r) return;
  for (const { row, cells } of r.dataRows()) {
    const at = (key: DiscretionKey): Place => ({ row, column: r.column(key) });
    const entry = entryOf(r, 'code', row, cells, byCode, report);
    const element = keyOf(DISCRETION_ELEMENT, r.text(cells, 'element'));
    if (!element)
      report.add(at('element'), `「${r.text(cells, 'element')}」应为基本信息、档次或情节`);
    if (!entry || !element) continue;
    let d: DiscretionBenchmarkData | null | undefined = entry.draft.discretion;
    if (!d) {
      d = entry.draft.discretion = { tiers: [], circumstances: [] };
      entry.places.set('draft.discretion', at('element'));
    }
    const put = (path: string, key: DiscretionKey) =>
      entry.places.set(`draft.discretion.${path}`, at(key));
    if (element === 'benchmark') {
      d.applicationRules = r.optional(cells, 'applicationRules');
      for (const key of ['filedOn', 'adjustedOn'] as const) {
        d[key] =
          report.take(parseDate(dateOrText(r.raw(cells, key)), r.column(key)), at(key)) ?? null;
        put(key, key);
      }
      put('applicationRules', 'applicationRules');
    } else if (element === 'tier') {
      const i = d.tiers.length;
      const fine = (key: 'minFine' | 'maxFine') =>
        report.take(parseAmount(numberOrText(r.raw(cells, key)), r.column(key)), at(key)) ?? null;
      d.tiers.push({
        level: r.text(cells, 'level').trim(),
        conditions: r.text(cells, 'conditions'),
        sanction: r.text(cells, 'sanction'),
        minFine: fine('minFine'),
        maxFine: fine('maxFine'),
      });
      put(`tiers[${i}]`, 'level');
      for (const k of ['level', 'conditions', 'sanction', 'minFine', 'maxFine'] as const) {
        put(`tiers[${i}].${k}`, k);
      }
    } else {
      const j = d.circumstances.length;
      const kind = keyOf(CIRCUMSTANCE_ZH, r.text(cells, 'circumstanceKind'));
      if (!kind) {
        report.add(
          at('circumstanceKind'),
          `情节类型「${r.text(cells, 'circumstanceKind')}」应为不予处罚、减轻处罚、从轻处罚或从重处罚`,
        );
      }
      d.circumstances.push({
        kind: kind ?? 'LIGHTER',
        description: r.text(cells, 'circumstance'),
      });
      put(`circumstances[${j}]`, 'circumstance');
      put(`circumstances[${j}].kind`, 'circumstanceKind');
      put(`circumstances[${j}].description`, 'circumstance');
    }
  }
}

function readExcerpts(sheet: Sheet, byCode: Map<string, SheetEntry>, report: Report): void {
  const r = furtherSheet(sheet, EXCERPT_COLUMNS, 'code', report);
  if (!r) return;
  for (const { row, cells } of r.dataRows()) {
    const entry = entryOf(r, 'code', row, cells, byCode, report);
    if (!entry) continue;
    const ord = Number(compact(r.text(cells, 'ord')));
    const basis = Number.isInteger(ord) ? entry.draft.legalBases?.[ord - 1] : undefined;
    if (!basis) {
      report.add(
        { row, column: r.column('ord') },
        `依据序号「${r.text(cells, 'ord')}」不对应该事项实施依据中的第几个文件`,
      );
      continue;
    }
    basis.excerpt = r.optional(cells, 'excerpt');
    entry.places.set(`draft.legalBases[${ord - 1}].excerpt`, {
      row,
      column: r.column('excerpt'),
    });
  }
}
