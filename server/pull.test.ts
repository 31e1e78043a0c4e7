import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { TABLES, type TableName } from '../core/entities.js';
import { SYNC_PAGE_SIZE } from '../core/sync-protocol.js';
import { importRows, type ImportedRow } from './db/import-rows.js';
import { BACKENDS, startTestServer, testDatabases } from './test-support/backends.js';
import { signIn, TestDesk } from './test-support/client.js';
import { T0, ticketRow, type World } from './test-support/world.js';

/**
 * Pull (docs/sync.md): pages of rows with version in (cursor, upTo]. These tests check that paging neither
 * loses nor repeats a row, that `total` is right from the first page, that rows leave the server in core's
 * exact shape, and that a pull racing with pushes only ever delays a row, never drops it.
 */
const databases = testDatabases();

/** `n` tickets, each with its first status-log row: 2n rows in two tables. */
function manyTickets(world: World, n: number): ImportedRow[] {
  return Array.from({ length: n }, (_, i) => {
    const t = ticketRow(world.client, 100 + i, { title: `Массовая заявка ${i}` });
    const log = { id: randomUUID(), ticketId: t.id, fromStatus: null, toStatus: 'new', at: T0, by: null };
    return [
      { table: 'tickets' as const, row: t },
      { table: 'ticket_status_log' as const, row: log },
    ];
  }).flat();
}

describe.each(BACKENDS)('pull on %s', (backend) => {
  test('a first sync of several pages returns every row exactly once, in core shape, with the right total', async () => {
    const { url, server, world } = await startTestServer(databases, backend);
    const extra = manyTickets(world, 6_500);
    const version = await importRows(server.database, extra);
    const worldRows = 4 + 1 + 2; // employees, client, tickets
    const expected = worldRows + extra.length;

    const desk = new TestDesk(url, await signIn(url, 'anna'));
    const pages = await desk.pullAll(0);
    expect(pages.map((p) => p.changes.length)).toEqual([SYNC_PAGE_SIZE, SYNC_PAGE_SIZE, expected - 2 * SYNC_PAGE_SIZE]);
    expect(pages.map((p) => p.total)).toEqual([expected, expected, expected]);
    expect(pages.map((p) => p.cursor)).toEqual([0, 0, version]);
    expect(pages.at(-1)?.page).toBeNull();

    const seen = new Set<string>();
    const repeated: string[] = [];
    const misshapen: string[] = [];
    for (const { table, row } of pages.flatMap((p) => p.changes)) {
      const key = `${table}/${String(row.id)}`;
      if (seen.has(key)) repeated.push(key);
      seen.add(key);
      // Exactly core's row: no `version`, no snake_case, nothing missing, booleans as booleans.
      if (!TABLES[table as TableName].strict().safeParse(row).success) misshapen.push(key);
    }
    expect(repeated).toEqual([]);
    expect(misshapen).toEqual([]);
    expect(seen.size).toBe(expected);
    const anna = pages[0]?.changes.find((c) => c.row.id === world.anna.employee.id)?.row;
    expect(anna).toEqual({ ...world.anna.employee });
  }, 120_000);

  test('an incremental pull returns only the rows written after the cursor, and nothing at the current version', async () => {
    const { url, world } = await startTestServer(databases, backend);
    const desk = new TestDesk(url, await signIn(url, 'anna'));
    const [first] = await desk.pullAll(0);
    const cursor = first?.cursor ?? 0;
    const comment = { id: randomUUID(), ticketId: world.ticket.id, body: 'ещё раз', public: true };
    await desk.push([desk.mutation('comment.add', comment)]);
    const [next] = await desk.pullAll(cursor);
    expect(next?.changes.map((c) => `${c.table}/${String(c.row.id)}`).sort()).toEqual(
      [`comments/${comment.id}`, `tickets/${world.ticket.id}`].sort(),
    );
    expect(next?.total).toBe(2);
    expect(next?.changes.find((c) => c.table === 'comments')?.row.public).toBe(true);
    const [none] = await desk.pullAll(next?.cursor ?? 0);
    expect(none).toMatchObject({ changes: [], total: 0, page: null, cursor: next?.cursor, lastMutationId: 1 });
  });

  test('a row rewritten between two pages of a long pull is not lost: the next pull brings it', async () => {
    const { url, server, world } = await startTestServer(databases, backend);
    await importRows(server.database, manyTickets(world, 3_000));
    const desk = new TestDesk(url, await signIn(url, 'anna'));
    const first = await desk.pullPage(0);
    expect(first.body.page).not.toBeNull();
    // While the desk is between pages, somebody claims a ticket the desk has not received yet.
    const late = first.body.changes.at(-1)?.row.id;
    const unseen = [...(await desk.pullAll(0)).flatMap((p) => p.changes)]
      // Only the imported tickets: the world's "taken" callback is already Anna's and cannot be claimed.
      .filter((c) => c.table === 'tickets' && String(c.row.title).startsWith('Массовая'))
      .map((c) => String(c.row.id))
      .filter((id) => id > String(late));
    expect(unseen.length).toBeGreaterThan(0);
    const target = unseen[0] ?? '';
    const ivan = new TestDesk(url, await signIn(url, 'ivan'));
    expect((await ivan.push([ivan.mutation('ticket.claim', { id: target })])).body.results[0]?.status).toBe('applied');

    let cursor = 0;
    const rows = new Map<string, Record<string, unknown>>();
    for (let page = first.body; ;) {
      for (const c of page.changes) rows.set(`${c.table}/${String(c.row.id)}`, c.row);
      if (!page.page) {
        cursor = page.cursor;
        break;
      }
      page = (await desk.pullPage(0, page.page)).body;
    }
    for (const page of await desk.pullAll(cursor)) {
      for (const c of page.changes) rows.set(`${c.table}/${String(c.row.id)}`, c.row);
    }
    expect(rows.get(`tickets/${target}`)?.assigneeId).toBe(world.ivan.employee.id);
    expect(rows.size).toBe(7 + 6_000);
  });

  test('a page naming a version the server has not reached is refused; a desk ahead of the server must start over', async () => {
    const { url } = await startTestServer(databases, backend);
    const desk = new TestDesk(url, await signIn(url, 'anna'));
    const beyond = await desk.pullPage(0, { upTo: 99, table: 'tickets', afterVersion: 0, afterId: '' });
    expect(beyond.status).toBe(400);
    const ahead = await desk.pullPage(50);
    expect(ahead.status).toBe(409);
    expect(ahead.body.error.code).toBe('cursor-ahead');
  });
});
