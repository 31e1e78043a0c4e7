import { deskDatabase } from '../workstation-db.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  SORT_COLUMNS,
  TicketQuery,
  type TicketPage,
  type TicketQuery as TicketQueryInput,
} from '../../core/contract.js';
import { dispatch } from '../../core/dispatch.js';
import { DEFAULT_PHONE_REGIONS } from '../../core/phone.js';
import { seedWorld, T0, DAY } from '../test-support/fixtures.js';
import { openWorkstation } from '../workstation.js';
import type { Workstation } from '../workstation.js';
import { buildGridSql, gridCountSql, gridPageSql } from './ticket-grid.js';

let ws: Workstation;
let world: ReturnType<typeof seedWorld>;
beforeEach(() => {
  ws = openWorkstation({ dataFile: ':memory:', now: () => T0 });
  world = seedWorld(deskDatabase(ws));
});
afterEach(() => ws.close());

async function query(input: TicketQueryInput): Promise<TicketPage> {
  const result = await dispatch(ws.handlers, 'tickets:query', input);
  if (!result.ok) throw new Error(result.error.message);
  return result.value as TicketPage;
}
const numbers = (page: TicketPage) => page.rows.map((r) => r.number);

describe('the ticket grid', () => {
  it('pages through all tickets, newest number first by default', async () => {
    const first = await query({ limit: 3 });
    const second = await query({ limit: 3, offset: 3 });
    expect(first.total).toBe(7);
    expect(numbers(first)).toEqual([7, 6, 5]);
    expect(numbers(second)).toEqual([4, 3, 2]);
  });

  it('sorts by client name and by assignee, in both directions', async () => {
    const byClient = await query({ sort: { column: 'client', dir: 'asc' } });
    const russian = new Intl.Collator('ru', { sensitivity: 'base' });
    expect(byClient.rows.map((r) => r.clientName)).toEqual(
      [...byClient.rows.map((r) => r.clientName)].sort(russian.compare),
    );
    const byAssigneeDesc = await query({ sort: { column: 'assignee', dir: 'desc' }, limit: 1 });
    expect(byAssigneeDesc.rows[0]?.assigneeName).toBe('Анна Ковалёва');
  });

  it('sorts by status in workflow order, not alphabetically', async () => {
    const page = await query({ sort: { column: 'status', dir: 'asc' } });
    expect(page.rows.map((r) => r.status)).toEqual([
      'new',
      'new',
      'paid_visit',
      'waiting_payment',
      'done',
      'done',
      'cancelled',
    ]);
  });

  it('the saved views show what their names promise', async () => {
    expect(numbers(await query({ view: 'open' }))).toEqual([7, 6, 3]);
    expect(numbers(await query({ view: 'callbacks' }))).toEqual([7]);
    expect(numbers(await query({ view: 'mine' }))).toEqual([6]);
    expect(numbers(await query({ view: 'unpaid' }))).toEqual([2, 1]);
  });

  it('filters by status, type, assignee (including unassigned), client and creation date', async () => {
    expect(numbers(await query({ filter: { statuses: ['done', 'cancelled'] } }))).toEqual([5, 4, 2]);
    expect(numbers(await query({ filter: { types: ['callback'] } }))).toEqual([7]);
    expect(numbers(await query({ filter: { assigneeIds: [world.anna.id] } }))).toEqual([6]);
    expect((await query({ filter: { assigneeIds: [null] } })).total).toBe(6);
    expect(numbers(await query({ filter: { clientId: world.clean.id } }))).toEqual([7, 6, 5]);
    const from = T0 + 2 * 3_600_000;
    expect(numbers(await query({ filter: { createdFrom: from, createdTo: from + 2 * 3_600_000 } }))).toEqual([3, 2]);
  });

  it('every row of a debtor carries the debt: count, sum owed and the oldest completion', async () => {
    const page = await query({ filter: { clientId: world.debtor.id } });
    for (const row of page.rows) {
      expect(row.debt).toEqual({ count: 2, sum: 20_000, oldestAt: T0 - 40 * DAY, currency: 'BYN' });
    }
    const clean = await query({ filter: { clientId: world.clean.id } });
    for (const row of clean.rows) expect(row.debt).toBeNull();
  });

  it('a payment that settles the debt clears the mark on every row of that client', async () => {
    deskDatabase(ws)
      .prepare("INSERT INTO payments (id, ticket_id, amount, paid_at) VALUES ('p1', ?, 15000, ?)")
      .run(world.unpaidOld.id, T0);
    deskDatabase(ws)
      .prepare("INSERT INTO payments (id, ticket_id, amount, paid_at) VALUES ('p2', ?, 5000, ?)")
      .run(world.partlyPaid.id, T0);
    const page = await query({ filter: { clientId: world.debtor.id } });
    expect(page.rows.every((r) => r.debt === null)).toBe(true);
  });
});

describe('full-text search', () => {
  const search = async (text: string) => numbers(await query({ filter: { text } }));

  it('matches Cyrillic regardless of case: «газель» finds «Газель»', async () => {
    expect(await search('газель')).toEqual(await search('ГАЗЕЛЬ'));
    expect(await search('газель')).toContain(5);
  });

  it('treats «ё» and «е» as one letter', async () => {
    expect(await search('передает')).toEqual([5]);
    expect(await search('передаёт')).toEqual([5]);
  });

  it('finds a ticket by plate typed with or without spaces, in Latin or Cyrillic letters', async () => {
    expect(await search('1234 AB-7')).toEqual([1]);
    expect(await search('1234ab7')).toEqual([1]);
    expect(await search('А123ВС77')).toEqual([6, 5]);
    expect(await search('a123bc')).toEqual([6, 5]);
  });

  it('finds a client by a phone number typed differently from how it was stored', async () => {
    // Stored as «8 029 123-45-67».
    expect(await search('+375 29 123 45 67')).toEqual([4, 3, 2, 1]);
    expect(await search('80291234567')).toEqual([4, 3, 2, 1]);
    expect(await search('(029) 1234567')).toEqual([4, 3, 2, 1]);
  });

  it('finds a ticket by its number and by a word prefix of its description', async () => {
    expect(await search('7')).toContain(7);
    expect(await search('датч')).toEqual([1]);
  });

  it('survives FTS syntax typed as text instead of failing', async () => {
    for (const text of ['"', 'NEAR(', 'a OR', '*', '-', 'title:x', '(((']) {
      const result = await dispatch(ws.handlers, 'tickets:query', { filter: { text } });
      expect(result.ok, text).toBe(true);
    }
  });
});

describe('query plans (EXPLAIN QUERY PLAN) use the indexes', () => {
  const plan = (input: TicketQueryInput) => {
    const sql = buildGridSql(TicketQuery.parse(input), world.anna.id, DEFAULT_PHONE_REGIONS);
    const detail = (s: string, p: object) =>
      (deskDatabase(ws).prepare(`EXPLAIN QUERY PLAN ${s}`).all(p) as { detail: string }[])
        .map((r) => r.detail)
        .join(' | ');
    return {
      page: detail(gridPageSql(sql), { ...sql.params, limit: 100, offset: 0 }),
      count: detail(gridCountSql(sql), sql.params),
    };
  };
  const indexOf: Record<string, string> = {
    number: 'tickets_by_number',
    title: 'tickets_by_title_key',
    status: 'tickets_by_status_position',
    type: 'tickets_by_type',
    priority: 'tickets_by_priority_rank',
    client: 'tickets_by_client_key',
    assignee: 'tickets_by_assignee_name',
    createdAt: 'tickets_by_created_at',
    updatedAt: 'tickets_by_updated_at',
    plannedAt: 'tickets_by_planned_at',
  };

  it.each(SORT_COLUMNS.flatMap((column) => (['asc', 'desc'] as const).map((dir) => [column, dir] as const)))(
    'sorting by %s %s finds the page on its index alone, then reads only the page',
    (column, dir) => {
      const { page, count } = plan({ sort: { column, dir } });
      const [findPage, readPage] = page.split('SCAN page');
      // The page's keys come from the sort index without touching the table or sorting.
      expect(findPage).toContain(`SCAN t USING COVERING INDEX ${indexOf[column]}`);
      expect(findPage).not.toContain('TEMP B-TREE');
      // Only the page's rows are read, by primary key; sorting those 100 rows again is all that is left.
      expect(readPage).toContain('SEARCH t USING INTEGER PRIMARY KEY');
      expect(count).toMatch(/COVERING INDEX/);
    },
  );

  it.each(SORT_COLUMNS)(
    'a large status, type or date filter sorted by %s walks the sort index alone: a deep page reads no skipped row',
    (column) => {
      const query = TicketQuery.parse({
        view: 'all',
        sort: { column, dir: 'desc' },
        filter: {
          statuses: ['closed', 'done'],
          types: ['installation', 'maintenance'],
          createdFrom: 0,
          createdTo: 2e12,
        },
        offset: 30_000,
      });
      const sql = buildGridSql(query, world.anna.id, DEFAULT_PHONE_REGIONS, 'sort-index');
      const page = (
        deskDatabase(ws)
          .prepare(`EXPLAIN QUERY PLAN ${gridPageSql(sql)}`)
          .all({ ...sql.params, limit: 100, offset: 30_000 }) as { detail: string }[]
      )
        .map((r) => r.detail)
        .join(' | ');
      const [findPage] = page.split('SCAN page');
      expect(findPage).toContain(`SCAN t USING COVERING INDEX ${indexOf[column]}`);
      expect(findPage).not.toContain('TEMP B-TREE');
    },
  );

  it('a client filter, a status filter and a search each start from their index', () => {
    expect(plan({ filter: { clientId: world.debtor.id } }).page).toContain('tickets_by_client_id');
    expect(plan({ filter: { statuses: ['new'] } }).count).toContain('tickets_by_status');
    expect(plan({ filter: { text: 'газель' } }).page).toContain('ticket_fts VIRTUAL TABLE');
    // A search alone is counted in the full-text index, without reading a ticket.
    expect(plan({ filter: { text: 'газель' } }).count).toBe('SCAN ticket_fts VIRTUAL TABLE INDEX 0:M6');
    expect(plan({ view: 'unpaid' }).page).toContain('tickets_unpaid_by_client_id');
  });

  it('the first page a window opens on (open tickets, newest first) reads its own rows from the open tickets index, sorting none', () => {
    const { page, count } = plan({ view: 'open', sort: { column: 'number', dir: 'desc' } });
    const [findPage] = page.split('SCAN page');
    expect(findPage).toContain('SCAN t USING COVERING INDEX tickets_open_by_number');
    expect(findPage).not.toContain('TEMP B-TREE');
    expect(count).toContain('tickets_open_by_number');
    // With a filter beside the view, the filter's own index may be the better start: the planner decides.
    const filtered = buildGridSql(
      TicketQuery.parse({ view: 'open', filter: { clientId: world.debtor.id } }),
      null,
      DEFAULT_PHONE_REGIONS,
    );
    expect(filtered.from).toBe('tickets t');
  });

  it('the debt of a page of clients comes from the partial index of unpaid visits', () => {
    const detail = (
      deskDatabase(ws)
        .prepare(
          `EXPLAIN QUERY PLAN SELECT t.client_id, count(*) FROM tickets t INDEXED BY tickets_unpaid_by_client_id
       WHERE t.client_id IN (?, ?) AND t.billing = 'paid' AND t.status_kind = 'completed' AND t.paid_total < t.amount
       GROUP BY t.client_id`,
        )
        .all(world.debtor.id, world.clean.id) as { detail: string }[]
    )
      .map((r) => r.detail)
      .join(' | ');
    expect(detail).toContain('tickets_unpaid_by_client_id');
  });
});
