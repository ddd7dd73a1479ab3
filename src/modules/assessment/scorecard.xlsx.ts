/**
 * The Excel export of a scorecard: a pure function from ScorecardData (and the names of the units
 * and powers its deductions cite) to an .xlsx file, laid out like the source table.
 *
 * - Sheet 1 "评分表": a title row (scheme, subject, period; 暂定 while the period runs, and how many
 *   items are not yet assessed); the header 项目 | 序号 | 目标要求 | 分值 | 评分说明 | 得分 | 扣分 |
 *   扣分次数 | 适用数 | 合规数 | 评定; one row per item in table order, the section's name (and
 *   points, as the table writes "组织管理 10分") in 项目, merged down over its items; a 合计 row.
 *   An unassessed manual item leaves 得分 empty and says 未评; the 加分 / 减分 rows say so in 序号;
 *   weighted items show the records judged and those that comply.
 * - Sheet 2 "扣分明细": one row per deduction of every item, with the records behind it: the
 *   power's code, name and version number, the appeal against it, and its id (to appeal it).
 *
 * Every cell holds a value, never a formula; points stay numbers (format `0.00`), dates are real
 * dates, item codes that are numbers ("8") are written as numbers.
 */
import ExcelJS from 'exceljs';

import {
  XLSX_FONT as FONT,
  XLSX_HEADER_FILL as HEADER_FILL,
  XLSX_THIN_BORDER as THIN,
} from '../../common/xlsx-style';
import { isIsoDate, parseIsoDate } from '../calendar/iso-date';

import type { DeductionData, ItemScoreData, ScorecardData } from './scorecard.types';

/** The names the deductions sheet shows instead of ids. */
export interface ScorecardNames {
  /** unitId → the unit's name */
  units: Map<string, string>;
  /** powerId → the power's code and name */
  powers: Map<string, { code: string; name: string }>;
  /** versionId → the version's number */
  versions: Map<string, number>;
}

/** The sheets' names and headers, exported for tests and for readers of the file. */
export const SCORE_SHEET = '评分表';
export const DEDUCTION_SHEET = '扣分明细';
export const SCORE_HEADERS = [
  '项目',
  '序号',
  '目标要求',
  '分值',
  '评分说明',
  '得分',
  '扣分',
  '扣分次数',
  '适用数',
  '合规数',
  '评定',
] as const;
export const DEDUCTION_HEADERS = [
  '序号',
  '扣分',
  '原因',
  '发生日期',
  '单位',
  '权力事项编码',
  '权力事项名称',
  '版本号',
  '变更申请ID',
  '义务ID',
  '记录ID',
  '人工认定',
  '申诉',
  '扣分ID',
] as const;

/** Column widths in characters (a CJK character counts two). */
const SCORE_WIDTHS = [12, 6, 50, 8, 50, 8, 8, 10, 8, 8, 10];
const DEDUCTION_WIDTHS = [8, 8, 60, 12, 24, 26, 30, 8, 38, 38, 38, 10, 16, 38];

const POINTS = '0.00';
const DATE = 'yyyy-mm-dd';
/** Points of a row per line of text, and the lowest row. */
const LINE_HEIGHT = 15;

const TOTAL_FILL: ExcelJS.Fill = {
  type: 'pattern',
  pattern: 'solid',
  fgColor: { argb: 'FFF2F2F2' },
};

/** Points as the table writes them: 10, 1.5, 0.25. */
const pointsText = (x: number): string => String(Math.round(x * 100) / 100);

/** The district table's words for its bonus and penalty rows. */
const ROW_NAMES: Record<string, string> = { BONUS: '加分', PENALTY: '减分' };

/** An item code as a cell: a number when it is one ("8" → 8), 加分 / 减分, or the code. */
const codeCell = (code: string): number | string =>
  /^\d+$/.test(code) ? Number(code) : (ROW_NAMES[code] ?? code);

/** How an item was scored: by the system, by an assessor, or not yet (未评). */
const assessment = (item: ItemScoreData): string =>
  item.derived ? '系统计分' : item.assessed ? '已评' : '未评';

/** The appeal of a deduction, as the deductions sheet says it. */
const APPEAL_TEXT = { OPEN: '申诉中', UPHELD: '申诉维持', OVERTURNED: '申诉撤销扣分' } as const;

/** An instant as China Standard Time, to the minute: 2026-12-01 10:30. */
const chinaTime = (at: Date): string =>
  new Date(at.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 16).replace('T', ' ');

/** The title of the score sheet: what, whose, when; 暂定 while the period runs; what is unassessed. */
export function scorecardTitle(card: ScorecardData): string {
  const unassessed = card.sections.reduce(
    (n, s) => n + s.items.filter((i) => !i.assessed).length,
    0,
  );
  const notes = [
    card.provisional ? `暂定，截至 ${chinaTime(card.asOf)}` : null,
    unassessed ? `${unassessed} 项未评` : null,
  ].filter((x): x is string => x !== null);
  return `${card.schemeName}（${card.subjectName}，${card.from} 至 ${card.to}${notes.map((x) => `；${x}`).join('')}）`;
}

/** A date as a cell: a real date for "YYYY-MM-DD", the text otherwise, empty for none. */
const dateCell = (s: string | null): Date | string | null =>
  s === null ? null : isIsoDate(s) ? parseIsoDate(s) : s;

/** The width of a line in Excel's character units: CJK and full-width characters count two. */
function lineWidth(line: string): number {
  let w = 0;
  for (const ch of line)
    w +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(
        ch,
      )
        ? 2
        : 1;
  return w;
}

/** How many lines `text` wraps to in a column `width` characters wide. */
function linesIn(text: string, width: number): number {
  const usable = Math.max(1, width - 1);
  return text
    .split('\n')
    .reduce((n, line) => n + Math.max(1, Math.ceil(lineWidth(line) / usable)), 0);
}

/**
 * Sets a row's height to fit its wrapped text (Excel does not measure rows a file leaves at the
 * default height), reading the widths of the columns given; `skip` names columns whose text is
 * merged over several rows and need not fit in this one.
 */
function fitRow(row: ExcelJS.Row, widths: number[], skip: number[] = []): void {
  let lines = 1;
  row.eachCell((cell, col) => {
    if (typeof cell.value === 'string' && !skip.includes(col))
      lines = Math.max(lines, linesIn(cell.value, widths[col - 1]));
  });
  row.height = lines * LINE_HEIGHT;
}

/** Styles the cells 1..n of a row: border, wrap, the alignment of each column. */
function styleRow(
  row: ExcelJS.Row,
  n: number,
  align: (col: number) => ExcelJS.Alignment['horizontal'],
): void {
  for (let col = 1; col <= n; col++) {
    const cell = row.getCell(col);
    cell.border = THIN;
    cell.font = { name: FONT, size: 10.5 };
    cell.alignment = { wrapText: true, vertical: 'middle', horizontal: align(col) };
  }
}

/** A header row: bold, filled, centered. */
function header(ws: ExcelJS.Worksheet, titles: readonly string[]): ExcelJS.Row {
  const row = ws.addRow([...titles]);
  styleRow(row, titles.length, () => 'center');
  row.eachCell((cell) => {
    cell.font = { name: FONT, size: 10.5, bold: true };
    cell.fill = HEADER_FILL;
  });
  row.height = 20;
  return row;
}

/** Sheet 1: the table with each item's points and score. */
function scoreSheet(wb: ExcelJS.Workbook, card: ScorecardData): void {
  const ws = wb.addWorksheet(SCORE_SHEET, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 2, activeCell: 'A3' }],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '1:2',
    },
  });
  ws.columns = SCORE_WIDTHS.map((width) => ({ width }));

  const title = ws.addRow([scorecardTitle(card)]);
  ws.mergeCells(1, 1, 1, SCORE_HEADERS.length);
  title.getCell(1).font = { name: FONT, size: 14, bold: true };
  title.getCell(1).alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
  title.height = 30;
  header(ws, SCORE_HEADERS);

  const center = (col: number) => (col === 3 || col === 5 ? 'left' : 'center');
  for (const section of card.sections) {
    const first = ws.rowCount + 1;
    // the section's points as the table gives them (its maxPoints counts only the items scored)
    const tablePoints = section.items.reduce((a, i) => a + i.maxPoints, 0);
    for (const [i, item] of section.items.entries()) {
      const row = ws.addRow([
        i === 0 ? `${section.name}\n${pointsText(tablePoints)}分` : null,
        codeCell(item.code),
        item.requirement,
        item.maxPoints,
        item.scoring,
        item.assessed ? item.score : null,
        item.assessed ? item.deducted : null,
        item.cases,
        item.applicable,
        item.compliant,
        assessment(item),
      ]);
      styleRow(row, SCORE_HEADERS.length, center);
      for (const col of [4, 6, 7]) row.getCell(col).numFmt = POINTS;
      if (item.capped) row.getCell(7).note = cappedNote(item);
      fitRow(row, SCORE_WIDTHS, section.items.length > 1 ? [1] : []);
    }
    const last = ws.rowCount;
    if (last > first) ws.mergeCells(first, 1, last, 1);
  }

  const cases = card.sections.reduce((n, s) => n + s.items.reduce((m, i) => m + i.cases, 0), 0);
  const total = ws.addRow([
    '合计',
    null,
    null,
    card.maxPoints,
    null,
    card.score,
    card.deducted,
    cases,
    null,
    null,
    card.complete ? null : '未评完：合计只含已评项',
  ]);
  styleRow(total, SCORE_HEADERS.length, center);
  for (let col = 1; col <= SCORE_HEADERS.length; col++) {
    const cell = total.getCell(col);
    cell.font = { name: FONT, size: 10.5, bold: true };
    cell.fill = TOTAL_FILL;
  }
  for (const col of [4, 6, 7]) total.getCell(col).numFmt = POINTS;
  ws.mergeCells(total.number, 1, total.number, 3);
  total.height = 20;
}

/** The note on a capped item's 扣分: what was found, and that no item goes below zero. */
function cappedNote(item: ItemScoreData): string {
  const found = item.deductions.reduce((s, d) => s + d.points, 0);
  return `发现扣分 ${pointsText(found)} 分，超过本项分值 ${pointsText(item.maxPoints)} 分，按“扣完为止”计 ${pointsText(item.deducted)} 分`;
}

/** Sheet 2: every deduction with the records behind it. */
function deductionSheet(wb: ExcelJS.Workbook, card: ScorecardData, names: ScorecardNames): void {
  const ws = wb.addWorksheet(DEDUCTION_SHEET, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 1, activeCell: 'A2' }],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
    },
  });
  ws.columns = DEDUCTION_WIDTHS.map((width) => ({ width }));
  header(ws, DEDUCTION_HEADERS);

  const deductions: DeductionData[] = card.sections.flatMap((s) =>
    s.items.flatMap((i) => i.deductions),
  );
  const align = (col: number) => (col === 3 || col === 5 ? 'left' : 'center');
  for (const d of deductions) {
    const power = d.powerId === null ? null : names.powers.get(d.powerId);
    const row = ws.addRow([
      codeCell(d.itemCode),
      d.points,
      d.reason,
      dateCell(d.occurredOn),
      names.units.get(d.unitId) ?? d.unitId,
      d.powerId === null ? null : (power?.code ?? d.powerId),
      power?.name ?? null,
      d.versionId === null ? null : (names.versions.get(d.versionId) ?? d.versionId),
      d.changeRequestId,
      d.obligationId,
      d.recordId,
      d.manual ? '是' : '否',
      d.appeal ? APPEAL_TEXT[d.appeal.status] : null,
      d.id,
    ]);
    styleRow(row, DEDUCTION_HEADERS.length, align);
    row.getCell(2).numFmt = POINTS;
    row.getCell(4).numFmt = DATE;
    fitRow(row, DEDUCTION_WIDTHS);
  }
  ws.autoFilter = {
    from: { row: 1, column: 1 },
    to: { row: Math.max(1, ws.rowCount), column: DEDUCTION_HEADERS.length },
  };
}

/**
 * The scorecard as an .xlsx file: "评分表" laid out like the source table, "扣分明细" one row
 * per deduction, units shown by name, powers by code and name, versions by number (the ids where
 * a name is missing).
 */
export async function scorecardWorkbook(
  card: ScorecardData,
  names: ScorecardNames,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'power-catalog';
  wb.title = `${card.schemeName} ${card.subjectName}`;
  wb.subject = `${card.from} 至 ${card.to}`;
  scoreSheet(wb, card);
  deductionSheet(wb, card, names);
  const out = await wb.xlsx.writeBuffer();
  return Buffer.isBuffer(out) ? out : Buffer.from(out);
}
