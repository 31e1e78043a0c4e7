import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RowOf } from '../core/entities.js';
import { SYNC_SCHEMA_VERSION, type PullResponse } from '../core/sync-protocol.js';
import { registerTestMutators } from '../core/test-support/test-mutators.js';
import { importRows } from './db/import-rows.js';
import { fromDbRecord } from './db/rows.js';
import { pull } from './sync/pull.js';
import { BACKENDS, startTestServer, testDatabases, type TestServer } from './test-support/backends.js';
import { serverVersion, signIn, TestDesk } from './test-support/client.js';
import { T0 } from './test-support/world.js';
import { PLANNER_VISIT_FIELDS } from '../core/test-support/visit-fields.js';

/**
 * Deletes on the server (docs/sync.md, Deletes): a delete leaves a tombstone under the version its push took,
 * and a pull after the cursor carries every deletion once, in version order, before any row, however the
 * pages fall. No product mutator deletes yet: the deleting mutators here are registered for this test process
 * only (core/test-support/test-mutators.ts) and run through the real push.
 */
const databases = testDatabases();
let unregister: () => void;
beforeAll(() => {
  unregister = registerTestMutators();
});
afterAll(() => unregister());

function visitRow(env: TestServer, startAt = T0): RowOf<'visits'> {
  return {
    id: randomUUID(),
    ticketId: env.world.ticket.id,
    engineerId: env.world.ivan.employee.id,
    startAt,
    endAt: startAt + 3_600_000,
    state: 'planned',
    place: 'Минск, Партизанский пр-т, 150',
    ...PLANNER_VISIT_FIELDS,
  };
}

async function seedVisits(env: TestServer, n: number): Promise<RowOf<'visits'>[]> {
  const visits = Array.from({ length: n }, (_, i) => visitRow(env, T0 + i * 7_200_000));
  await importRows(
    env.server.database,
    visits.map((row) => ({ table: 'visits' as const, row })),
  );
  return visits;
}

const tombstones = (env: TestServer) =>
  env.server.database.db.selectFrom('tombstones').selectAll().orderBy('version').orderBy('id').execute();

describe.each(BACKENDS)('deletes on %s', (backend) => {
  test('a delete removes the row and leaves its tombstone under the version its push took', async () => {
    const env = await startTestServer(databases, backend);
    const [visit, kept] = await seedVisits(env, 2);
    const desk = new TestDesk(env.url, await signIn(env.url, 'pavel'));
    const reply = await desk.push([desk.mutation('test:unplan-visit', { id: visit!.id })]);
    expect(reply.body.results).toEqual([{ id: 1, status: 'applied' }]);
    const version = await serverVersion(env.url);
    const rows = await env.server.database.db.selectFrom('visits').select('id').execute();
    expect(rows.map((r) => r.id)).toEqual([kept!.id]);
    expect((await tombstones(env)).map((t) => ({ ...t, version: Number(t.version) }))).toEqual([
      { tbl: 'visits', id: visit!.id, version },
    ]);
    // The deleting mutation is acknowledged by the pull that brings its deletion.
    const [page] = await desk.pullAll(version - 1);
    expect(page).toMatchObject({ lastMutationId: 1, changes: [], total: 1 });
    expect(page?.deletions).toEqual([{ table: 'visits', id: visit!.id, version }]);
  });

  test('deleting a row that is not there is rejected as not-found, takes no version and leaves no tombstone', async () => {
    const env = await startTestServer(databases, backend);
    const desk = new TestDesk(env.url, await signIn(env.url, 'pavel'));
    const before = await serverVersion(env.url);
    const reply = await desk.push([desk.mutation('test:unplan-visit', { id: randomUUID() })]);
    expect(reply.body.results[0]).toMatchObject({ status: 'rejected', error: { code: 'not-found' } });
    expect(await serverVersion(env.url)).toBe(before);
    expect(await tombstones(env)).toEqual([]);
  });

  test('a mutation may not delete a row its arguments do not name: a forged delete is refused and nothing is written', async () => {
    const env = await startTestServer(databases, backend);
    const desk = new TestDesk(env.url, await signIn(env.url, 'anna'));
    const before = await serverVersion(env.url);
    // "remove a phone" named with a ticket's id: the ticket is not a phone row, so it cannot be deleted.
    const reply = await desk.push([desk.mutation('test:remove-phone', { id: env.world.ticket.id })]);
    expect(reply.body.results[0]).toMatchObject({ status: 'rejected', error: { code: 'not-found' } });
    expect(await serverVersion(env.url)).toBe(before);
    expect(await env.server.database.db.selectFrom('tickets').select('id').execute()).toHaveLength(2);
  });

  test('deletions come in version order before every row, across page boundaries that fall among them, none lost or repeated; a row moved then deleted ends deleted', async () => {
    const env = await startTestServer(databases, backend);
    const visits = await seedVisits(env, 9);
    const start = await serverVersion(env.url);
    const desk = new TestDesk(env.url, await signIn(env.url, 'pavel'));
    // Interleave: move some, delete some (two of them moved first), so deletions and rows share the range.
    const doomed = [visits[0]!, visits[3]!, visits[4]!, visits[6]!, visits[8]!];
    const moved = [visits[1]!, visits[3]!, visits[5]!, visits[6]!];
    const steps = [
      desk.mutation('test:move-visit', { id: moved[0]!.id, startAt: T0 + 100 }),
      desk.mutation('test:unplan-visit', { id: doomed[0]!.id }),
      desk.mutation('test:move-visit', { id: moved[1]!.id, startAt: T0 + 200 }),
      desk.mutation('test:unplan-visit', { id: doomed[1]!.id }),
      desk.mutation('test:unplan-visit', { id: doomed[2]!.id }),
      desk.mutation('test:move-visit', { id: moved[2]!.id, startAt: T0 + 300 }),
      desk.mutation('test:move-visit', { id: moved[3]!.id, startAt: T0 + 400 }),
      desk.mutation('test:unplan-visit', { id: doomed[3]!.id }),
      desk.mutation('test:unplan-visit', { id: doomed[4]!.id }),
    ];
    // One push per mutation: every one takes its own version.
    for (const step of steps) expect((await desk.push([step])).body.results[0]?.status).toBe('applied');
    const upTo = await serverVersion(env.url);
    expect(upTo - start).toBe(steps.length);

    const pavel = env.world.pavel.user;
    const totals = new Map<string, number>();
    for (const pageSize of [1, 2, 3, 5, 6, 100]) {
      // The desk's view before the pull: every seeded visit, as it was at `start`.
      const desk = new Map(visits.map((v) => [v.id, v]));
      const pages: PullResponse[] = [];
      let page: PullResponse['page'] = null;
      do {
        const body = await pull(
          env.server.database,
          totals,
          pavel,
          { deskId: randomUUID(), schemaVersion: SYNC_SCHEMA_VERSION, cursor: start, page },
          pageSize,
        );
        expect(body.changes.length + body.deletions.length).toBeLessThanOrEqual(pageSize);
        pages.push(body);
        for (const d of body.deletions) desk.delete(d.id);
        for (const c of body.changes) desk.set(String(c.row.id), c.row as RowOf<'visits'>);
        page = body.page;
        // A walk that does not advance would loop here for ever.
        if (pages.length > 2 * (doomed.length + moved.length)) throw new Error(`page size ${pageSize}: no end`);
      } while (page);
      const deletions = pages.flatMap((p) => p.deletions);
      const sent = pages.flatMap((p) => [...p.deletions.map(() => 'deletion'), ...p.changes.map(() => 'row')]);
      expect(
        deletions.map((d) => d.id),
        `page size ${pageSize}`,
      ).toEqual(doomed.map((v) => v.id));
      expect(deletions.map((d) => d.version)).toEqual([...deletions.map((d) => d.version)].sort((a, b) => a - b));
      expect(sent.lastIndexOf('deletion')).toBeLessThan(sent.indexOf('row'));
      expect(pages.map((p) => p.total)).toEqual(pages.map(() => doomed.length + 2));
      expect(pages.at(-1)?.cursor).toBe(upTo);
      if (pageSize < doomed.length) expect(pages[0]?.page).toMatchObject({ deletions: true });

      const truth = await env.server.database.db.selectFrom('visits').selectAll().orderBy('id').execute();
      const expected = truth.map((r) => fromDbRecord('visits', r));
      expect(
        [...desk.values()].sort((a, b) => (a.id < b.id ? -1 : 1)),
        `page size ${pageSize}`,
      ).toEqual(expected);
      expect(desk.has(visits[3]!.id)).toBe(false); // moved, then deleted
    }
  });

  test('a desk of schema 1 is served while nothing after its cursor was deleted, and refused with 426 once something was', async () => {
    const env = await startTestServer(databases, backend);
    const [visit] = await seedVisits(env, 1);
    const desk = new TestDesk(env.url, await signIn(env.url, 'pavel'));
    const old = (cursor: number) =>
      fetch(`${env.url}/api/sync/pull`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${desk.token}` },
        body: JSON.stringify({ deskId: desk.deskId, schemaVersion: 1, cursor, page: null }),
      });
    const before = await old(0);
    expect(before.status).toBe(200);
    const served = (await before.json()) as PullResponse;
    expect(served.page).toBeNull();
    expect(served.deletions).toEqual([]);
    const cursor = served.cursor;

    await desk.push([desk.mutation('test:unplan-visit', { id: visit!.id })]);
    const refused = await old(cursor);
    expect(refused.status).toBe(426);
    expect(await refused.json()).toMatchObject({ error: { code: 'schema-too-old' } });
    expect((await old(cursor)).status).toBe(426);
    // Past the deletion (a snapshot or a fresh start would put it there) the old desk is served again.
    expect((await old(await serverVersion(env.url))).status).toBe(200);
    // A current desk pulls the same range.
    const [page] = await desk.pullAll(cursor);
    expect(page?.deletions.map((d) => d.id)).toEqual([visit!.id]);
  });

  test('the pull walks tombstones along tombstones_by_version (the plan on SQLite; the index on PostgreSQL)', async () => {
    const env = await startTestServer(databases, backend);
    const db = env.server.database.db;
    const plan =
      backend === 'sqlite'
        ? (
            await sql<{ detail: string }>`explain query plan select tbl, id, version from tombstones
              where (version, tbl, id) > (${1}, ${'visits'}, ${''}) and version <= ${5}
              order by version, tbl, id limit 3`.execute(db)
          ).rows.map((r) => r.detail)
        : (
            await sql<{
              indexname: string;
            }>`select indexname from pg_indexes where tablename = 'tombstones' order by indexname`.execute(db)
          ).rows.map((r) => r.indexname);
    expect(plan.join('\n')).toContain('tombstones_by_version');
    if (backend === 'sqlite') expect(plan.join('\n')).not.toContain('TEMP B-TREE');
  });
});
