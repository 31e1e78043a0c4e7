import type { Database } from 'better-sqlite3';
import type { z } from 'zod';
import type { PultEvent, SyncStatus } from '../../core/contract.js';
import type { SessionUser } from '../../core/sync-protocol.js';
import type { LocalMutationRunner } from '../mutations/local-runner.js';
import type { SecretStore } from './secret-store.js';
import type { SyncTransport } from './transport.js';

/** What the desk's sync client is made with, and what it offers the rest of the desk (main/sync/sync-client.ts). */
export type SyncClientOptions = Readonly<{
  db: Database;
  runner: LocalMutationRunner;
  serverUrl: string;
  transport: SyncTransport;
  secrets: SecretStore;
  emit(event: PultEvent): void;
  now?: () => number;
}>;

export type SyncClient = Readonly<{
  status(): SyncStatus;
  user(): SessionUser | null;
  signIn(login: string, password: string): Promise<SyncStatus>;
  signOut(): Promise<SyncStatus>;
  /** Something changed locally: push soon. */
  nudge(): void;
  /**
   * An admin request to the server with this desk's session (PBX settings): the server's refusal becomes a
   * PultError with its code and message, an unreachable server `server-unreachable`.
   */
  admin<S extends z.ZodType>(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    body: unknown,
    schema: S,
  ): Promise<z.infer<S>>;
  /** Push and pull until nothing is left to do (tests and benchmarks wait on this). */
  syncNow(): Promise<void>;
  close(): void;
}>;
