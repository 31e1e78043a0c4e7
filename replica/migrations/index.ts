import type { Database } from 'better-sqlite3';
import { migration0001 } from './0001-initial.js';
import { migration0002 } from './0002-seed-status-model.js';
import { migration0003 } from './0003-sync-shadow.js';
import { migration0004 } from './0004-delete-triggers.js';
import { migration0005 } from './0005-callbacks.js';
import { migration0006 } from './0006-search-and-order.js';
import { migration0007 } from './0007-directory.js';
import { migration0008 } from './0008-planner.js';
import { migration0009 } from './0009-payments-and-reminders.js';
import { migration0010 } from './0010-full-payment-moves-on.js';
import { migration0011 } from './0011-import-links.js';
import { migration0013 } from './0013-price-lists.js';
import { migration0014 } from './0014-work-month-totals.js';
import { migration0015 } from './0015-open-tickets-by-number.js';
import { migration0016 } from './0016-road-factor-setting.js';
import { migration0017 } from './0017-sort-indexes-cover-filters.js';

/** A numbered schema step. Once shipped it is never edited; the schema only grows. */
import type { Migration } from './migration.js';

export type { Migration };

export const MIGRATIONS: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0005,
  migration0006,
  migration0007,
  migration0008,
  migration0009,
  migration0010,
  migration0011,
  migration0013,
  migration0014,
  migration0015,
  migration0016,
  migration0017,
];

export const LATEST_VERSION = MIGRATIONS.at(-1)?.version ?? 0;

/** Runs every migration above the file's `user_version`, each in its own transaction with its version bump. */
export function migrate(db: Database, target = LATEST_VERSION): number {
  let applied = 0;
  for (const m of MIGRATIONS) {
    if (m.version > target) break;
    // IMMEDIATE takes the write lock first, and the version is read again under it: two processes opening
    // one new file at once must not both run the same step.
    const ran = db
      .transaction(() => {
        if ((db.pragma('user_version', { simple: true }) as number) >= m.version) return false;
        m.up(db);
        db.pragma(`user_version = ${m.version}`);
        return true;
      })
      .immediate();
    if (ran) applied += 1;
  }
  return applied;
}
