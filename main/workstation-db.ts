import type { Database } from 'better-sqlite3';
import type { Workstation } from './workstation.js';

/**
 * The desk's database handle, for tests and benchmarks that inspect the file. Nothing in the application may
 * write around the mutation runner and the outbox (a lint rule keeps this module to tests, benchmarks and the
 * composition root): a row written here would never reach the server.
 */
const databases = new WeakMap<Workstation, Database>();

export function registerDeskDatabase(workstation: Workstation, db: Database): void {
  databases.set(workstation, db);
}

export function deskDatabase(workstation: Workstation): Database {
  const db = databases.get(workstation);
  if (!db) throw new Error('Not a workstation opened by openWorkstation');
  return db;
}
