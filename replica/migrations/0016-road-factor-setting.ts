import type { Migration } from './migration.js';

/**
 * The road factor becomes a company setting that syncs, beside the average speed in `planning_settings`
 * (hundredths: 130 is 1.3, as the stores keep numbers as integers). The desk-only `map.road_factor` row it
 * replaces was never written by any screen, so it is dropped rather than carried over: a desk-local value
 * copied into a synced row would differ from the server's.
 */
const sql = String.raw`
ALTER TABLE planning_settings ADD COLUMN road_factor_percent INTEGER NOT NULL DEFAULT 130;
DELETE FROM settings WHERE key = 'map.road_factor';
`;

export const migration0016: Migration = {
  version: 16,
  name: 'road-factor-setting',
  up(db) {
    db.exec(sql);
  },
};
