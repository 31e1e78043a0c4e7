import type { Database } from 'better-sqlite3';
import type { Handlers } from '../core/dispatch.js';
import type { PultEvent } from '../core/contract.js';
import type { SecretStore } from './sync/secret-store.js';
import type { SyncTransport } from './sync/transport.js';

/**
 * The workstation core: one local store, its query service and its mutation runner, serving the contract.
 * Plain Node; the Electron shell and the browser host are two adapters around it.
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
}>;

export type Workstation = Readonly<{
  dataFile: string;
  db: Database;
  handlers: Handlers;
  /** Data changed: by a local mutation, or by another process writing the same file. */
  subscribe(listener: (event: PultEvent) => void): () => void;
  /** Forget cached result totals, so the next grid query runs cold (benchmarks measure both ways). */
  dropCaches(): void;
  /** Push and pull until quiet; resolves at once for a standalone desk. */
  syncNow(): Promise<void>;
  close(): void;
}>;

export { openWorkstation } from './workstation-impl.js';
