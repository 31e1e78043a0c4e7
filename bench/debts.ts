import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DebtList, ExportedFile } from '../core/contract.js';
import { dispatch } from '../core/dispatch.js';
import type { Result } from '../core/result.js';
import { debtExportRows, debtsXlsx, type DebtExportRow } from '../main/money/exports.js';
import { deskDatabase } from '../main/workstation-db.js';
import { openWorkstation } from '../main/workstation.js';
import { generateDemo } from '../tools/demo/generate.js';
import { percentile, report, round, sample } from './stats.js';

const RUNS = Number(process.env.PULT_BENCH_DEBTS_RUNS ?? 30);
const XLSX_ROWS = 10_000;

const value = <T>(r: Result<unknown>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
};

/**
 * The debts pane's figures (issue 10): `debts:list` through the contract over the grid's 100k-ticket store
 * (p95 < 50 ms, sorted by age and by sum), and an XLSX export of 10k rows (< 2 s). The store's unpaid visits
 * are fewer than 10k, so the XLSX rows are the real export rows repeated up to 10k: the time is ExcelJS's
 * work per row, whatever the rows say.
 */
export async function benchDebts(gridFile: string | null): Promise<void> {
  let dataFile = gridFile ?? process.env.PULT_BENCH_GRID_FILE ?? null;
  if (!dataFile) {
    dataFile = join(mkdtempSync(join(tmpdir(), 'pult-bench-debts-')), 'store.sqlite');
    const ws = openWorkstation({ dataFile });
    await generateDemo(deskDatabase(ws), { tickets: Number(process.env.PULT_BENCH_TICKETS ?? 100_000), seed: 1 });
    ws.close();
  }
  const ws = openWorkstation({ dataFile });
  try {
    const db = deskDatabase(ws);
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    const store = {
      tickets: count('SELECT count(*) AS n FROM tickets'),
      payments: count('SELECT count(*) AS n FROM payments'),
    };
    let list: DebtList | null = null;
    for (const sort of ['age', 'sum'] as const) {
      const times = await sample(async () => {
        list = value<DebtList>(await dispatch(ws.handlers, 'debts:list', { sort }));
      }, RUNS);
      const answer = list as DebtList | null;
      report({
        metric: `debts.list-${sort}.p95`,
        value: round(percentile(times, 95)),
        unit: 'ms',
        target: '< 50',
        median: round(percentile(times, 50)),
        runs: RUNS,
        debtors: answer?.debtorCount ?? 0,
        listed: answer?.debtors.length ?? 0,
        ...store,
      });
    }

    const full = value<DebtList>(await dispatch(ws.handlers, 'debts:list', { sort: 'age', limit: 10_000 }));
    const real = debtExportRows(full);
    const rows: DebtExportRow[] = Array.from({ length: XLSX_ROWS }, (_, i) => real[i % real.length]!);
    const xlsx = await sample(() => debtsXlsx(rows, Date.now()), 5, 1);
    report({
      metric: 'debts.xlsx-10k-rows',
      value: round(percentile(xlsx, 50)),
      unit: 'ms',
      target: '< 2000',
      max: round(Math.max(...xlsx)),
      rows: XLSX_ROWS,
    });
    const exportTimes = await sample(
      async () => value<ExportedFile>(await dispatch(ws.handlers, 'debts:export', { format: 'xlsx' })),
      5,
      1,
    );
    report({
      metric: 'debts.export-xlsx.contract',
      value: round(percentile(exportTimes, 50)),
      unit: 'ms',
      rows: real.length,
    });
  } finally {
    ws.close();
  }
}
