import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { LATEST_VERSION, migrate } from './migrations/index.js';

const require = createRequire(import.meta.url);

/** `PRAGMA application_id` of a Pult store: "PULT" in ASCII. A file with another id belongs to someone else. */
export const PULT_APPLICATION_ID = 0x50554c54;

const SQLITE_MAGIC = 'SQLite format 3\u0000';

/** Files up to this size get their full page check before opening; larger ones after, in the background. */
export const SYNC_CHECK_MAX_BYTES = 32 * 1024 * 1024;

export type StoreOpenProblem = 'not-sqlite' | 'foreign' | 'newer-schema' | 'corrupt';

/** Why a data file cannot be opened. The file is left exactly as it was: Pult never "repairs" by deleting. */
export class StoreOpenError extends Error {
  readonly problem: StoreOpenProblem;
  readonly path: string;

  constructor(problem: StoreOpenProblem, path: string, detail: string) {
    super(`${describeProblem(problem)}: ${path} (${detail}). The file was not changed.`);
    this.name = 'StoreOpenError';
    this.problem = problem;
    this.path = path;
  }
}

function describeProblem(problem: StoreOpenProblem): string {
  switch (problem) {
    case 'not-sqlite':
      return 'This file is not a Pult database (not an SQLite file)';
    case 'foreign':
      return 'This SQLite file belongs to another application, not to Pult';
    case 'newer-schema':
      return 'This Pult database was written by a newer version of Pult; update Pult to open it';
    case 'corrupt':
      return 'This Pult database is damaged';
  }
}

/**
 * Only the magic bytes are read from the raw file: with WAL, page 1 (application id, schema version) may
 * still sit in the -wal file of another open desk, so everything else is read through SQLite, read-only.
 */
function readMagic(path: string): 'empty' | 'sqlite' | 'not-sqlite' {
  const size = statSync(path).size;
  if (size === 0) return 'empty';
  if (size < 100) return 'not-sqlite';
  const buf = Buffer.alloc(16);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, buf, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  return buf.toString('latin1') === SQLITE_MAGIC ? 'sqlite' : 'not-sqlite';
}

function checkExisting(path: string): void {
  const magic = readMagic(path);
  if (magic === 'empty') return;
  if (magic === 'not-sqlite') throw new StoreOpenError('not-sqlite', path, 'no SQLite header');
  let ro: Database.Database | undefined;
  try {
    ro = new Database(path, { readonly: true, fileMustExist: true });
    const applicationId = ro.pragma('application_id', { simple: true }) as number;
    const userVersion = ro.pragma('user_version', { simple: true }) as number;
    const tables = (ro.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get() as { n: number })
      .n;
    if (applicationId !== PULT_APPLICATION_ID) {
      // A fresh SQLite file with no tables and no id is as good as an empty one.
      if (applicationId !== 0 || tables > 0) {
        throw new StoreOpenError('foreign', path, `application id ${applicationId}, ${tables} tables`);
      }
      return;
    }
    if (userVersion > LATEST_VERSION) {
      throw new StoreOpenError('newer-schema', path, `schema ${userVersion}, this Pult knows up to ${LATEST_VERSION}`);
    }
    // A full page check reads the whole file (seconds at 100k tickets): small files are checked here,
    // large ones by checkStoreInBackground once the desk is up.
    if (statSync(path).size <= SYNC_CHECK_MAX_BYTES) {
      const problems = ro.pragma('quick_check(1)', { simple: true });
      if (problems !== 'ok') throw new StoreOpenError('corrupt', path, String(problems));
    }
  } catch (error) {
    if (error instanceof StoreOpenError) throw error;
    throw new StoreOpenError('corrupt', path, error instanceof Error ? error.message : String(error));
  } finally {
    ro?.close();
  }
}

function isCorruption(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT_INDEX';
}

export type OpenStoreOptions = Readonly<{ readonly?: boolean }>;

/**
 * Opens (or creates) a Pult store: refuses foreign, corrupt and newer files untouched, then sets the
 * durability pragmas and runs pending migrations.
 */
export function openDatabase(path: string, options: OpenStoreOptions = {}): Database.Database {
  if (path !== ':memory:' && existsSync(path)) checkExisting(path);
  const db = new Database(path, { readonly: options.readonly ?? false });
  try {
    db.pragma('busy_timeout = 5000');
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      // Once the UI says "saved", the change survives a power cut (docs/sync.md).
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      // 64 MiB of page cache: the grid's indexes at 100k tickets stay in memory (the default is 2 MiB).
      db.pragma('cache_size = -65536');
      if ((db.pragma('application_id', { simple: true }) as number) === 0) {
        db.pragma(`application_id = ${PULT_APPLICATION_ID}`);
      }
      migrate(db);
      // Lets the planner pick between a filter's index and a sort's index with real statistics (the grid's
      // filtered views depend on it); cheap when the statistics are fresh.
      db.pragma('optimize = 0x10002');
    }
    return db;
  } catch (error) {
    db.close();
    if (isCorruption(error)) {
      throw new StoreOpenError('corrupt', path, error instanceof Error ? error.message : String(error));
    }
    throw error;
  }
}

/**
 * The full page check of a large store, on a worker thread with its own read-only connection, so the desk
 * starts at once. Resolves to null when the file is sound, or to what is wrong with it.
 */
export function checkStoreInBackground(path: string): Promise<string | null> {
  if (path === ':memory:' || statSync(path).size <= SYNC_CHECK_MAX_BYTES) return Promise.resolve(null);
  return new Promise((resolve) => {
    const worker = new Worker(
      `const { parentPort, workerData } = require('node:worker_threads');
       const Database = require(workerData.driver);
       let result = null;
       try {
         const db = new Database(workerData.path, { readonly: true, fileMustExist: true });
         const problems = db.pragma('quick_check(1)', { simple: true });
         db.close();
         if (problems !== 'ok') result = String(problems);
       } catch (error) { result = error && error.message ? error.message : String(error); }
       parentPort.postMessage(result);`,
      { eval: true, workerData: { path, driver: require.resolve('better-sqlite3') } },
    );
    worker.once('message', (result: string | null) => resolve(result));
    worker.once('error', (error) => resolve(error.message));
    worker.unref();
  });
}
