import type { Database } from 'better-sqlite3';
import type { MethodName, OutputOf, ParsedInputOf } from '../core/contract.js';
import type { Role } from '../core/entities.js';
import type { MutationInput, MutationName } from '../core/mutations.js';
import type { PhoneRegions } from '../core/phone.js';
import type { AppliedMutation, GroupedMutation, GroupResult } from './mutations/local-runner.js';
import type { createDetailQueries } from './queries/details.js';
import type { GridQueryService } from './queries/ticket-grid.js';
import type { SecretStore } from './sync/secret-store.js';
import type { SyncClient } from './sync/sync-client.js';

/** What the domain handlers of a desk share: its reads, its one way to change data, and its session. */
export type DeskContext = Readonly<{
  db: Database;
  dataFile: string;
  now(): number;
  userId(): string | null;
  /**
   * The signed-in user's roles (the desk employee's on a desk without a server); undefined when nobody is: a
   * desk of its own with no user set, whose file holds everything anyway.
   */
  roles(): readonly Role[] | undefined;
  regions(): PhoneRegions;
  /** Tickets made here that the server has not numbered yet. */
  provisional(): ReadonlySet<string>;
  details: ReturnType<typeof createDetailQueries>;
  grid: GridQueryService;
  /** The one way a handler changes data: the desk's policy, then the runner and the outbox. */
  mutate<N extends MutationName>(name: N, args: MutationInput<N>): Promise<AppliedMutation>;
  /** Many groups of mutations in one transaction, each group all or nothing (an import's rows). */
  mutateGroups(groups: readonly (() => Promise<readonly GroupedMutation[]>)[]): Promise<readonly GroupResult[]>;
  sync: SyncClient | null;
  damaged(): string | null;
  phone: DeskPhone;
}>;

/** What the softphone's settings need from the adapter that runs the desk. */
export type DeskPhone = Readonly<{
  /** Where the SIP password is kept: the OS keychain (desktop) or memory for this run (browser host, tests). */
  secrets: SecretStore;
  passwordKept: 'keychain' | 'memory';
  /** The PBX WebSocket the desk was started with: the one origin its CSP lets the window reach. */
  pbxWebSocketUrl: string | null;
}>;

/** The handlers of some contract methods, typed by the contract. */
export type DeskHandlers<M extends MethodName> = {
  [K in M]: (input: ParsedInputOf<K>) => OutputOf<K> | Promise<OutputOf<K>>;
};
