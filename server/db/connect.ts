import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type SqliteDatabase } from 'kysely';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import pg from 'pg';
import type { Backend, ServerDb } from './schema.js';

/**
 * Opens the server's database from one string: `sqlite:PATH` (the default, embedded) or a `postgres://` /
 * `postgresql://` URL. Nothing here migrates; `migrateToLatest` does.
 */

/** `PRAGMA application_id` of a server file ("PSRV"): a desk replica ("PULT") must never be served by mistake. */
export const SERVER_APPLICATION_ID = 0x50535256;

export type DbLocation =
  Readonly<{ backend: 'sqlite'; path: string }> | Readonly<{ backend: 'postgres'; connectionString: string }>;

export class DbUrlError extends Error {
  override readonly name = 'DbUrlError';
}

export function parseDbUrl(url: string): DbLocation {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    if (!path) throw new DbUrlError('sqlite: needs a file path, e.g. sqlite:./.pult/server.sqlite');
    return { backend: 'sqlite', path: path === ':memory:' ? path : resolve(path) };
  }
  if (/^postgres(ql)?:\/\//.test(url)) return { backend: 'postgres', connectionString: url };
  throw new DbUrlError(`Unknown database "${redactUrl(url)}": use sqlite:PATH or postgres://user:pass@host/db`);
}

/** The URL without its password, for logs and error messages. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

/**
 * pg hands BIGINT (oid 20) back as a string because it may exceed 2^53. Every BIGINT of ours (versions,
 * milliseconds, kopecks, counts) stays far below that, so it becomes a number, and a value that does not fit
 * is an error rather than a silently rounded id.
 */
export function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new RangeError(`BIGINT ${text} does not fit a JavaScript number`);
  return n;
}

const INT8_OID = 20;
const pgTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary'
      ? parseInt8
      : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

/** Connection settings for a dedicated pg client (the LISTEN connection) with the same type parsing. */
export function pgClientConfig(connectionString: string): pg.ClientConfig {
  return { connectionString, types: pgTypes, application_name: 'pult-server' };
}

export type ServerDatabase = Readonly<{
  backend: Backend;
  location: DbLocation;
  db: Kysely<ServerDb>;
  close(): Promise<void>;
}>;

function openSqlite(path: string): Database.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  try {
    const appId = sqlite.pragma('application_id', { simple: true }) as number;
    const tables = (
      sqlite.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get() as { n: number }
    ).n;
    if (appId !== SERVER_APPLICATION_ID && (appId !== 0 || tables > 0)) {
      throw new DbUrlError(
        `${path} is not a Pult server database (application id ${appId}, ${tables} tables); it was not changed`,
      );
    }
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('journal_mode = WAL');
    // A push is acknowledged only after its commit; FULL makes that commit survive a power cut, so a desk
    // never drops from its outbox a mutation the server could still lose.
    sqlite.pragma('synchronous = FULL');
    if (appId === 0) sqlite.pragma(`application_id = ${SERVER_APPLICATION_ID}`);
    return sqlite;
  } catch (error) {
    sqlite.close();
    throw error;
  }
}

/** Prepared statements kept per SQL text; the least recently used goes past this many. */
const STATEMENTS_KEPT = 256;

/**
 * Kysely's SQLite driver prepares every query anew, and preparing costs as much as running: a push or a pull
 * runs the same few dozen statements every time. Kysely runs one query at a time on this single connection,
 * so a statement is never reused while it is still being read.
 */
function withStatementCache(sqlite: Database.Database): SqliteDatabase {
  const kept = new Map<string, Database.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = kept.get(sql);
      if (statement) kept.delete(sql);
      else statement = sqlite.prepare(sql);
      kept.set(sql, statement);
      if (kept.size > STATEMENTS_KEPT) kept.delete(kept.keys().next().value as string);
      return statement;
    },
  };
}

export function openServerDb(url: string): ServerDatabase {
  const location = parseDbUrl(url);
  if (location.backend === 'sqlite') {
    const sqlite = openSqlite(location.path);
    const db = new Kysely<ServerDb>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
    return { backend: 'sqlite', location, db, close: () => db.destroy() };
  }
  const pool = new pg.Pool({ ...pgClientConfig(location.connectionString), max: 10 });
  // An idle client that loses its connection emits 'error' on the pool; unhandled, it would kill the process.
  pool.on('error', () => undefined);
  // A checked-out client has no pool listener: when PostgreSQL restarts mid-transaction its 'error' ("Connection
  // terminated unexpectedly") would be unhandled and kill the process. The statement in flight fails by itself
  // (the push answers 500, the desk retries) and the pool drops the dead client when it is released.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = new Kysely<ServerDb>({ dialect: new PostgresDialect({ pool }) });
  return { backend: 'postgres', location, db, close: () => db.destroy() };
}
