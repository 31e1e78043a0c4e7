import { PassThrough } from 'node:stream';
import Papa from 'papaparse';
import type { DebtList } from '../../core/money/contract.js';
import { loadExcel } from '../file-libraries.js';

/**
 * The debts list as files an accountant opens elsewhere: CSV (Papa Parse) and XLSX (ExcelJS), one row per
 * unpaid visit with its client's details repeated, so a spreadsheet can filter and pivot it. Money is in
 * major units (rubles with kopecks) as a number, which is what a spreadsheet sums; the CSV writes a decimal
 * point, the XLSX a number cell with a two-decimal format.
 */
export const DEBT_EXPORT_COLUMNS = [
  'client',
  'taxId',
  'currency',
  'ticket',
  'title',
  'completed',
  'ageDays',
  'bucket',
  'amount',
  'paid',
  'owed',
  'engineer',
  'phones',
  'lastReminder',
  'followUp',
] as const;
export type DebtExportColumn = (typeof DEBT_EXPORT_COLUMNS)[number];

/** The column headings, in Russian: the company's accountants read them. */
export const DEBT_EXPORT_HEADINGS: Readonly<Record<DebtExportColumn, string>> = {
  client: 'Клиент',
  taxId: 'УНП/ИНН',
  currency: 'Валюта',
  ticket: 'Заявка №',
  title: 'Заявка',
  completed: 'Выполнена',
  ageDays: 'Дней',
  bucket: 'Срок',
  amount: 'Сумма',
  paid: 'Оплачено',
  owed: 'Долг',
  engineer: 'Инженер',
  phones: 'Телефоны',
  lastReminder: 'Последнее напоминание',
  followUp: 'Перезвонить',
};

export type DebtExportRow = Readonly<Record<DebtExportColumn, string | number>>;

const major = (minor: number) => minor / 100;
/** Dates as the accountant's calendar day (YYYY-MM-DD), in the desk's time zone. */
const day = (ms: number | null) => {
  if (ms === null) return '';
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

export function debtExportRows(list: DebtList): DebtExportRow[] {
  return list.debtors.flatMap((d) =>
    d.visits.map((v) => ({
      client: d.name,
      taxId: d.taxId ?? '',
      currency: d.currency,
      ticket: v.ticketNumber,
      title: v.title,
      completed: day(v.completedAt),
      ageDays: v.ageDays,
      bucket: v.bucket,
      amount: major(v.amount),
      paid: major(v.paid),
      owed: major(v.owed),
      engineer: v.engineerName ?? '',
      phones: d.contacts.flatMap((c) => c.phones).join(', '),
      lastReminder: d.lastReminder ? `${day(d.lastReminder.at)} ${d.lastReminder.note}` : '',
      followUp: day(d.lastReminder?.followUpAt ?? null),
    })),
  );
}

/**
 * CSV with a BOM and `;` between fields: Excel in Russian locales opens such a file in columns with Cyrillic
 * intact, and expects `;` because `,` is its decimal separator. A cell that a spreadsheet would run as a
 * formula (it starts with = @ or a tab, or + or - followed by more than a phone number's characters) gets a
 * leading apostrophe from Papa Parse's `escapeFormulae`, so a client's name cannot become one.
 */
export const FORMULA_START = /^[=@\t\r]|^[+-](?![\d\s()+,-]*$)/;

export function debtsCsv(rows: readonly DebtExportRow[]): string {
  const csv = Papa.unparse(
    {
      fields: DEBT_EXPORT_COLUMNS.map((c) => DEBT_EXPORT_HEADINGS[c]),
      data: rows.map((r) => DEBT_EXPORT_COLUMNS.map((c) => r[c])),
    },
    { delimiter: ';', newline: '\r\n', escapeFormulae: FORMULA_START },
  );
  return `\uFEFF${csv}\r\n`;
}

const MONEY_COLUMNS: ReadonlySet<DebtExportColumn> = new Set(['amount', 'paid', 'owed']);

/**
 * Written with ExcelJS's streaming writer and inline strings: about twice as fast as building the workbook in
 * memory, which matters for the 10k-row export an accountant waits for.
 */
export async function debtsXlsx(rows: readonly DebtExportRow[], asOf: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  const ExcelJS = await loadExcel();
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  book.creator = 'Pult';
  book.created = new Date(asOf);
  const sheet = book.addWorksheet('Долги', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = DEBT_EXPORT_COLUMNS.map((c) => ({
    header: DEBT_EXPORT_HEADINGS[c],
    key: c,
    width: c === 'client' || c === 'title' || c === 'lastReminder' ? 36 : c === 'phones' ? 28 : 14,
    ...(MONEY_COLUMNS.has(c) ? { style: { numFmt: '#,##0.00' } } : {}),
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: DEBT_EXPORT_COLUMNS.length } };
  for (const r of rows) sheet.addRow({ ...r }).commit();
  sheet.commit();
  await book.commit();
  await ended;
  return Buffer.concat(chunks);
}
