import Papa from 'papaparse';
import type { TFunction } from 'i18next';
import type { ImportReportRow } from '../../core/import/contract';

/**
 * The import's report as a CSV the user keeps: one line per source row, what became of it and why, in the
 * user's language. Semicolons and a BOM, so Excel on a Russian Windows opens it in columns and in Cyrillic.
 */
export function reportCsv(t: TFunction, rows: readonly ImportReportRow[]): string {
  const data = rows.map((r) => [
    r.line,
    t(`directory.import.entity.${r.entity}`),
    t(`directory.import.outcome.${r.outcome}`),
    r.reasons.map((reason) => t(`directory.import.reason.${reason}`)).join('; '),
    r.detail ?? '',
  ]);
  const header = (['line', 'entity', 'outcome', 'reason', 'detail'] as const).map((h) =>
    t(`directory.import.column.${h}`),
  );
  return '\uFEFF' + Papa.unparse([header, ...data], { delimiter: ';', newline: '\r\n' });
}

/** Rows worth reading in the dialog: those skipped, and imported rows with something left out. */
export function rowsToShow(rows: readonly ImportReportRow[]): ImportReportRow[] {
  return rows.filter((r) => r.outcome === 'skipped' || r.reasons.length > 0);
}

/** Base64 of a file's bytes, as the upload sends them (btoa wants a binary string). */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
