import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, onTestFinished, test } from 'vitest';

const run = promisify(execFile);
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * In a process of its own (this test runner has loaded everything already): a workstation opens without
 * ExcelJS and pdfmake in memory, and the first XLSX export and PDF letter load them.
 */
const SCRIPT = `
import { createRequire } from 'node:module';
const loaded = () => {
  const files = Object.keys(createRequire(process.cwd() + '/').cache);
  return { excel: files.some((f) => f.includes('/exceljs/')), pdf: files.some((f) => f.includes('/pdfmake/')) };
};
const { openWorkstation } = await import('./main/workstation.ts');
const desk = openWorkstation({ dataFile: process.env.DATA_FILE });
const atStart = loaded();
const { debtsXlsx } = await import('./main/money/exports.ts');
const { daySheetPdf } = await import('./main/planning/day-sheet.ts');
const xlsx = await debtsXlsx([], Date.UTC(2026, 11, 1));
const afterXlsx = loaded();
const pdf = await daySheetPdf({ engineerName: 'Пётр', day: '2026-12-01', timeZone: 'Europe/Minsk', stops: [],
  load: { visitMinutes: 0, travelMinutes: 0, workingMinutes: 480 } });
desk.close();
console.log(JSON.stringify({ atStart, afterXlsx, afterPdf: loaded(), xlsx: xlsx.subarray(0, 2).toString(), pdf: pdf.subarray(0, 5).toString() }));
`;

test('the desk starts without ExcelJS and pdfmake, and loads them for the first export and PDF', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pult-libs-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SCRIPT], {
    cwd: repoRoot,
    env: { ...process.env, DATA_FILE: join(dir, 'desk.sqlite') },
  });
  const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
  expect(result).toEqual({
    atStart: { excel: false, pdf: false },
    afterXlsx: { excel: true, pdf: false },
    afterPdf: { excel: true, pdf: true },
    xlsx: 'PK',
    pdf: '%PDF-',
  });
}, 60_000);
