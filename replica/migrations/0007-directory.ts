import type { Migration } from './migration.js';

/**
 * The directory becomes editable (client:create … client:merge):
 * - clients, contacts and vehicles get an `active` flag: a row a ticket points to is deactivated, never
 *   deleted; a merged client also says which client it went into (`merged_into`);
 * - `equipment` holds what is fitted on each vehicle, `client_merges` logs every merge and what moved;
 * - the merge moves a client's calls and callbacks, so those get a look-up by client (calls already have one);
 * - the directory list counts each client's open tickets through a partial index of open tickets.
 * Rows written before this step are active.
 */
const sql = String.raw`
ALTER TABLE clients ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
ALTER TABLE clients ADD COLUMN merged_into TEXT;
ALTER TABLE contacts ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
ALTER TABLE vehicles ADD COLUMN active INTEGER NOT NULL DEFAULT 1;

CREATE TABLE equipment (
  id TEXT PRIMARY KEY,
  vehicle_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  model TEXT,
  serial TEXT,
  installed_at INTEGER,
  removed_at INTEGER
) STRICT;
CREATE INDEX equipment_by_vehicle_id ON equipment (vehicle_id);

CREATE TABLE client_merges (
  id TEXT PRIMARY KEY,
  kept_id TEXT NOT NULL,
  merged_id TEXT NOT NULL,
  merged_name TEXT NOT NULL,
  at INTEGER NOT NULL,
  by TEXT,
  moved TEXT NOT NULL
) STRICT;
CREATE INDEX client_merges_by_kept_id ON client_merges (kept_id, at);

CREATE INDEX callbacks_by_client_id ON callbacks (client_id) WHERE client_id IS NOT NULL;
CREATE INDEX vehicles_by_unit_id ON vehicles (unit_id) WHERE unit_id IS NOT NULL;
-- The directory list counts each client's open tickets: a few hundred rows of 100k, so a small partial index.
CREATE INDEX tickets_open_by_client_id ON tickets (client_id, seq) WHERE status_kind = 'open';
`;

export const migration0007: Migration = {
  version: 7,
  name: 'directory',
  up(db) {
    db.exec(sql);
  },
};
