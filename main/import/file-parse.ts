import type { CellValue } from 'exceljs';
import Papa from 'papaparse';
import { PultError } from '../../core/result.js';
import { loadExcel } from '../file-libraries.js';

/** A spreadsheet as text cells: the first line is taken as the header. */
export type ParsedFile = Readonly<{
  headers: readonly string[];
  rows: readonly (readonly string[])[];
  /** How the bytes were read: `utf-8`, `windows-1251` (a CSV saved by Russian Excel), or `xlsx`. */
  encoding: 'utf-8' | 'windows-1251' | 'xlsx';
}>;

export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 100_000;

/**
 * The text of a CSV file. UTF-8 (with or without its BOM) when the bytes are valid UTF-8; otherwise
 * Windows-1251, which is what Excel writes for "CSV" on a Russian Windows. A Cyrillic file in Windows-1251 is
 * practically never valid UTF-8 (its letters are bytes 0xC0–0xFF, which UTF-8 allows only as lead bytes
 * followed by continuation bytes), so the check is safe in that direction.
 */
export function decodeCsv(bytes: Uint8Array): Readonly<{ text: string; encoding: 'utf-8' | 'windows-1251' }> {
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return { text, encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1251').decode(bytes), encoding: 'windows-1251' };
  }
}

function cellText(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('result' in value) return cellText(value.result as CellValue);
    if ('error' in value) return '';
  }
  return String(value);
}

const isXlsx = (name: string, bytes: Uint8Array) =>
  /\.xlsx$/i.test(name) || (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04);

/** Reads a CSV or XLSX file into its header and rows; an empty, oversized or unreadable file is refused. */
export async function parseImportFile(fileName: string, bytes: Uint8Array): Promise<ParsedFile> {
  if (bytes.length === 0) throw new PultError('invalid-input', `${fileName} is empty`);
  if (bytes.length > MAX_IMPORT_BYTES) {
    throw new PultError('invalid-input', `${fileName} is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB`);
  }
  let table: string[][];
  let encoding: ParsedFile['encoding'];
  if (isXlsx(fileName, bytes)) {
    const ExcelJS = await loadExcel();
    const workbook = new ExcelJS.Workbook();
    try {
      await workbook.xlsx.load(
        bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
      );
    } catch {
      throw new PultError('invalid-input', `${fileName} is not a readable XLSX workbook`);
    }
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new PultError('invalid-input', `${fileName} has no worksheet`);
    table = [];
    sheet.eachRow({ includeEmpty: false }, (row) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell, column) => {
        cells[column - 1] = cellText(cell.value).trim();
      });
      table.push(Array.from(cells, (c) => c ?? ''));
    });
    encoding = 'xlsx';
  } else {
    const decoded = decodeCsv(bytes);
    const parsed = Papa.parse<string[]>(decoded.text, { skipEmptyLines: 'greedy' });
    table = parsed.data.map((row) => row.map((c) => c.trim()));
    encoding = decoded.encoding;
  }
  const [headers, ...rows] = table;
  if (!headers || rows.length === 0) throw new PultError('invalid-input', `${fileName} has no lines below its header`);
  if (rows.length > MAX_IMPORT_ROWS) {
    throw new PultError(
      'invalid-input',
      `${fileName} has ${rows.length} lines; at most ${MAX_IMPORT_ROWS} are imported at once`,
    );
  }
  const width = rows.reduce((w, r) => Math.max(w, r.length), headers.length);
  const pad = (r: readonly string[]) => Array.from({ length: width }, (_, i) => r[i] ?? '');
  return { headers: pad(headers), rows: rows.map(pad), encoding };
}
