import { sql } from 'kysely';
import type { Db } from './schema.js';
import type { ServerDatabase } from './connect.js';

export type TxMode = 'write' | 'read';

/**
 * How each backend begins. Writes on SQLite take the write lock up front (IMMEDIATE): a deferred BEGIN
 * that reads first and writes later can fail with SQLITE_BUSY halfway instead of waiting. Writes on
 * PostgreSQL stay READ COMMITTED: they serialise on the server_version row lock, after which every statement
 * sees what the previous writer committed. Reads on PostgreSQL take one snapshot for the whole page so its
 * `total` and its rows agree.
 */
const BEGIN: Readonly<Record<ServerDatabase['backend'], Record<TxMode, string>>> = {
  sqlite: { write: 'begin immediate', read: 'begin' },
  postgres: { write: 'begin', read: 'begin isolation level repeatable read read only' },
};

/**
 * Runs `fn` in one transaction on one connection. Kysely's own `transaction()` cannot say IMMEDIATE, so the
 * statements are issued here; `fn` must use only the handle it is given (on SQLite there is one connection,
 * and the outer handle would wait for it forever).
 */
export function inTransaction<T>(database: ServerDatabase, mode: TxMode, fn: (tx: Db) => Promise<T>): Promise<T> {
  return database.db.connection().execute(async (conn) => {
    await sql.raw(BEGIN[database.backend][mode]).execute(conn);
    try {
      const result = await fn(conn);
      await sql.raw('commit').execute(conn);
      return result;
    } catch (error) {
      // A failed COMMIT leaves an SQLite transaction open, so roll back in that case too. The connection may
      // be gone altogether; the error worth reporting is the first one.
      await sql
        .raw('rollback')
        .execute(conn)
        .catch(() => undefined);
      throw error;
    }
  });
}

/** Runs `fn` inside a savepoint; when it throws, its writes are undone and the transaction goes on. */
export async function inSavepoint<T>(tx: Db, fn: () => Promise<T>): Promise<T> {
  await sql.raw('savepoint mutation').execute(tx);
  try {
    const result = await fn();
    await sql.raw('release savepoint mutation').execute(tx);
    return result;
  } catch (error) {
    await sql.raw('rollback to savepoint mutation').execute(tx);
    await sql.raw('release savepoint mutation').execute(tx);
    throw error;
  }
}
