/**
 * The catalog workbook as a file: reading an uploaded .xlsx into sheets of cell values, and writing
 * a catalog in the published 权责清单 layout (a title row, a frozen header, widths, wrapped text)
 * with its flowcharts, benchmarks and basis excerpts as further sheets keyed by 事项编码.
 */
import ExcelJS from 'exceljs';

import {
  XLSX_FONT as FONT,
  XLSX_HEADER_FILL as HEADER_FILL,
  XLSX_THIN_BORDER as THIN,
} from '../../common/xlsx-style';
import { BadInputError } from '../../errors';
import { CATEGORY_INFO, type PowerContent, type PowerStatus } from '../catalog/power-content';

import type { CatalogSheets, CellValue, Sheet } from './catalog-import';
import { STATUS_ZH, SUBJECT_TYPE_ZH } from './cells';
import {
  CATALOG_LAYOUT,
  CATALOG_SHEET,
  CHART_ZH,
  CIRCUMSTANCE_ZH,
  DISCRETION_COLUMNS,
  DISCRETION_ELEMENT,
  DISCRETION_SHEET,
  EXCERPT_COLUMNS,
  EXCERPT_SHEET,
  FLOW_COLUMNS,
  FLOW_ELEMENT,
  FLOW_SHEET,
  NODE_KIND_ZH,
  RISK_LEVEL_ZH,
  WIDE,
} from './layout';

/** The largest workbook the import takes. */
export const MAX_WORKBOOK_BYTES = 20 * 1024 * 1024;

/** A cell value of exceljs as plain data: formulas by their result, rich text and links as text. */
function plain(v: ExcelJS.CellValue): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v;
  if ('richText' in v) return v.richText.map((t) => t.text).join('');
  if ('formula' in v || 'sharedFormula' in v) {
    const r = (v as { result?: unknown }).result;
    return r === undefined || (typeof r === 'object' && r !== null && !(r instanceof Date))
      ? null
      : (r as CellValue);
  }
  if ('text' in v) return typeof v.text === 'string' ? v.text : plain(v.text as ExcelJS.CellValue);
  return null; // an error value (#N/A …)
}

function sheetOf(ws: ExcelJS.Worksheet): Sheet {
  const rows: CellValue[][] = [];
  ws.eachRow({ includeEmpty: false }, (row, n) => {
    const values = row.values as ExcelJS.CellValue[];
    const cells: CellValue[] = [];
    for (let c = 1; c < values.length; c++) cells.push(plain(values[c]));
    rows[n - 1] = cells;
  });
  for (let i = 0; i < rows.length; i++) rows[i] ??= [];
  return { name: ws.name, rows };
}

/**
 * The sheets of an uploaded workbook: the catalog (the sheet named 权责清单, else the first
 * one), and the flowchart, benchmark and excerpt sheets when present. BAD_USER_INPUT when the body
 * is not an .xlsx workbook.
 */
export async function readWorkbook(body: Buffer): Promise<CatalogSheets> {
  const notWorkbook = () =>
    new BadInputError('上传的内容不是 Excel 工作簿（.xlsx），请另存为 .xlsx 后重试', [
      { path: 'body', message: '不是 .xlsx 工作簿' },
    ]);
  // an .xlsx is a zip archive: PK\3\4
  if (body.length < 4 || body.readUInt32LE(0) !== 0x04034b50) throw notWorkbook();
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(body as unknown as ArrayBuffer);
  } catch {
    throw notWorkbook();
  }
  const sheets = wb.worksheets;
  if (!sheets.length) throw notWorkbook();
  const named = (name: string) => sheets.find((ws) => ws.name.trim() === name);
  const catalog = named(CATALOG_SHEET) ?? sheets[0];
  const further = (name: string) => {
    const ws = named(name);
    return ws && ws !== catalog ? sheetOf(ws) : undefined;
  };
  return {
    catalog: sheetOf(catalog),
    flows: further(FLOW_SHEET),
    discretion: further(DISCRETION_SHEET),
    excerpts: further(EXCERPT_SHEET),
  };
}

/** One power as exported: its code, status and content, with the names the sheet shows. */
export interface ExportedPower {
  status: PowerStatus;
  content: PowerContent;
}

export interface CatalogExport {
  /** the title row: "某某局权责清单" */
  title: string;
  /** the line under it: "（截至 2026-12-01）" */
  subtitle: string;
  powers: ExportedPower[];
  unitName(id: string): string;
  documentTitle(id: string): string;
}

const WRAP: Partial<ExcelJS.Alignment> = { wrapText: true, vertical: 'top' };

/**
 * A sheet with a title row over `headers`, the header frozen below the title, every column wrapped
 * to its width. Returns the sheet; rows are added after the header (row 3).
 */
function tableSheet(
  wb: ExcelJS.Workbook,
  name: string,
  title: string,
  subtitle: string | null,
  headers: readonly string[],
  widths: readonly number[],
): ExcelJS.Worksheet {
  const headerRow = subtitle === null ? 2 : 3;
  const ws = wb.addWorksheet(name, {
    views: [{ state: 'frozen', ySplit: headerRow, xSplit: 0 }],
    pageSetup: {
      orientation: 'landscape',
      paperSize: 9,
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
    },
  });
  ws.columns = headers.map((_header, i) => ({
    key: String(i),
    width: widths[i],
    style: { font: { name: FONT, size: 10 }, alignment: WRAP },
  }));
  ws.mergeCells(1, 1, 1, headers.length);
  const t = ws.getCell(1, 1);
  t.value = title;
  t.font = { name: FONT, size: 16, bold: true };
  t.alignment = { horizontal: 'center', vertical: 'middle' };
  ws.getRow(1).height = 30;
  if (subtitle !== null) {
    ws.mergeCells(2, 1, 2, headers.length);
    const s = ws.getCell(2, 1);
    s.value = subtitle;
    s.font = { name: FONT, size: 10 };
    s.alignment = { horizontal: 'right' };
  }
  const header = ws.getRow(headerRow);
  header.values = [...headers];
  header.height = 24;
  header.eachCell((cell) => {
    cell.font = { name: FONT, size: 10, bold: true };
    cell.fill = HEADER_FILL;
    cell.border = THIN;
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
  ws.pageSetup.printTitlesRow = `${headerRow}:${headerRow}`;
  return ws;
}

const headersOf = (spec: Record<string, readonly string[]>): string[] =>
  Object.values(spec).map((names) => names[0]);
const widthsOf = (headers: readonly string[]): number[] =>
  headers.map((h) => (WIDE.has(h) ? 36 : h === '事项编码' ? 22 : 12));

/** One row of a further sheet from its values by column key (missing ones blank). */
function rowOf<K extends string>(
  spec: Record<K, readonly string[]>,
  values: Partial<Record<K, CellValue>>,
) {
  return (Object.keys(spec) as K[]).map((k) => values[k] ?? null);
}

/** The workbook of a catalog in the published layout, as an .xlsx file. */
export async function catalogWorkbook(data: CatalogExport): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'power-catalog';
  const headers = CATALOG_LAYOUT.map(([, h]) => h);
  const main = tableSheet(
    wb,
    CATALOG_SHEET,
    data.title,
    data.subtitle,
    headers,
    CATALOG_LAYOUT.map(([, , w]) => w),
  );
  const flowHeaders = headersOf(FLOW_COLUMNS);
  const flows = tableSheet(
    wb,
    FLOW_SHEET,
    `${data.title}——流程图`,
    null,
    flowHeaders,
    widthsOf(flowHeaders),
  );
  const discretionHeaders = headersOf(DISCRETION_COLUMNS);
  const discretion = tableSheet(
    wb,
    DISCRETION_SHEET,
    `${data.title}——行政裁量基准`,
    null,
    discretionHeaders,
    widthsOf(discretionHeaders),
  );
  const excerptHeaders = headersOf(EXCERPT_COLUMNS);
  const excerpts = tableSheet(
    wb,
    EXCERPT_SHEET,
    `${data.title}——依据条文`,
    null,
    excerptHeaders,
    widthsOf(excerptHeaders),
  );

  data.powers.forEach(({ status, content: c }, i) => {
    const code = c.code ?? '';
    const bases = c.legalBases ?? [];
    const row = main.addRow([
      i + 1,
      code,
      c.name ?? '',
      c.category ? CATEGORY_INFO[c.category].zh : '',
      bases.map((b) => `《${data.documentTitle(b.documentId)}》${b.articles}`).join('；\n'),
      c.subject ? data.unitName(c.subject.unitId) : '',
      c.subject ? SUBJECT_TYPE_ZH[c.subject.type] : '',
      c.subject?.entrustingParty ?? '',
      (c.subject?.coImplementerIds ?? []).map((id) => data.unitName(id)).join('、'),
      c.legalTimeLimitDays ?? null,
      c.promisedTimeLimitDays ?? null,
      status === 'CANCELLED' ? '' : STATUS_ZH[status],
      c.isKey ? '是' : '否',
      '',
    ]);
    row.eachCell({ includeEmpty: true }, (cell) => (cell.border = THIN));
    bases.forEach((b, j) => {
      if (b.excerpt) {
        excerpts.addRow(
          rowOf(EXCERPT_COLUMNS, {
            code,
            ord: j + 1,
            title: data.documentTitle(b.documentId),
            articles: b.articles,
            excerpt: b.excerpt,
          }),
        );
      }
    });
    for (const chartKey of ['externalFlow', 'internalFlow'] as const) {
      const chart = c[chartKey];
      if (!chart) continue;
      const f = (values: Partial<Record<keyof typeof FLOW_COLUMNS, CellValue>>) =>
        flows.addRow(rowOf(FLOW_COLUMNS, { code, chart: CHART_ZH[chartKey], ...values }));
      f({
        element: FLOW_ELEMENT.chart,
        supervision: chart.supervision ?? null,
        counterpartyRights: chart.counterpartyRights ?? null,
        complaintChannel: chart.complaintChannel ?? null,
        approvedOn: chart.approvedOn ?? null,
        publishedOn: chart.publishedOn ?? null,
        filedOn: chart.filedOn ?? null,
      });
      for (const n of chart.nodes) {
        f({
          element: FLOW_ELEMENT.node,
          key: n.key,
          kind: NODE_KIND_ZH[n.kind],
          label: n.label,
          post: n.post ?? null,
          duty: n.duty ?? null,
          timeLimit: n.timeLimitDays ?? null,
          externalKey: n.externalKey ?? null,
        });
        for (const rp of n.riskPoints ?? []) {
          f({
            element: FLOW_ELEMENT.risk,
            riskLevel: RISK_LEVEL_ZH[rp.level],
            riskDescription: rp.description,
            riskMeasures: rp.measures,
          });
        }
      }
      for (const e of chart.edges) {
        f({ element: FLOW_ELEMENT.edge, from: e.from, to: e.to, label: e.label ?? null });
      }
    }
    const d = c.discretion;
    if (d) {
      const g = (values: Partial<Record<keyof typeof DISCRETION_COLUMNS, CellValue>>) =>
        discretion.addRow(rowOf(DISCRETION_COLUMNS, { code, ...values }));
      g({
        element: DISCRETION_ELEMENT.benchmark,
        applicationRules: d.applicationRules ?? null,
        filedOn: d.filedOn ?? null,
        adjustedOn: d.adjustedOn ?? null,
      });
      for (const t of d.tiers) {
        g({
          element: DISCRETION_ELEMENT.tier,
          level: t.level,
          conditions: t.conditions,
          sanction: t.sanction,
          minFine: t.minFine ?? null,
          maxFine: t.maxFine ?? null,
        });
      }
      for (const x of d.circumstances) {
        g({
          element: DISCRETION_ELEMENT.circumstance,
          circumstanceKind: CIRCUMSTANCE_ZH[x.kind],
          circumstance: x.description,
        });
      }
    }
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
