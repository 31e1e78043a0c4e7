import type { Migration } from './migration.js';

/**
 * The grid walks a sort column's index when a filter leaves many tickets (main/queries/ticket-grid.ts, PlanMode).
 * With `(key, seq)` alone, every row it passes was read from the table to test the filter: page 300 of the
 * closed tickets by number (OFFSET 30,000, ~52,000 rows walked) took 44 ms, by client 120 ms. Each sort index now
 * also holds the small columns the grid's large filters test (status, its kind, type, creation time), so such a
 * walk never leaves the index: the same page in 2 ms. The client and assignee ids stay out (36-byte UUIDs: with
 * them the ten indexes grew by 54 MiB at 100k tickets, without them by 19 MiB).
 */
const SORT_KEYS = [
  'number',
  'title_key',
  'status_position',
  'type',
  'priority_rank',
  'client_key',
  'assignee_name',
  'created_at',
  'updated_at',
  'planned_at',
] as const;

/** The columns after `(key, seq)` in every sort index; the grid's covered filters are exactly these. */
const SORT_INDEX_COVERS = ['status_kind', 'status', 'type', 'created_at'] as const;

export const migration0017: Migration = {
  version: 17,
  name: 'sort-indexes-cover-filters',
  up(db) {
    for (const key of SORT_KEYS) {
      // The type and creation-time indexes hold their own column once, as their key.
      const covers = SORT_INDEX_COVERS.filter((column) => column !== key);
      db.exec(`DROP INDEX tickets_by_${key};
        CREATE INDEX tickets_by_${key} ON tickets (${key}, seq, ${covers.join(', ')});`);
    }
  },
};
