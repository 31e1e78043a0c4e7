import type { Migration } from './migration.js';

/**
 * Pre-images of rows touched by mutations the server has not acknowledged yet (docs/sync.md). A pull
 * restores them, applies the server's rows and replays the outbox: replica = server state + pending.
 * `row` is the row as JSON, or NULL when the row did not exist before.
 */
export const migration0003: Migration = {
  version: 3,
  name: 'sync-shadow',
  up(db) {
    db.exec(`
      CREATE TABLE sync_shadow (
        tbl TEXT NOT NULL,
        id TEXT NOT NULL,
        row TEXT,
        PRIMARY KEY (tbl, id)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
