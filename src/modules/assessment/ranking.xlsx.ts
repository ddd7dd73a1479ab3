/**
 * The Excel export of a ranking: one sheet "排名", a title row (scheme, region, period; 暂定 while
 * the period runs), the header 名次 | 单位 | 单位代码 | 得分 | 扣分 | 未评项数 and one column per
 * section of the scheme (its name and points), then one row per unit, best first. Values, never
 * formulas; points are numbers (format `0.00`).
 */
import ExcelJS from 'exceljs';

import {
  XLSX_FONT as FONT,
  XLSX_HEADER_FILL as HEADER_FILL,
  XLSX_THIN_BORDER as THIN,
} from '../../common/xlsx-style';

import type { SchemeData } from './scheme';
import type { CardTotals } from './scorecard-rules';

/** One unit's row. */
export interface RankingRow {
  rank: number;
  name: string;
  code: string;
  score: number;
  deducted: number;
  card: CardTotals;
}

export const RANKING_SHEET = '排名';
export const RANKING_HEADERS = ['名次', '单位', '单位代码', '得分', '扣分', '未评项数'] as const;

const POINTS = '0.00';

const pointsText = (x: number): string => String(Math.round(x * 100) / 100);

/** The ranking as an .xlsx file. */
export async function rankingWorkbook(input: {
  scheme: SchemeData;
  regionName: string;
  from: string;
  to: string;
  provisional: boolean;
  rows: RankingRow[];
}): Promise<Buffer> {
  const { scheme, rows } = input;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'power-catalog';
  wb.title = `${scheme.name} ${input.regionName} 排名`;
  const ws = wb.addWorksheet(RANKING_SHEET, {
    views: [{ state: 'frozen', xSplit: 2, ySplit: 2, activeCell: 'C3' }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1 },
  });
  const headers = [
    ...RANKING_HEADERS,
    ...scheme.sections.map((s) => `${s.name}（${pointsText(s.maxPoints)}分）`),
  ];
  ws.columns = headers.map((_, i) => ({ width: i === 1 ? 30 : i === 2 ? 14 : 12 }));
  const title = ws.addRow([
    `${scheme.name}（${input.regionName}，${input.from} 至 ${input.to}${input.provisional ? '；暂定' : ''}）排名`,
  ]);
  ws.mergeCells(1, 1, 1, headers.length);
  title.getCell(1).font = { name: FONT, size: 14, bold: true };
  title.getCell(1).alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  title.height = 30;
  const head = ws.addRow(headers);
  head.eachCell((cell) => {
    cell.font = { name: FONT, size: 10.5, bold: true };
    cell.border = THIN;
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    cell.fill = HEADER_FILL;
  });
  head.height = 32;
  for (const r of rows) {
    const unassessed = r.card.sections.reduce(
      (n, s) => n + s.items.filter((i) => !i.assessed).length,
      0,
    );
    const row = ws.addRow([
      r.rank,
      r.name,
      r.code,
      r.score,
      r.deducted,
      unassessed,
      ...r.card.sections.map((s) => s.score),
    ]);
    row.eachCell((cell, col) => {
      cell.font = { name: FONT, size: 10.5 };
      cell.border = THIN;
      cell.alignment = { vertical: 'middle', horizontal: col === 2 ? 'left' : 'center' };
      if (col === 4 || col === 5 || col > RANKING_HEADERS.length) cell.numFmt = POINTS;
    });
  }
  ws.autoFilter = { from: { row: 2, column: 1 }, to: { row: ws.rowCount, column: headers.length } };
  const out = await wb.xlsx.writeBuffer();
  return Buffer.isBuffer(out) ? out : Buffer.from(out);
}
