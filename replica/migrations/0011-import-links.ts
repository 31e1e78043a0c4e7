import type { Migration } from './migration.js';

/**
 * Imports remember where each row came from: `import_links` maps a source row (Okdesk account, file) to the
 * local client, contact, vehicle, equipment or ticket it became, so a second run updates instead of creating
 * again. `import_links_by_external_id` is the run's look-up; `import_links_by_local_id` answers "was this
 * ticket imported" (ticket:import changes only imported tickets).
 *
 * Numbered 11 although the desk's previous step is 9: step 10 is being written on another branch at the same
 * time; the runner applies whatever steps a file lacks, in order.
 */
const sql = String.raw`
CREATE TABLE import_links (
  id TEXT PRIMARY KEY,
  source TEXT NOT NULL,
  entity TEXT NOT NULL,
  external_id TEXT NOT NULL,
  local_id TEXT NOT NULL
) STRICT;
CREATE INDEX import_links_by_external_id ON import_links (source, entity, external_id);
CREATE INDEX import_links_by_local_id ON import_links (local_id);
`;

export const migration0011: Migration = {
  version: 11,
  name: 'import-links',
  up(db) {
    db.exec(sql);
  },
};
