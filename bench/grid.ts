import { deskDatabase } from '../main/workstation-db.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SORT_COLUMNS, TicketQuery, type TicketQuery as TicketQueryInput } from '../core/contract.js';
import { dispatch } from '../core/dispatch.js';
import { DEFAULT_PHONE_REGIONS } from '../core/phone.js';
import { generateDemo } from '../tools/demo/generate.js';
import { buildGridSql, gridCountSql, gridPageSql, planFor, UNPAID_CONDITION } from '../main/queries/ticket-grid.js';
import { openWorkstation } from '../main/workstation.js';
import { percentile, report, round, sample } from './stats.js';

const TICKETS = Number(process.env.PULT_BENCH_TICKETS ?? 100_000);
const RUNS = Number(process.env.PULT_BENCH_RUNS ?? 40);

/**
 * Grid queries over 100k tickets on the local store (issue 2). Each case runs through all of our layers
 * (contract validation, query service, the page's debt lookup, output validation) with the total counted
 * cold, and beside it the same SQL run directly on better-sqlite3: the floor.
 */
export async function benchGrid(): Promise<string> {
  // PULT_BENCH_GRID_FILE reuses a store made by an earlier run (the generator is then not timed).
  const reuse = process.env.PULT_BENCH_GRID_FILE;
  const dataFile = reuse ?? join(mkdtempSync(join(tmpdir(), 'pult-bench-')), 'grid.sqlite');
  if (!reuse) {
    const ws = openWorkstation({ dataFile });
    const demo = await generateDemo(deskDatabase(ws), { tickets: TICKETS, seed: 1 });
    report({
      metric: `demo.generate.${TICKETS}`,
      value: round(demo.ms, 0),
      unit: 'ms',
      tickets: demo.tickets,
      clients: demo.clients,
    });
    ws.close();
  }

  const desk = openWorkstation({ dataFile });
  const me = (
    deskDatabase(desk).prepare("SELECT value FROM settings WHERE key = 'desk.user_id'").get() as { value: string }
  ).value;
  const plate = (
    deskDatabase(desk).prepare('SELECT plate FROM vehicles ORDER BY id LIMIT 1 OFFSET 7').get() as { plate: string }
  ).plate;
  const ending = (
    deskDatabase(desk).prepare('SELECT substr(e164, -4) AS digits FROM phones ORDER BY id LIMIT 1 OFFSET 7').get() as {
      digits: string;
    }
  ).digits;
  const contact = (
    deskDatabase(desk).prepare('SELECT name FROM contacts ORDER BY id LIMIT 1 OFFSET 7').get() as { name: string }
  ).name.split(' ')[0]!;

  const cases: [string, TicketQueryInput][] = [
    ['first-page', { sort: { column: 'number', dir: 'desc' } }],
    ['deep-page-60000', { sort: { column: 'number', dir: 'desc' }, offset: 60_000 }],
    ...SORT_COLUMNS.map((column): [string, TicketQueryInput] => [`sort-${column}`, { sort: { column, dir: 'asc' } }]),
    ['deep-page-60000-sort-client', { sort: { column: 'client', dir: 'desc' }, offset: 60_000 }],
    ['filter-status', { filter: { statuses: ['in_progress'] } }],
    ['filter-status-large', { filter: { statuses: ['closed'] } }],
    ['filter-status-large-deep', { filter: { statuses: ['closed'] }, offset: 30_000 }],
    ['view-open', { view: 'open' }],
    ['view-unpaid', { view: 'unpaid' }],
    ['search-word', { filter: { text: 'топлив' } }],
    ['search-plate', { filter: { text: plate } }],
    ['search-phone', { filter: { text: '8 029 1' } }],
    // The last digits of a client's phone, "45-67" style: its tickets ranked first, then the incidental matches.
    ['search-phone-ending', { filter: { text: `${ending.slice(0, 2)}-${ending.slice(2)}` } }],
    ['search-contact', { filter: { text: contact } }],
    ['search-only-symbols', { filter: { text: '"%*_' } }],
  ];

  for (const [name, input] of cases) {
    const ours = await sample(async () => {
      desk.dropCaches();
      const result = await dispatch(desk.handlers, 'tickets:query', input);
      if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
    }, RUNS);
    const parsed = TicketQuery.parse(input);
    const counting = buildGridSql(parsed, me, DEFAULT_PHONE_REGIONS);
    const count = deskDatabase(desk).prepare(gridCountSql(counting));
    const total = (count.get(counting.params) as { n: number }).n;
    const sql = planFor(parsed, total, counting, me, DEFAULT_PHONE_REGIONS);
    const page = deskDatabase(desk).prepare(gridPageSql(sql));
    const floor = await sample(() => {
      count.get(counting.params);
      page.all({ ...sql.params, limit: parsed.limit, offset: parsed.offset });
    }, RUNS);
    emitPair(`grid.${name}`, ours, floor);
  }

  // The debtor aggregation: every client with unpaid paid visits, with count, sum and the oldest date.
  const debtorsSql = `SELECT t.client_id, count(*) AS count, sum(t.amount - t.paid_total) AS sum, min(t.resolved_at) AS oldest
    FROM tickets t INDEXED BY tickets_unpaid_by_client_id WHERE ${UNPAID_CONDITION} GROUP BY t.client_id`;
  const debtors = deskDatabase(desk).prepare(debtorsSql);
  const unpaidClients = (debtors.all() as { client_id: string }[]).map((r) => r.client_id);
  const clientPages = await sample(async () => {
    const r = await dispatch(desk.handlers, 'tickets:query', { view: 'unpaid', limit: 100 });
    if (!r.ok) throw new Error(r.error.message);
  }, RUNS);
  const aggregation = await sample(() => debtors.all(), RUNS);
  report({
    metric: 'grid.debtor-aggregation.p95',
    value: round(percentile(aggregation, 95)),
    unit: 'ms',
    target: '< 20 ms',
    debtors: unpaidClients.length,
  });
  report({
    metric: 'grid.unpaid-view-with-debts.p95',
    value: round(percentile(clientPages, 95)),
    unit: 'ms',
    target: '< 20 ms',
  });

  desk.close();
  return dataFile;
}

function emitPair(metric: string, ours: number[], floor: number[]): void {
  const p95 = percentile(ours, 95);
  const floor95 = percentile(floor, 95);
  report({
    metric: `${metric}.p95`,
    value: round(p95),
    unit: 'ms',
    target: '< 20 ms',
    p50: round(percentile(ours, 50)),
    floor_p50: round(percentile(floor, 50)),
    floor_p95: round(floor95),
    ratio_p95: round(p95 / floor95, 2),
  });
}
