import type { Database } from 'better-sqlite3';

/** One numbered step of the desk schema: plain SQL in a function, run once in its own transaction. */
export type Migration = Readonly<{ version: number; name: string; up(db: Database): void }>;
