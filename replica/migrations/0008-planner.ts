import type { Migration } from './migration.js';

/**
 * The planner: visits carry their work type, the place's coordinates, the client's confirmation and a revision
 * (a move made against an older one is refused); engineers get a profile (team, region, zone), a working week
 * and time off; the company gets holidays, work types with their checklist templates, the answers per visit,
 * and one settings row. Indexes serve the conflict rules (an engineer's active visits, time off) and the
 * board (visits by time).
 *
 * Numbered 8: step 7 is taken by work that lands beside this one.
 */
const sql = String.raw`
ALTER TABLE visits ADD COLUMN work_type_id TEXT;
ALTER TABLE visits ADD COLUMN place_lat_e6 INTEGER;
ALTER TABLE visits ADD COLUMN place_lon_e6 INTEGER;
ALTER TABLE visits ADD COLUMN confirmed_at INTEGER;
ALTER TABLE visits ADD COLUMN confirmed_by TEXT;
ALTER TABLE visits ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE visits ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE visits ADD COLUMN updated_by TEXT;
CREATE INDEX visits_by_engineer_id_state ON visits (engineer_id, state);
CREATE INDEX visits_by_start_at ON visits (start_at);

CREATE TABLE engineer_profiles (
  id TEXT PRIMARY KEY,
  team TEXT NOT NULL,
  region TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  home_lat_e6 INTEGER,
  home_lon_e6 INTEGER
) STRICT;

CREATE TABLE working_hours (
  id TEXT PRIMARY KEY,
  engineer_id TEXT NOT NULL,
  weekday INTEGER NOT NULL,
  start_minute INTEGER NOT NULL,
  end_minute INTEGER NOT NULL
) STRICT;
CREATE INDEX working_hours_by_engineer_id ON working_hours (engineer_id);

CREATE TABLE time_off (
  id TEXT PRIMARY KEY,
  engineer_id TEXT NOT NULL,
  start_at INTEGER NOT NULL,
  end_at INTEGER NOT NULL,
  kind TEXT NOT NULL,
  note TEXT NOT NULL
) STRICT;
CREATE INDEX time_off_by_engineer_id ON time_off (engineer_id, start_at);

CREATE TABLE holidays (
  id TEXT PRIMARY KEY,
  day TEXT NOT NULL,
  name TEXT NOT NULL
) STRICT;
CREATE INDEX holidays_by_day ON holidays (day);

CREATE TABLE work_types (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL,
  name_ru TEXT NOT NULL,
  name_en TEXT NOT NULL,
  ticket_type TEXT,
  duration_minutes INTEGER NOT NULL,
  color TEXT NOT NULL,
  checklist TEXT NOT NULL
) STRICT;
CREATE INDEX work_types_by_code ON work_types (code);

CREATE TABLE visit_checklists (
  id TEXT PRIMARY KEY,
  answers TEXT NOT NULL,
  answered_at INTEGER NOT NULL,
  answered_by TEXT
) STRICT;

CREATE TABLE planning_settings (
  id TEXT PRIMARY KEY,
  time_zone TEXT NOT NULL,
  average_speed_kmh INTEGER NOT NULL,
  default_start_minute INTEGER NOT NULL,
  default_end_minute INTEGER NOT NULL
) STRICT;
`;

export const migration0008: Migration = {
  version: 8,
  name: 'planner',
  up(db) {
    db.exec(sql);
  },
};
