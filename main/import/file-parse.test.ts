import type { Database } from 'better-sqlite3';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, describe, expect, it } from 'vitest';
import { fileRecords, guessMapping } from '../../core/import/columns.js';
import { DEFAULT_PHONE_REGIONS } from '../../core/phone.js';
import { SEED_STATUS_MODEL } from '../../core/tickets/status-model.js';
import { openDatabase } from '../../replica/open-store.js';
import { createLocalRunner } from '../mutations/local-runner.js';
import { seedWorld, T0 } from '../test-support/fixtures.js';
import { decodeCsv, parseImportFile } from './file-parse.js';
import { runImport } from './run-import.js';

/** Files as offices have them: CSV from Russian Excel (Windows-1251, semicolons), UTF-8 CSV, XLSX. */

const HEADER = 'Наименование;УНП;Телефон;Госномер;Марка;Оборудование;Серийный номер;Дата установки';
const LINES = [
  'ООО «Ёлка-Транс»;100325912;+375 29 111-22-33;АК 7777-7;МАЗ;ДУТ;SN-1;16.03.2026',
  'ООО «Ёлка-Транс»;100325912;+375 29 111-22-33;АК 8888-7;Volvo;Трекер;SN-2;17.03.2026',
  'ИП Сидоров;;8 044 765-43-21;1234 ЕЕ-1;ГАЗ;;;',
  ';;;;;;;',
];

const dir = mkdtempSync(join(tmpdir(), 'pult-file-import-'));
const opened: Database[] = [];
afterAll(() => {
  for (const db of opened) db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('reading import files', () => {
  it('a Windows-1251 CSV with semicolons, as Russian Excel saves it, reads as the same Cyrillic text', async () => {
    const bytes = iconv.encode([HEADER, ...LINES].join('\r\n'), 'win1251');
    expect(decodeCsv(bytes).encoding).toBe('windows-1251');
    const file = await parseImportFile('клиенты.csv', bytes);
    expect(file.encoding).toBe('windows-1251');
    expect(file.headers[0]).toBe('Наименование');
    expect(file.rows[0]?.[0]).toBe('ООО «Ёлка-Транс»');
    expect(file.rows).toHaveLength(3);
  });

  it('a UTF-8 CSV with its BOM and commas reads without the BOM in the first header', async () => {
    const text = '\uFEFF' + [HEADER, ...LINES].join('\n').replace(/;/g, ',');
    const file = await parseImportFile('clients.csv', new TextEncoder().encode(text));
    expect(file.encoding).toBe('utf-8');
    expect(file.headers[0]).toBe('Наименование');
    expect(file.rows[2]?.[1]).toBe('');
  });

  it('an XLSX written by ExcelJS: texts, numbers and real dates come out as text cells', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Клиенты');
    sheet.addRow(HEADER.split(';'));
    sheet.addRow([
      'ООО «Ёлка-Транс»',
      100325912,
      '+375 29 111-22-33',
      'АК 7777-7',
      'МАЗ',
      'ДУТ',
      'SN-1',
      new Date(Date.UTC(2026, 2, 16)),
    ]);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const file = await parseImportFile('клиенты.xlsx', bytes);
    expect(file.encoding).toBe('xlsx');
    expect(file.rows[0]).toEqual([
      'ООО «Ёлка-Транс»',
      '100325912',
      '+375 29 111-22-33',
      'АК 7777-7',
      'МАЗ',
      'ДУТ',
      'SN-1',
      '2026-03-16',
    ]);
  });

  it('an empty file, a header alone, and a broken workbook are refused with the reason', async () => {
    await expect(parseImportFile('a.csv', new Uint8Array())).rejects.toThrow(/empty/);
    await expect(parseImportFile('a.csv', new TextEncoder().encode(HEADER))).rejects.toThrow(/no lines below/);
    await expect(parseImportFile('a.xlsx', new TextEncoder().encode('PK\u0003\u0004 not a zip'))).rejects.toThrow(
      /not a readable XLSX/,
    );
  });
});

describe('a file imported twice', () => {
  it('a Windows-1251 CSV run twice creates its clients, vehicles and equipment once', async () => {
    const db = openDatabase(join(dir, `${uuidv7()}.sqlite`));
    opened.push(db);
    const world = seedWorld(db);
    const runner = createLocalRunner(db, {
      now: () => T0,
      userId: () => world.anna.id,
      statusModel: () => SEED_STATUS_MODEL,
      queue: false,
    });
    const file = await parseImportFile('клиенты.csv', iconv.encode([HEADER, ...LINES].join('\r\n'), 'win1251'));
    const records = fileRecords(file.rows, guessMapping(file.headers));
    const run = () =>
      runImport({
        source: 'file',
        records,
        db,
        regions: DEFAULT_PHONE_REGIONS,
        statusCodes: () => new Set(),
        mutateGroups: async (groups) => (await runner.runGroups(groups)).results,
        newId: uuidv7,
        cancelled: () => false,
        onProgress: () => undefined,
      });
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    const first = await run();
    // Lines 2 and 3 are one client; line 4 has no equipment.
    expect(first.counts).toEqual({ created: 7, updated: 0, unchanged: 1, skipped: 0 });
    expect(count("SELECT count(*) AS n FROM clients WHERE tax_id = '100325912'")).toBe(1);
    expect(db.prepare("SELECT installed_at FROM equipment WHERE serial = 'SN-1'").get()).toEqual({
      installed_at: Date.UTC(2026, 2, 16),
    });
    const totals = () =>
      ['clients', 'phones', 'vehicles', 'equipment', 'import_links'].map((t) =>
        count(`SELECT count(*) AS n FROM ${t}`),
      );
    const before = totals();
    const second = await run();
    expect(second.counts).toEqual({ created: 0, updated: 0, unchanged: 8, skipped: 0 });
    expect(totals()).toEqual(before);
  });
});
