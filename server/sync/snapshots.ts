import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { TABLE_NAMES, type Change, type PullPage } from '../../core/sync-protocol.js';
import { SnapshotMeta as SnapshotMetaSchema } from '../../core/sync-protocol.js';
import { LATEST_VERSION as STORE_SCHEMA } from '../../replica/migrations/index.js';
import type { ServerDatabase } from '../db/connect.js';
import { toInt } from '../db/rows.js';
import { readChanges } from './pull.js';
import { buildSnapshotInWorker, type RowSource } from './snapshot-builder.js';

/**
 * The server's side of snapshots (docs/sync.md, First sync): it keeps one ready-made replica file of every
 * row up to some version, in the desk's own store format, and hands it to empty desks, which then pull only
 * what came after. A build runs in the background on a worker thread, which reads the rows itself from an
 * SQLite file or is handed them page by page from PostgreSQL, and writes, indexes and compresses them
 * (snapshot-builder.ts); until the first one is ready (and for small databases, where paging is quick
 * anyway) desks pull page by page.
 */

/**
 * What the server keeps about a snapshot (its `.json` file): the desk's description, plus the size of the
 * brotli copy it sends to desks that accept `br`, made once per build rather than once per download.
 */
const KeptMeta = SnapshotMetaSchema.extend({ brotliBytes: z.number().int().positive() });
type KeptMeta = z.infer<typeof KeptMeta>;
export type ServedSnapshot = KeptMeta & Readonly<{ path: string; brotliPath: string }>;
export type SnapshotOptions = Readonly<{
  /** Where the files live; one directory per server database. */
  dir: string;
  /** Below this many rows no snapshot is built: a paged first sync is already quick. */
  minRows?: number;
  /** A snapshot this many versions behind is rebuilt (the old one is served meanwhile). */
  staleAfterVersions?: number;
  log?: (message: string) => void;
}>;

export type SnapshotKeeper = Readonly<{
  dir: string;
  /** The newest whole snapshot, if any, with the path of its file. */
  current(): ServedSnapshot | null;
  /**
   * Starts a build in the background when there is none or it is stale; never two at once. `version`, when
   * the caller knows it (a commit), saves asking the database in the common case of nothing to do.
   */
  refresh(version?: number): void;
  /** Builds now if needed and waits (tests, the CLI's --demo, benchmarks). */
  ready(): Promise<void>;
  close(): Promise<void>;
}>;

const DEFAULT_MIN_ROWS = 20_000;
const DEFAULT_STALE_AFTER = 20_000;
/** Rows per read: each page is read and written between two requests, so it stays a few milliseconds. */
const READ_PAGE = 1_000;
const RECOUNT_AFTER = 1_000;

async function serverVersion(database: ServerDatabase): Promise<number> {
  const row = await database.db
    .selectFrom('server_version')
    .select('version')
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  return toInt(row.version);
}

async function rowCount(database: ServerDatabase): Promise<number> {
  let total = 0;
  for (const table of TABLE_NAMES) {
    const r = await database.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    total += toInt(r.n);
  }
  return total;
}

/**
 * Every row with version ≤ upTo, a page at a time, each page its own short read: no transaction is held for
 * the whole build. A row rewritten meanwhile leaves the range, and the desk's pull from upTo brings it.
 */
export async function* rowsUpTo(database: ServerDatabase, upTo: number): AsyncGenerator<readonly Change[]> {
  let page: PullPage | null = null;
  for (;;) {
    const { changes, next }: { changes: Change[]; next: PullPage | null } = await readChanges(
      database.db,
      0,
      upTo,
      page,
      READ_PAGE,
    );
    if (changes.length > 0) yield changes;
    if (!next) return;
    page = next;
  }
}

function fileOf(dir: string, version: number): string {
  return join(dir, `snapshot-${version}.sqlite`);
}

export function createSnapshotKeeper(database: ServerDatabase, options: SnapshotOptions): SnapshotKeeper {
  const { dir } = options;
  const minRows = options.minRows ?? DEFAULT_MIN_ROWS;
  const staleAfter = options.staleAfterVersions ?? DEFAULT_STALE_AFTER;
  const log = options.log ?? (() => undefined);

  let current: ServedSnapshot | null = null;
  let building: Promise<void> | null = null;
  /** The version at which the database was last found too small for a snapshot. */
  let smallAt: number | null = null;
  let closed = false;

  /** What an earlier run of this server left: the newest snapshot this code can serve. */
  const adopt = async () => {
    const version = await serverVersion(database);
    const metas = (statSync(dir, { throwIfNoEntry: false }) ? readdirSync(dir) : [])
      .filter((f) => /^snapshot-\d+\.json$/.test(f))
      .map((f) => {
        try {
          return KeptMeta.parse(JSON.parse(readFileSync(join(dir, f), 'utf8')));
        } catch {
          return null;
        }
      })
      .filter((m): m is KeptMeta => m !== null)
      .sort((a, b) => b.version - a.version);
    for (const meta of metas) {
      const path = fileOf(dir, meta.version);
      // A snapshot from the future belongs to a database this one was restored from: never serve it.
      const usable =
        meta.storeSchema === STORE_SCHEMA &&
        meta.version <= version &&
        statSync(path, { throwIfNoEntry: false })?.size === meta.bytes &&
        statSync(`${path}.br`, { throwIfNoEntry: false })?.size === meta.brotliBytes;
      if (usable && !current) current = { ...meta, path, brotliPath: `${path}.br` };
      else if (!current || meta.version !== current.version) removeSnapshot(meta.version);
    }
  };

  const removeSnapshot = (version: number) => {
    rmSync(fileOf(dir, version), { force: true });
    rmSync(`${fileOf(dir, version)}.br`, { force: true });
    rmSync(join(dir, `snapshot-${version}.json`), { force: true });
  };

  const build = async (): Promise<void> => {
    const version = await serverVersion(database);
    if (current && current.version >= version) return;
    // Counting every table on each commit of a small database would cost more than the pushes themselves:
    // a database found too small is counted again only after another thousand versions.
    if (version === 0 || (smallAt !== null && version - smallAt < RECOUNT_AFTER)) return;
    const rows = await rowCount(database);
    if (rows === 0 || rows < minRows) {
      smallAt = version;
      return;
    }
    smallAt = null;
    const started = Date.now();
    mkdirSync(dir, { recursive: true });
    const path = fileOf(dir, version);
    const { location } = database;
    const source: RowSource =
      location.backend === 'sqlite' && location.path !== ':memory:'
        ? { kind: 'database', url: `sqlite:${location.path}`, upTo: version }
        : { kind: 'pages', pages: rowsUpTo(database, version) };
    const built = await buildSnapshotInWorker(path, source, () => closed);
    const meta: KeptMeta = { version, storeSchema: STORE_SCHEMA, ...built, builtAt: Date.now() };
    writeFileSync(join(dir, `snapshot-${version}.json`), JSON.stringify(meta));
    const previous = current;
    current = { ...meta, path, brotliPath: `${path}.br` };
    // A desk may still be downloading the previous file; on POSIX its open descriptor keeps it readable.
    if (previous) removeSnapshot(previous.version);
    log(
      `snapshot at version ${version}: ${meta.rows} rows, ${meta.bytes} bytes (${meta.brotliBytes} compressed) ` +
        `in ${Date.now() - started} ms`,
    );
  };

  const adopted = adopt().catch((error: unknown) => log(`snapshot: ${String(error)}`));

  const start = (): Promise<void> => {
    building ??= adopted
      .then(async () => {
        if (closed || !(await stale())) return;
        await build();
      })
      .catch((error: unknown) => {
        if (!closed) log(`snapshot build failed: ${error instanceof Error ? error.message : String(error)}`);
      })
      .finally(() => {
        building = null;
      });
    return building;
  };

  const stale = async () => {
    const version = await serverVersion(database);
    return !current || version - current.version >= staleAfter;
  };

  return {
    dir,
    current: () => current,
    refresh(version) {
      if (version !== undefined) {
        if (current && version - current.version < staleAfter) return;
        if (!current && smallAt !== null && version - smallAt < RECOUNT_AFTER) return;
      }
      void start();
    },
    async ready() {
      // A build already under way may have started before the latest changes: then one more.
      await start();
      if (!closed && (await stale())) await start();
    },
    async close() {
      closed = true;
      await building;
    },
  };
}
