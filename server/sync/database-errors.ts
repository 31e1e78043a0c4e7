import Database from 'better-sqlite3';
import pg from 'pg';

/**
 * What an error thrown while a mutation ran means for the desk that sent it:
 * - `transient`: the database could not answer now (connection lost, serialization failure or deadlock,
 *   the server shutting down, disk full). The request fails and the desk retries it later.
 * - `refusal`: the database answered and said no (a NUL in text on PostgreSQL, a constraint, a value out of
 *   range). It says the same no to every retry, so the mutation is consumed as rejected; retrying it would
 *   stop the desk's sync for good.
 * - `other`: not a database answer at all (a bug in our code, a dropped socket): treated like transient.
 */
export type ErrorKind = 'transient' | 'refusal' | 'other';

/** SQLSTATE classes (first two characters) that describe the moment, not the statement. */
const PG_TRANSIENT_CLASSES: ReadonlySet<string> = new Set([
  '08', // connection exception
  '25', // invalid transaction state (an earlier failure in this transaction)
  '40', // transaction rollback: serialization failure, deadlock
  '53', // insufficient resources: disk full, out of memory, too many connections
  '55', // object not in prerequisite state: lock not available
  '57', // operator intervention: shutdown, cancelled statement
  '58', // system error: I/O
  'XX', // internal error: nothing the mutation can be blamed for
]);

/** SQLite primary result codes that describe the moment, not the statement. */
const SQLITE_TRANSIENT: ReadonlySet<string> = new Set([
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_IOERR',
  'SQLITE_FULL',
  'SQLITE_NOMEM',
  'SQLITE_INTERRUPT',
  'SQLITE_CANTOPEN',
  'SQLITE_READONLY',
  'SQLITE_PROTOCOL',
  'SQLITE_CORRUPT',
  'SQLITE_NOTADB',
  'SQLITE_SCHEMA',
]);

export function classifyError(error: unknown): ErrorKind {
  if (error instanceof pg.DatabaseError) {
    const code = error.code ?? '';
    return code.length === 5 && !PG_TRANSIENT_CLASSES.has(code.slice(0, 2)) ? 'refusal' : 'transient';
  }
  if (error instanceof Database.SqliteError) {
    // Extended codes add a suffix to the primary one: SQLITE_IOERR_FSYNC, SQLITE_CONSTRAINT_TRIGGER.
    const primary = error.code.split('_').slice(0, 2).join('_');
    return SQLITE_TRANSIENT.has(primary) ? 'transient' : 'refusal';
  }
  return 'other';
}

/** PostgreSQL refusing text it cannot store: NUL (22021) or a character the encoding lacks (22P05). */
export function isUnstorableText(error: unknown): boolean {
  return error instanceof pg.DatabaseError && (error.code === '22021' || error.code === '22P05');
}
