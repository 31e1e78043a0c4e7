import Papa from 'papaparse';
import type { WorkReport } from '../../core/money/work-report.js';
import { FORMULA_START } from './exports.js';
import { loadExcel } from '../file-libraries.js';

/**
 * The employee report as files: one row per employee, list and work type, with the period on every row so a
 * spreadsheet can stack several months. Points and money are both kept in hundredths; the files carry them
 * as decimal numbers (points, or major currency units), which is what a spreadsheet sums.
 */
export const WORK_EXPORT_COLUMNS = [
  'from',
  'to',
  'employee',
  'list',
  'currency',
  'code',
  'work',
  'quantity',
  'total',
] as const;
type WorkExportColumn = (typeof WORK_EXPORT_COLUMNS)[number];

/** In Russian: the company's accountants and engineers read them. */
export const WORK_EXPORT_HEADINGS: Readonly<Record<WorkExportColumn, string>> = {
  from: 'С',
  to: 'По',
  employee: 'Сотрудник',
  list: 'Прайс-лист',
  currency: 'Валюта',
  code: 'Код',
  work: 'Вид работ',
  quantity: 'Количество',
  total: 'Итого',
};

export type WorkExportRow = Readonly<Record<WorkExportColumn, string | number>>;

export function workExportRows(report: WorkReport): WorkExportRow[] {
  return report.rows.flatMap((row) =>
    row.lines.map((line) => ({
      from: report.from,
      to: report.to,
      employee: row.name,
      list: row.list === 'points' ? 'баллы' : 'деньги',
      currency: row.currency ?? '',
      code: line.code,
      work: line.name,
      quantity: line.quantity,
      total: line.total / 100,
    })),
  );
}

export function workCsv(rows: readonly WorkExportRow[]): string {
  const csv = Papa.unparse(
    {
      fields: WORK_EXPORT_COLUMNS.map((c) => WORK_EXPORT_HEADINGS[c]),
      data: rows.map((r) => WORK_EXPORT_COLUMNS.map((c) => r[c])),
    },
    { delimiter: ';', newline: '\r\n', escapeFormulae: FORMULA_START },
  );
  return `\uFEFF${csv}\r\n`;
}

/** A report is at most employees × work types rows: an in-memory workbook is quick enough. */
export async function workXlsx(rows: readonly WorkExportRow[], asOf: number): Promise<Buffer> {
  const ExcelJS = await loadExcel();
  const book = new ExcelJS.Workbook();
  book.creator = 'Pult';
  book.created = new Date(asOf);
  const sheet = book.addWorksheet('Работы', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = WORK_EXPORT_COLUMNS.map((c) => ({
    header: WORK_EXPORT_HEADINGS[c],
    key: c,
    width: c === 'employee' || c === 'work' ? 32 : 14,
    ...(c === 'total' ? { style: { numFmt: '#,##0.00' } } : {}),
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: WORK_EXPORT_COLUMNS.length } };
  for (const r of rows) sheet.addRow({ ...r });
  return Buffer.from(await book.xlsx.writeBuffer());
}
