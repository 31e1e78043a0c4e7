import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { BACKENDS, startTestServer, testDatabases } from './test-support/backends.js';
import { importRows } from './db/import-rows.js';
import { call, signIn, TestDesk, type ErrorBody } from './test-support/client.js';
import { T0, ticketRow } from './test-support/world.js';

/**
 * The BI feed on the server: an admin issues a read-only token; it reads the feed (OData-style JSON, paged by
 * `@odata.nextLink`) and nothing else; a second pull with the returned `@odata.deltaLink` returns only what
 * changed since, on SQLite and on PostgreSQL.
 */
const databases = testDatabases();

type Feed = {
  value: Record<string, unknown>[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
} & Partial<ErrorBody>;

describe.each(BACKENDS)('the BI feed on %s', (backend) => {
  async function setUp() {
    const env = await startTestServer(databases, backend);
    const admin = await signIn(env.url, 'admin');
    const issued = await call<{ id: string; token: string }>(env.url, 'POST', '/api/admin/bi-tokens', {
      token: admin,
      body: { name: 'Power BI' },
    });
    expect(issued.status).toBe(201);
    /** Follows a link as a BI tool does: the absolute URL it was given, with the token. */
    const get = async (url: string, pageSize?: number) => {
      const response = await fetch(url, {
        headers: {
          authorization: `Bearer ${issued.body.token}`,
          ...(pageSize ? { prefer: `odata.maxpagesize=${pageSize}` } : {}),
        },
      });
      return { status: response.status, body: (await response.json()) as Feed };
    };
    /** Every page of a pull, and the deltaLink its last page gave. */
    const pull = async (url: string, pageSize?: number) => {
      const rows: Record<string, unknown>[] = [];
      let next: string | undefined = url;
      let delta: string | undefined;
      let pages = 0;
      while (next) {
        const page = await get(next, pageSize);
        expect(page.status).toBe(200);
        rows.push(...page.body.value);
        next = page.body['@odata.nextLink'];
        delta = page.body['@odata.deltaLink'];
        pages += 1;
      }
      return { rows, delta: delta!, pages };
    };
    return { ...env, admin, token: issued.body.token, tokenId: issued.body.id, get, pull };
  }

  test('a second pull with the deltaLink returns only the tickets changed since, and a page boundary loses none', async () => {
    const { url, world, pull } = await setUp();
    const anna = new TestDesk(url, await signIn(url, 'anna'));
    const created = Array.from({ length: 5 }, (_, i) => ({
      id: randomUUID(),
      logId: randomUUID(),
      ackId: randomUUID(),
      clientId: world.client.id,
      type: 'incident',
      billing: 'warranty',
      title: `Заявка для BI ${i}`,
    }));
    const made = await anna.push(created.map((t) => anna.mutation('ticket:create', t)));
    expect(made.body.results.every((r) => r.status === 'applied')).toBe(true);

    const first = await pull(`${url}/api/bi/v1/tickets`, 2);
    expect(first.pages).toBe(4);
    expect(first.rows).toHaveLength(7);
    expect(new Set(first.rows.map((r) => r.id)).size).toBe(7);
    expect(first.rows.find((r) => r.id === created[0]!.id)).toMatchObject({ title: 'Заявка для BI 0', status: 'new' });

    const changed = await anna.push([
      anna.mutation('ticket:set-priority', { id: created[2]!.id, priority: 'high' }),
      anna.mutation('ticket:add-comment', {
        id: randomUUID(),
        ticketId: created[3]!.id,
        body: 'Клиент перезвонит',
        public: false,
      }),
    ]);
    expect(changed.body.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    const second = await pull(first.delta);
    // A comment touches its ticket (its updatedAt): that ticket changed too; the other five did not.
    expect(second.rows.map((r) => [r.id, r.priority])).toEqual([
      [created[2]!.id, 'high'],
      [created[3]!.id, 'normal'],
    ]);
    // Nothing changed since: the third pull is empty and points on from the same place.
    const third = await pull(second.delta);
    expect(third.rows).toEqual([]);
    expect(third.delta).toBe(second.delta);
    // The status log, another entity, saw only the five creations.
    expect((await pull(`${url}/api/bi/v1/ticket_status_log`)).rows).toHaveLength(5);
  });

  test('a visit unplanned after a pull comes back in the next pull as @removed', async () => {
    const { url, world, server, pull } = await setUp();
    const waiting = ticketRow(world.client, 50, { status: 'needs_visit' });
    await importRows(server.database, [{ table: 'tickets', row: waiting }]);
    const pavel = new TestDesk(url, await signIn(url, 'pavel'));
    const visit = {
      id: randomUUID(),
      ticketId: waiting.id,
      engineerId: world.ivan.employee.id,
      startAt: T0 + 86_400_000,
      endAt: T0 + 86_400_000 + 3_600_000,
      logId: randomUUID(),
    };
    expect((await pavel.push([pavel.mutation('visit:plan', visit)])).body.results[0]?.status).toBe('applied');
    const first = await pull(`${url}/api/bi/v1/visits`);
    expect(first.rows.map((r) => r.id)).toEqual([visit.id]);
    const unplan = { id: visit.id, ticketId: waiting.id, expectedRevision: 0, logId: randomUUID() };
    expect((await pavel.push([pavel.mutation('visit:unplan', unplan)])).body.results[0]?.status).toBe('applied');
    const second = await pull(first.delta);
    expect(second.rows).toEqual([{ '@removed': { reason: 'deleted' }, id: visit.id }]);
  });

  test('the BI token reads the feed and nothing else; a user session does not read the feed', async () => {
    const { url, admin, token, tokenId, get } = await setUp();
    expect((await get(`${url}/api/bi/v1`)).body.value.map((e) => e.name)).toEqual([
      'tickets',
      'ticket_status_log',
      'visits',
      'calls',
      'payments',
      'work_lines',
    ]);
    for (const [method, path] of [
      ['POST', '/api/sync/pull'],
      ['GET', '/api/admin/users'],
      ['POST', '/api/reports/work'],
    ] as const) {
      expect((await call(url, method, path, { token, body: method === 'POST' ? {} : undefined })).status, path).toBe(
        401,
      );
    }
    const asUser = await call<ErrorBody>(url, 'GET', '/api/bi/v1/tickets', { token: admin });
    expect(asUser.status).toBe(401);
    expect((await get(`${url}/api/bi/v1/users`)).status).toBe(404);
    expect((await get(`${url}/api/bi/v1/tickets?$skiptoken=garbage`)).status).toBe(400);
    // Only an admin issues tokens; a revoked token reads nothing.
    const olga = await signIn(url, 'olga');
    expect((await call(url, 'POST', '/api/admin/bi-tokens', { token: olga, body: { name: 'x' } })).status).toBe(403);
    expect((await call(url, 'POST', `/api/admin/bi-tokens/${tokenId}/revoke`, { token: admin })).status).toBe(200);
    expect((await get(`${url}/api/bi/v1/tickets`)).status).toBe(401);
  });
});
