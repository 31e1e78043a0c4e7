import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Change } from '../core/sync-protocol.js';
import { TABLE_NAMES } from '../core/sync-protocol.js';
import { BulkWriter } from './bulk-writer.js';
import { buildDeferredFts, deferFts, isFtsDeferred } from './fts.js';
import { LATEST_VERSION } from './migrations/index.js';
import { openDatabase, PULT_APPLICATION_ID } from './open-store.js';

const require = createRequire(import.meta.url);

/**
 * Snapshots (docs/sync.md, First sync): a replica file in the desk's own format, built by the server from
 * every row up to one version, so that an empty desk starts by copying one file instead of inserting and
 * indexing a million rows one page at a time. Both sides live here because the file *is* the desk store:
 * the server builds it with the desk's migrations, bulk writer and text index, and the desk checks and
 * installs it.
 */

/** The tables a desk fills itself and a snapshot must never overwrite: who this desk is, what it owes. */
const DESK_LOCAL = ['settings', 'outbox', 'sync_shadow'] as const;

/**
 * Writes a replica file at `path` from `pages` (rows in core shape, in pull order), with the text index
 * built, as one self-contained file (no -wal beside it). Written to a '.part' file and renamed at the end,
 * so `path` is either absent or whole. Returns the number of rows written.
 */
export async function buildSnapshotFile(
  path: string,
  pages: AsyncIterable<readonly Change[]>,
  pause: () => Promise<void> = () => new Promise((r) => setImmediate(r)),
  /** Tickets indexed per text-index chunk: small on a thread that also answers requests, large on its own. */
  ftsChunk = 500,
): Promise<number> {
  // Unique per build: two processes building into one directory never write the same file.
  const part = `${path}.${process.pid}-${randomUUID()}.part`;
  for (const suffix of ['', '-wal', '-shm']) rmSync(part + suffix, { force: true });
  const db = openDatabase(part);
  try {
    // Nothing here is worth an fsync until the end: a crash leaves a .part that the next build replaces.
    db.pragma('synchronous = OFF');
    deferFts(db);
    const writer = new BulkWriter(db);
    for await (const changes of pages) {
      db.transaction(() => {
        for (const change of changes) writer.add(change.table, change.row as never);
        writer.flushAll(TABLE_NAMES);
      })();
      await pause();
    }
    await buildDeferredFts(db, undefined, pause, ftsChunk);
    db.pragma('optimize = 0x10002');
    db.pragma('synchronous = FULL');
    db.pragma('wal_checkpoint(TRUNCATE)');
    const rows = writer.written;
    db.close();
    renameSync(part, path);
    return rows;
  } catch (error) {
    if (db.open) db.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(part + suffix, { force: true });
    throw error;
  }
}

export class SnapshotInvalidError extends Error {
  override readonly name = 'SnapshotInvalidError';
}

/** Is `path` a whole replica this desk can take as it is? Throws SnapshotInvalidError saying why not. */
export function checkSnapshotFile(path: string): void {
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const appId = db.pragma('application_id', { simple: true }) as number;
    const schema = db.pragma('user_version', { simple: true }) as number;
    if (appId !== PULT_APPLICATION_ID) throw new SnapshotInvalidError(`not a Pult replica (application id ${appId})`);
    if (schema !== LATEST_VERSION) {
      throw new SnapshotInvalidError(`replica schema ${schema}, this desk needs ${LATEST_VERSION}`);
    }
    if (isFtsDeferred(db)) throw new SnapshotInvalidError('its text index was never built');
    for (const table of DESK_LOCAL) {
      if (table === 'settings') continue;
      const n = (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
      if (n > 0) throw new SnapshotInvalidError(`it carries another desk's ${table}`);
    }
  } catch (error) {
    if (error instanceof SnapshotInvalidError) throw error;
    throw new SnapshotInvalidError(error instanceof Error ? error.message : String(error));
  } finally {
    db?.close();
  }
}

/** Pages copied per backup step: 16 MiB, then the event loop gets a turn (the window stays responsive). */
const PAGES_PER_STEP = 4096;
/** The snapshot connection's page cache while it is installed, in KiB. */
const INSTALL_CACHE_KIB = 512;

/**
 * Replaces the whole content of the live store `db` with the snapshot at `snapshotPath`, keeping this desk's
 * own tables (settings, outbox, the outbox's id sequence) and recording `settings` on top. SQLite's online
 * backup writes into `db`'s file under its write lock, so other readers see the old replica until the new
 * one is whole; statements prepared on `db` re-prepare themselves. The caller makes sure nothing else writes.
 * `snapshotPath` is consumed (deleted afterwards).
 */
export async function installSnapshot(
  db: Database.Database,
  snapshotPath: string,
  settings: Readonly<Record<string, string>>,
  onProgress?: (fraction: number) => void,
): Promise<void> {
  checkSnapshotFile(snapshotPath);
  const snapshot = new Database(snapshotPath, { fileMustExist: true });
  try {
    snapshot.pragma('synchronous = OFF');
    // Every page is read once, by the backup below: a page cache (16 MiB by default in this driver) would only
    // add to the desk's peak memory during its first sync.
    snapshot.pragma(`cache_size = -${INSTALL_CACHE_KIB}`);
    snapshot.exec(`ATTACH DATABASE ${quote(db.name)} AS desk`);
    snapshot.transaction(() => {
      for (const table of DESK_LOCAL) {
        snapshot.exec(`DELETE FROM main.${table}; INSERT INTO main.${table} SELECT * FROM desk.${table}`);
      }
      // The outbox's AUTOINCREMENT high-water mark: mutation ids are never reused, not even across a snapshot.
      snapshot.exec(`DELETE FROM main.sqlite_sequence WHERE name = 'outbox';
        INSERT INTO main.sqlite_sequence (name, seq) SELECT name, seq FROM desk.sqlite_sequence WHERE name = 'outbox'`);
      const put = snapshot.prepare(
        'INSERT INTO main.settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      );
      for (const [key, value] of Object.entries(settings)) put.run(key, value);
    })();
    snapshot.exec('DETACH DATABASE desk');
    // The new replica's pages land in the desk's WAL; folding them into the file (seconds at 100k tickets)
    // is left to a background checkpoint, not to whichever commit comes next.
    db.pragma('wal_autocheckpoint = 0');
    await snapshot.backup(db.name, {
      progress: ({ totalPages, remainingPages }) => {
        onProgress?.(totalPages > 0 ? 1 - remainingPages / totalPages : 1);
        return PAGES_PER_STEP;
      },
    });
  } finally {
    snapshot.close();
    rmSync(snapshotPath, { force: true });
  }
  void checkpointInBackground(db.name).finally(() => {
    if (db.open) db.pragma('wal_autocheckpoint = 1000');
  });
}

function quote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** A checkpoint of `path`'s WAL on a worker thread with its own connection. Resolves when done (or failed). */
export function checkpointInBackground(path: string): Promise<void> {
  return new Promise((resolve) => {
    const worker = new Worker(
      `const { parentPort, workerData } = require('node:worker_threads');
       const Database = require(workerData.driver);
       try {
         const db = new Database(workerData.path, { fileMustExist: true });
         db.pragma('busy_timeout = 5000');
         db.pragma('wal_checkpoint(PASSIVE)');
         db.close();
       } catch {}
       parentPort.postMessage(null);`,
      { eval: true, workerData: { path, driver: require.resolve('better-sqlite3') } },
    );
    worker.once('message', () => resolve());
    worker.once('error', () => resolve());
    worker.unref();
  });
}
