import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { PLANNING_SETTINGS_ID } from '../../core/planning/tables.js';
import { fromDb } from '../rows.js';
import { migrate } from './index.js';

/**
 * Migration 0016: a desk file from before it keeps its planning settings and reads the map's old road factor
 * (1.3) from the synced row; the desk-only `map.road_factor` row, which no screen ever wrote, is gone.
 */
describe('migration 0016: the road factor is a synced planning setting', () => {
  it("an older file's settings row gains the factor 1.30, keeps its speed, and the desk-only row is dropped", () => {
    const db = new Database(':memory:');
    migrate(db, 15);
    db.prepare(
      `INSERT INTO planning_settings (id, time_zone, average_speed_kmh, default_start_minute, default_end_minute)
       VALUES (?, 'Europe/Minsk', 65, 480, 1080)`,
    ).run(PLANNING_SETTINGS_ID);
    db.prepare("INSERT OR REPLACE INTO settings (key, value) VALUES ('map.road_factor', '1.7')").run();
    migrate(db);
    const raw = db.prepare('SELECT * FROM planning_settings').get() as Record<string, unknown>;
    expect(fromDb('planning_settings', raw)).toMatchObject({ averageSpeedKmh: 65, roadFactorPercent: 130 });
    expect(db.prepare("SELECT value FROM settings WHERE key = 'map.road_factor'").get()).toBeUndefined();
    expect(() => db.prepare('UPDATE planning_settings SET road_factor_percent = 1.5').run()).toThrow();
    db.close();
  });
});
