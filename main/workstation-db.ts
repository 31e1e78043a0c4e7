import type { Database } from 'better-sqlite3';

/**
 * The desk's database handle, for tests and benchmarks that inspect the file. Nothing in the application may
 * write around the mutation runner and the outbox (a lint rule keeps this module to tests, benchmarks and the
 * composition root): a row written here would never reach the server.
 */
// Keyed by the workstation object (typed loosely, so this module does not import the one that registers).
const databases = new WeakMap<object, Database>();

export function registerDeskDatabase(workstation: object, db: Database): void {
  databases.set(workstation, db);
}

export function deskDatabase(workstation: object): Database {
  const db = databases.get(workstation);
  if (!db) throw new Error('Not a workstation opened by openWorkstation');
  return db;
}
