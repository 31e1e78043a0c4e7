import type { Database } from 'better-sqlite3';
import type { CountryCode } from 'libphonenumber-js';
import { OPENING_GRID_PAGE, readsOf, type PultEvent } from '../core/contract.js';
import type { Handlers } from '../core/dispatch.js';
import type { TableName } from '../core/entities.js';
import { DEFAULT_PHONE_REGIONS, type PhoneRegions } from '../core/phone.js';
import { buildDeferredFts, isFtsDeferred } from '../replica/fts.js';
import { checkStoreInBackground, openDatabase } from '../replica/open-store.js';
import type { DeskContext, DeskPhone } from './desk-context.js';
import { createDeskMutate, createDeskMutateGroups } from './desk-mutate.js';
import { deskHandlers } from './handlers.js';
import { createLocalRunner } from './mutations/local-runner.js';
import { createDetailQueries, foldText } from './queries/details.js';
import { createGridQueryService } from './queries/ticket-grid.js';
import { createMemorySecretStore, type SecretStore } from './sync/secret-store.js';
import { createSyncClient, type SyncClient } from './sync/sync-client.js';
import { createHttpTransport, type SyncTransport } from './sync/transport.js';
import { createDeskPositions } from './map/desk-positions.js';
import { mapHandlers } from './map/handlers.js';
import { DEFAULT_TILE_URL } from './desk-config.js';
import { registerDeskDatabase } from './workstation-db.js';

/**
 * The workstation core: one local store, its query service and its mutation runner, serving the contract.
 * Plain Node; the Electron shell and the browser host are two adapters around it. This file is the
 * composition root: the domain handlers live in main/<domain>/handlers.ts.
 */
export type WorkstationOptions = Readonly<{
  /** Path of the SQLite file (created and migrated when missing). */
  dataFile: string;
  /** The employee working at this desk ("Mine" view, authorship). Defaults to the store's `desk.user_id` setting. */
  userId?: string;
  /** Clock, injectable for tests. */
  now?: () => number;
  /** Sync with a shared server (docs/sync.md). Without it the desk is standalone: its file is the truth. */
  sync?: Readonly<{ serverUrl: string; secrets: SecretStore; transport?: SyncTransport }>;
  /** The softphone's PBX and where its password is kept; by default no PBX and the password in memory. */
  phone?: DeskPhone;
  /**
   * The map: the tile URL the window may load (the CSP must allow exactly its origin; '' draws the bundled
   * outline only), and the simulator a desk without a server runs (seed, updates per second).
   */
  map?: Readonly<{ tileUrl?: string | null; seed?: number; updatesPerSecond?: number }>;
}>;

export type Workstation = Readonly<{
  dataFile: string;
  handlers: Handlers;
  /** Data changed: by a local mutation, or by another process writing the same file. */
  subscribe(listener: (event: PultEvent) => void): () => void;
  /** Forget cached result totals, so the next grid query runs cold (benchmarks measure both ways). */
  dropCaches(): void;
  /** Push and pull until quiet; resolves at once for a standalone desk. */
  syncNow(): Promise<void>;
  close(): void;
}>;

/** How often to look for commits by another process on the same file (PRAGMA data_version). */
const FOREIGN_CHANGE_POLL_MS = 250;

// Tables whose rows the grid shows (as its contract method declares): a change elsewhere keeps its totals.
const GRID_TABLES = new Set<TableName | '*'>(['*', ...(readsOf('tickets:query') as readonly TableName[])]);

function readSetting(db: Database, key: string): string | null {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value ?? null;
}

export function openWorkstation(options: WorkstationOptions): Workstation {
  const db = openDatabase(options.dataFile);
  // A deterministic Unicode fold for the client picker's LIKE (SQLite's lower() is ASCII-only).
  db.function('pult_fold', { deterministic: true }, (value: unknown) =>
    typeof value === 'string' ? foldText(value) : value,
  );
  const now = options.now ?? Date.now;
  const listeners = new Set<(event: PultEvent) => void>();
  const broadcast = (event: PultEvent) => {
    for (const listener of listeners) listener(event);
  };

  // Set when the background page check finds the file damaged: from then on nothing is written to it.
  let damaged: string | null = null;
  void checkStoreInBackground(options.dataFile).then((problem) => {
    if (problem === null) return;
    damaged = `The data file is damaged (${problem}); Pult stopped writing to it: ${options.dataFile}`;
    broadcast({ type: 'damaged', message: damaged });
  });

  let sync: SyncClient | null = null;
  const userId = () => options.userId ?? (sync ? (sync.user()?.employeeId ?? null) : readSetting(db, 'desk.user_id'));
  const regions = (): PhoneRegions => {
    const region = readSetting(db, 'phone.default_region');
    return region ? { ...DEFAULT_PHONE_REGIONS, defaultRegion: region as CountryCode } : DEFAULT_PHONE_REGIONS;
  };

  // A ticket created here is numbered max+1 locally; the server numbers it for real when it takes the push.
  // Until then its pre-image is "absent" in the shadow table. A desk without a server keeps its numbers.
  const newPending = db.prepare("SELECT id FROM sync_shadow WHERE tbl = 'tickets' AND row IS NULL");
  const provisional = (): ReadonlySet<string> =>
    options.sync ? new Set((newPending.all() as { id: string }[]).map((r) => r.id)) : new Set();
  const details = createDetailQueries(db, regions, provisional);
  const grid = createGridQueryService(db, { me: userId, regions, provisional });
  // The first window's first read is the desk's coldest (36–54 ms against 3 ms warm, on 100k tickets): SQLite's
  // pages, the statements and the phone formatter are all made on it. Read it once now, while the window is being
  // created. The total is forgotten again, so a write that lands before the window asks is still counted.
  const warmUp = setTimeout(() => {
    if (!db.open) return;
    try {
      grid.query(OPENING_GRID_PAGE);
    } catch {
      // Only a warm-up: the window's own read of the same page meets the same error and reports it.
    }
    grid.invalidate();
  }, 0);
  warmUp.unref();
  const runner = createLocalRunner(db, { now, userId, statusModel: details.statusModel, queue: !!options.sync });

  const changed = (tables: readonly (TableName | '*')[]) => {
    if (tables.some((t) => GRID_TABLES.has(t))) grid.invalidate();
    broadcast({ type: 'changed', tables });
  };
  const dataVersion = () => db.pragma('data_version', { simple: true }) as number;
  let lastSeenVersion = dataVersion();
  const poll = setInterval(() => {
    if (!db.open) return;
    const version = dataVersion();
    if (version !== lastSeenVersion) {
      lastSeenVersion = version;
      changed(['*']);
    }
  }, FOREIGN_CHANGE_POLL_MS);
  poll.unref();

  if (options.sync) {
    sync = createSyncClient({
      db,
      runner,
      serverUrl: options.sync.serverUrl,
      transport: options.sync.transport ?? createHttpTransport(options.sync.serverUrl),
      secrets: options.sync.secrets,
      now,
      emit: (event) => (event.type === 'changed' ? changed(event.tables) : broadcast(event)),
    });
  }

  // A bulk load that was cut short (a first sync, demo data) left the text index to build: build it now.
  if (!sync && isFtsDeferred(db)) {
    void buildDeferredFts(db, undefined, () => new Promise((r) => setImmediate(r))).then(() => {
      if (db.open) changed(['tickets']);
    });
  }

  const roles = () => {
    if (sync) return sync.user()?.roles;
    const id = userId();
    return id ? details.employee(id)?.roles : undefined;
  };
  const desk: DeskContext = {
    db,
    dataFile: options.dataFile,
    now,
    userId,
    roles,
    regions,
    provisional,
    details,
    grid,
    mutate: createDeskMutate({ runner, sync, damaged: () => damaged, roles, changed }),
    mutateGroups: createDeskMutateGroups({ runner, sync, damaged: () => damaged, roles, changed }),
    sync,
    damaged: () => damaged,
    phone: options.phone ?? { secrets: createMemorySecretStore(), passwordKept: 'memory', pbxWebSocketUrl: null },
  };

  const secrets = options.sync?.secrets;
  const positions = createDeskPositions({
    db,
    broadcast,
    server: options.sync && secrets ? { url: options.sync.serverUrl, token: () => secrets.get('sync.token') } : null,
    seed: options.map?.seed,
    updatesPerSecond: options.map?.updatesPerSecond,
  });

  const workstation: Workstation = {
    dataFile: options.dataFile,
    handlers: {
      ...deskHandlers(desk),
      ...mapHandlers(desk, positions, {
        tileUrl: options.map?.tileUrl === undefined ? DEFAULT_TILE_URL : options.map.tileUrl,
      }),
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dropCaches: () => grid.invalidate(),
    syncNow: () => sync?.syncNow() ?? Promise.resolve(),
    close() {
      clearTimeout(warmUp);
      positions.close();
      sync?.close();
      clearInterval(poll);
      listeners.clear();
      if (db.open) db.close();
    },
  };
  registerDeskDatabase(workstation, db);
  return workstation;
}
