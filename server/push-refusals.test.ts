import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { describe, expect, test } from 'vitest';
import type { Backend } from './db/schema.js';
import type { ServerDatabase } from './db/connect.js';
import { classifyError, isUnstorableText } from './sync/database-errors.js';
import { BACKENDS, startTestServer, testDatabases } from './test-support/backends.js';
import { serverRows, serverVersion, signIn, TestDesk } from './test-support/client.js';

/**
 * A mutation the database itself refuses must not stop a desk's sync for good. A refusal that is about the
 * data (a NUL in text on PostgreSQL, a constraint) says the same to every retry: the mutation is consumed as
 * rejected, like a rule's refusal, and the next one applies. A failure that is about the moment (a
 * serialization failure, a lost connection) fails the request, consumes nothing, and the retry applies.
 */
const databases = testDatabases();

const comment = (ticketId: string, body: string) => ({ id: randomUUID(), ticketId, body, public: false });

/** A real trigger that refuses some comment bodies, as a constraint the mutator knows nothing about would. */
async function refuseBodies(database: ServerDatabase, backend: Backend) {
  if (backend === 'sqlite') {
    await sql`create trigger refuse_poison before insert on comments when new.body = 'poison'
              begin select raise(abort, 'comments may not say poison'); end`.execute(database.db);
    return;
  }
  await sql`create table test_storm (at bigint)`.execute(database.db);
  await sql`insert into test_storm values (1)`.execute(database.db);
  await sql
    .raw(
      `create function refuse_poison() returns trigger language plpgsql as $$
       begin
         if new.body = 'poison' then raise exception 'comments may not say poison' using errcode = '23514'; end if;
         if new.body = 'flaky' and exists (select 1 from test_storm) then
           raise exception 'could not serialize access' using errcode = '40001';
         end if;
         return new;
       end $$`,
    )
    .execute(database.db);
  await sql`create trigger refuse_poison before insert on comments for each row execute function refuse_poison()`.execute(
    database.db,
  );
}

describe.each(BACKENDS)('database refusals on %s', (backend) => {
  test('a mutation the database refuses is consumed as rejected (internal) with the reason; the mutations around it apply, versions stay gap-free', async () => {
    const { url, world, server } = await startTestServer(databases, backend);
    await refuseBodies(server.database, backend);
    const desk = new TestDesk(url, await signIn(url, 'anna'));
    const before = await serverVersion(url);
    const reply = await desk.push([
      desk.mutation('comment.add', comment(world.ticket.id, 'до')),
      desk.mutation('comment.add', comment(world.ticket.id, 'poison')),
      desk.mutation('comment.add', comment(world.ticket.id, 'после')),
    ]);
    expect(reply.status).toBe(200);
    expect(reply.body.lastMutationId).toBe(3);
    expect(reply.body.results.map((r) => r.status)).toEqual(['applied', 'rejected', 'applied']);
    expect(reply.body.results[1]?.error).toEqual({
      code: 'internal',
      message: expect.stringMatching(/^The database refused comment\.add: .*comments may not say poison/),
    });
    // Two versions, one per applied mutation: the refused one's version bump went with its savepoint.
    expect(await serverVersion(url)).toBe(before + 2);
    const [page] = await desk.pullAll(0);
    expect(page?.rejections.map((r) => [r.mutationId, r.code])).toEqual([[2, 'internal']]);
    const bodies = [...((await serverRows(desk)).get('comments')?.values() ?? [])].map((c) => c.body);
    expect(bodies.sort()).toEqual(['до', 'после']);

    // The desk's next push goes on from there.
    const next = await desk.push([desk.mutation('comment.add', comment(world.ticket.id, 'дальше'))]);
    expect(next.body).toMatchObject({ lastMutationId: 4, results: [{ id: 4, status: 'applied' }] });
  });
});

describe('database refusals on postgres only', () => {
  test('a NUL in a comment body is refused and consumed; the next mutation from the same desk applies', async () => {
    const { url, world } = await startTestServer(databases, 'postgres');
    const desk = new TestDesk(url, await signIn(url, 'anna'));
    const before = await serverVersion(url);
    const poisoned = await desk.push([desk.mutation('comment.add', comment(world.ticket.id, 'before\u0000after'))]);
    expect(poisoned.status).toBe(200);
    expect(poisoned.body.lastMutationId).toBe(1);
    expect(poisoned.body.results[0]?.status).toBe('rejected');
    // The database refuses it (internal), or core's text schema does (invalid-input) once it checks for NUL:
    // either way it is consumed and says why.
    expect(['internal', 'invalid-input']).toContain(poisoned.body.results[0]?.error?.code);
    expect(poisoned.body.results[0]?.error?.message).toMatch(/\S/);
    const next = await desk.push([desk.mutation('comment.add', comment(world.ticket.id, 'clean'))]);
    expect(next.body).toMatchObject({ lastMutationId: 2, results: [{ id: 2, status: 'applied' }] });
    expect(await serverVersion(url)).toBe(before + 1);
  });

  test('a serialization failure fails the whole request and consumes nothing; the same push sent again applies', async () => {
    const { url, world, server } = await startTestServer(databases, 'postgres');
    await refuseBodies(server.database, 'postgres');
    const desk = new TestDesk(url, await signIn(url, 'anna'));
    const before = await serverVersion(url);
    const batch = [
      desk.mutation('comment.add', comment(world.ticket.id, 'first')),
      desk.mutation('comment.add', comment(world.ticket.id, 'flaky')),
    ];
    const failed = await desk.push(batch);
    expect(failed.status).toBe(500);
    expect(failed.body.error.code).toBe('internal');
    expect(await serverVersion(url)).toBe(before);
    expect((await desk.pullAll(0)).at(-1)?.lastMutationId).toBe(0);
    // The moment passes (the trigger lets it through now), and the desk's retry applies both.
    await sql`delete from test_storm`.execute(server.database.db);
    const retry = await desk.push(batch);
    expect(retry.body).toMatchObject({
      lastMutationId: 2,
      results: [
        { id: 1, status: 'applied' },
        { id: 2, status: 'applied' },
      ],
    });
    expect(await serverVersion(url)).toBe(before + 2);
  });
});

describe('which database errors consume a mutation', () => {
  const pgError = (code: string) => Object.assign(new pg.DatabaseError('refused', 0, 'error'), { code });

  test('PostgreSQL: connection, serialization, deadlock, resources, shutdown and internal errors are transient; data and constraint errors are refusals', () => {
    for (const code of ['08006', '40001', '40P01', '53100', '57P01', '57014', '58030', '55P03', 'XX000', '25P02']) {
      expect(classifyError(pgError(code)), code).toBe('transient');
    }
    for (const code of ['22021', '22P05', '22001', '23505', '23514', '42703']) {
      expect(classifyError(pgError(code)), code).toBe('refusal');
    }
    expect(isUnstorableText(pgError('22021'))).toBe(true);
    expect(isUnstorableText(pgError('23505'))).toBe(false);
  });

  test('SQLite: busy, locked, I/O, full and corrupt are transient; constraints, type mismatches and SQL errors are refusals', () => {
    const sqliteError = (code: string) => new Database.SqliteError('refused', code);
    for (const code of ['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_LOCKED', 'SQLITE_IOERR_FSYNC', 'SQLITE_FULL']) {
      expect(classifyError(sqliteError(code)), code).toBe('transient');
    }
    for (const code of ['SQLITE_CONSTRAINT_TRIGGER', 'SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_MISMATCH', 'SQLITE_TOOBIG']) {
      expect(classifyError(sqliteError(code)), code).toBe('refusal');
    }
  });

  test('an error that is not the database answering (a bug, a dropped socket) is neither: the request fails', () => {
    expect(classifyError(new TypeError('x is undefined'))).toBe('other');
    expect(classifyError(Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' }))).toBe(
      'other',
    );
  });
});
