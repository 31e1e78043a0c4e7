import { describe, expect, it } from 'vitest';
import type { TFunction } from 'i18next';
import type { ImportReportRow } from '../../core/import/contract';
import { reportCsv, rowsToShow, toBase64 } from './import-report';

const t = ((key: string) => key.split('.').at(-1)) as unknown as TFunction;

describe('the import report', () => {
  const rows: ImportReportRow[] = [
    { line: 'line 2', entity: 'client', outcome: 'created', reasons: [], detail: null },
    { line: 'line 3', entity: 'client', outcome: 'skipped', reasons: ['tax-id-invalid'], detail: '100325913' },
    { line: 'line 4', entity: 'vehicle', outcome: 'updated', reasons: ['vin-invalid'], detail: 'XTA; "1"' },
  ];

  it('the CSV has a line per source row with its reason, quoted where a value needs it, and opens in Excel', () => {
    const csv = reportCsv(t, rows);
    expect(csv.startsWith('\uFEFFline;entity;outcome;reason;detail\r\n')).toBe(true);
    expect(csv).toContain('line 3;client;skipped;tax-id-invalid;100325913');
    expect(csv).toContain('line 4;vehicle;updated;vin-invalid;"XTA; ""1"""');
  });

  it('the dialog lists skipped rows and rows with something left out, not the clean ones', () => {
    expect(rowsToShow(rows).map((r) => r.line)).toEqual(['line 3', 'line 4']);
  });

  it('a file of any size goes to base64 without overflowing the call stack', () => {
    const bytes = new Uint8Array(300_000).map((_, i) => i % 256);
    expect(Uint8Array.from(atob(toBase64(bytes)), (c) => c.charCodeAt(0))).toEqual(bytes);
  });
});
