import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import type { DebtList, StatusTimes, WorkReport } from '../core/contract.js';
import { dispatch } from '../core/dispatch.js';
import type { RowOf } from '../core/entities.js';
import { localDate } from '../core/planning/zone.js';
import type { Result } from '../core/result.js';
import { deskDatabase } from '../main/workstation-db.js';
import { openWorkstation, type Workstation } from '../main/workstation.js';
import { createRowStore } from '../replica/rows.js';
import { BI_ENTITIES, readFeedPage, type FeedPosition } from '../server/bi/feed.js';
import { openServerDb } from '../server/db/connect.js';
import { migrateToLatest } from '../server/db/migrations/index.js';
import { inTransaction } from '../server/db/transactions.js';
import { importDemo } from '../server/demo-import.js';
import { generateDemo } from '../tools/demo/generate.js';
import { percentile, report, round } from './stats.js';

const RUNS = Number(process.env.PULT_BENCH_KPI_RUNS ?? 200);
const BI_TICKETS = Number(process.env.PULT_BENCH_BI_TICKETS ?? 20_000);
const ZONE = 'Europe/Minsk';

const value = <T>(r: Result<unknown>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
};

/**
 * Wall time and this process's CPU time per run. On a shared 2-core machine the wall p95 is mostly waiting for a
 * core; the CPU time is what the query itself costs, so both are reported, with the load average beside them.
 */
async function measure(fn: () => unknown, runs = RUNS, warmup = 10) {
  for (let i = 0; i < warmup; i++) await fn();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return {
    value: round(percentile(wall, 95)),
    median: round(percentile(wall, 50)),
    cpuP95: round(percentile(cpu, 95)),
    cpuMedian: round(percentile(cpu, 50)),
    runs,
    load: round(loadavg()[0] ?? 0, 1),
  };
}

/**
 * Work lines for every completed ticket of the store: one money line for its assignee (an engineer when the
 * demo made one) and one points line for its creator's office colleague, priced from two effective dates
 * per work type, so the report reads a year of lines the way the accountant's month does.
 */
export function seedWork(ws: Workstation): { lines: number; engineer: string } {
  const db = deskDatabase(ws);
  const rows = createRowStore(db);
  const employees = db.prepare('SELECT id, roles FROM employees').all() as { id: string; roles: string }[];
  const engineers = employees.filter((e) => e.roles.includes('engineer')).map((e) => e.id);
  const office = employees.filter((e) => !e.roles.includes('engineer')).map((e) => e.id);
  const codes = ['tracker-install', 'fuel-sensor', 'diagnostics', 'dismantling', 'callback', 'consultation'];
  let lines = 0;
  db.transaction(() => {
    for (const [i, code] of codes.entries()) {
      for (const [list, from] of [
        ['points', '2000-01-01'],
        ['points', '2026-06-01'],
        ['money', '2000-01-01'],
        ['money', '2026-06-01'],
      ] as const) {
        rows.put('price_items', {
          id: uuidv7(),
          list,
          code,
          name: code,
          unit: 'шт',
          value: (i + 1) * (from === '2000-01-01' ? 100 : 120) * (list === 'money' ? 100 : 1),
          currency: list === 'money' ? 'BYN' : null,
          effectiveFrom: from,
          setAt: 0,
          setBy: null,
        });
      }
    }
    const completed = db
      .prepare("SELECT id, resolved_at, seq FROM tickets WHERE status_kind = 'completed' AND resolved_at IS NOT NULL")
      .all() as { id: string; resolved_at: number; seq: number }[];
    for (const t of completed) {
      const day = localDate(t.resolved_at, ZONE);
      const line = (list: 'points' | 'money', employeeId: string): RowOf<'work_lines'> => ({
        id: uuidv7(),
        ticketId: t.id,
        employeeId,
        priceItemId: uuidv7(),
        list,
        code: codes[t.seq % codes.length]!,
        quantity: 1 + (t.seq % 3),
        unitValue: list === 'money' ? 4000 : 150,
        currency: list === 'money' ? 'BYN' : null,
        day,
        at: t.resolved_at,
        by: null,
        cancelledAt: null,
        cancelledBy: null,
      });
      rows.put('work_lines', line('money', engineers[t.seq % engineers.length]!));
      rows.put('work_lines', line('points', office[t.seq % office.length]!));
      lines += 2;
    }
  })();
  return { lines, engineer: engineers[0]! };
}

/** The accountant's queries at 100k tickets, and the BI feed's rate on the server. */
export async function benchKpi(gridFile: string | null): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pult-bench-kpi-'));
  try {
    // A copy of its own: the work lines this bench adds must not reach the other benches' store.
    const dataFile = join(dir, 'store.sqlite');
    const source = gridFile ?? process.env.PULT_BENCH_GRID_FILE ?? null;
    if (source) {
      const from = openWorkstation({ dataFile: source });
      await deskDatabase(from).backup(dataFile);
      from.close();
    } else {
      const ws = openWorkstation({ dataFile });
      await generateDemo(deskDatabase(ws), { tickets: Number(process.env.PULT_BENCH_TICKETS ?? 100_000), seed: 1 });
      ws.close();
    }
    // The accountant's desk: the report then covers everyone, as the accountant sees it.
    const probe = openWorkstation({ dataFile });
    const accountant = deskDatabase(probe)
      .prepare("SELECT id FROM employees WHERE roles LIKE '%accountant%' ORDER BY id LIMIT 1")
      .get() as { id: string };
    probe.close();
    const ws = openWorkstation({ dataFile, userId: accountant.id });
    try {
      const db = deskDatabase(ws);
      const tickets = (db.prepare('SELECT count(*) AS n FROM tickets').get() as { n: number }).n;
      let list: DebtList | null = null;
      report({
        metric: 'kpi.debts-list.p95',
        unit: 'ms',
        target: '< 50',
        ...(await measure(async () => {
          list = value<DebtList>(await dispatch(ws.handlers, 'debts:list', { sort: 'age' }));
        })),
        tickets,
        debtors: (list as DebtList | null)?.debtorCount ?? 0,
      });

      const { lines, engineer } = seedWork(ws);
      const today = localDate(Date.now(), ZONE);
      const month = { from: `${today.slice(0, 7)}-01`, to: today };
      const year = { from: `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`, to: today };
      for (const [name, query] of [
        ['month-all', month],
        ['year-all', year],
        ['year-one', { ...year, employeeId: engineer }],
      ] as const) {
        let rowsOut = 0;
        report({
          metric: `kpi.work-report-${name}.p95`,
          unit: 'ms',
          target: '< 50',
          ...(await measure(async () => {
            rowsOut = value<WorkReport>(await dispatch(ws.handlers, 'work:report', query)).rows.length;
          })),
          lines,
          reportRows: rowsOut,
        });
      }
      // Before desk migration 14 the report over everyone was this one statement over every line of the period,
      // sorted for its GROUP BY: the same store, the same year, for the figure to compare against.
      const lineByLine = db.prepare(`
        SELECT employee_id, list, currency, code, sum(quantity) AS quantity, sum(quantity * unit_value) AS total
        FROM work_lines INDEXED BY work_lines_by_day
        WHERE day >= ? AND day <= ? AND cancelled_at IS NULL
        GROUP BY employee_id, list, currency, code`);
      let groups = 0;
      report({
        metric: 'kpi.work-report-year-all-line-by-line.p95',
        unit: 'ms',
        ...(await measure(() => {
          groups = lineByLine.all(year.from, year.to).length;
        }, 50)),
        lines,
        groups,
        note: 'the statement alone, as before the month totals (desk migration 14)',
      });
      let counted = 0;
      report({
        metric: 'kpi.status-times-month.p95',
        unit: 'ms',
        ...(await measure(
          async () => {
            counted = value<StatusTimes>(await dispatch(ws.handlers, 'status:times', month)).tickets;
          },
          30,
          3,
        )),
        tickets: counted,
      });
    } finally {
      ws.close();
    }

    // The BI feed on an SQLite server with the demo imported: every row of every entity, page by page, each page
    // serialised to JSON as the route does.
    const database = openServerDb(`sqlite:${join(dir, 'server.sqlite')}`);
    try {
      await migrateToLatest(database);
      await importDemo(database, { tickets: BI_TICKETS, seed: 1 });
      let rowsRead = 0;
      let bytes = 0;
      const t0 = performance.now();
      for (const entity of BI_ENTITIES) {
        let position: FeedPosition | null = null;
        for (;;) {
          const page = await inTransaction(database, 'read', (tx) =>
            readFeedPage(tx, entity, { cursor: 0, position }, 5_000),
          );
          rowsRead += page.rows.length;
          bytes += JSON.stringify(page.rows).length;
          if (!page.next) break;
          position = page.next;
        }
      }
      const seconds = (performance.now() - t0) / 1000;
      report({
        metric: 'kpi.bi-feed.rows-per-s',
        value: Math.round(rowsRead / seconds),
        unit: 'rows/s',
        rows: rowsRead,
        megabytes: round(bytes / 1e6, 1),
        seconds: round(seconds, 2),
        tickets: BI_TICKETS,
        backend: 'sqlite',
        load: round(loadavg()[0] ?? 0, 1),
      });
    } finally {
      await database.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
