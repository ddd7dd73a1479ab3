import type ExcelJS from 'exceljs';

/** The look every workbook the service writes shares: the font, the cell border, the header fill. */
export const XLSX_FONT = '宋体';

export const XLSX_THIN_BORDER: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};

export const XLSX_HEADER_FILL: ExcelJS.Fill = {
  type: 'pattern',
  pattern: 'solid',
  fgColor: { argb: 'FFD9E1F2' },
};
