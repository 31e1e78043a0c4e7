import type { Migration } from './migration.js';

/**
 * The work report over a year read every line of the year (~140k at the demo's size) and sorted them for its
 * GROUP BY: the sort, not the index scan, was ~85% of the statement. `work_month_totals` keeps the sums of the
 * lines that count (not cancelled) per month, employee, list, currency and code, so a year is ~12 small month
 * ranges plus the lines of the partial months at its edges.
 *
 * Kept by triggers, like `paid_total`, so every write path (a local mutation, a pulled row, a rebase putting a
 * pre-image back, the snapshot's bulk load and its upserts) keeps it right without knowing about it. The
 * currency of a points line is stored as '' because a WITHOUT ROWID key cannot hold NULL. A group whose last line
 * goes is deleted, so the table holds only what counts.
 *
 * Numbered 14: the desk's previous step is 13.
 */
const key = (row: 'NEW' | 'OLD') =>
  `substr(${row}.day, 1, 7), ${row}.employee_id, ${row}.list, coalesce(${row}.currency, ''), ${row}.code`;

const add = String.raw`
  INSERT INTO work_month_totals (month, employee_id, list, currency, code, quantity, total, lines)
  VALUES (${key('NEW')}, NEW.quantity, NEW.quantity * NEW.unit_value, 1)
  ON CONFLICT (month, employee_id, list, currency, code) DO UPDATE SET
    quantity = quantity + excluded.quantity, total = total + excluded.total, lines = lines + 1;`;

const subtract = (when: string) => String.raw`
  UPDATE work_month_totals SET quantity = quantity - OLD.quantity, total = total - OLD.quantity * OLD.unit_value,
    lines = lines - 1
  WHERE (month, employee_id, list, currency, code) = (${key('OLD')}) AND ${when};
  DELETE FROM work_month_totals WHERE (month, employee_id, list, currency, code) = (${key('OLD')}) AND lines = 0;`;

const sql = String.raw`
CREATE TABLE work_month_totals (
  month TEXT NOT NULL,
  employee_id TEXT NOT NULL,
  list TEXT NOT NULL,
  currency TEXT NOT NULL,
  code TEXT NOT NULL,
  quantity INTEGER NOT NULL,
  total INTEGER NOT NULL,
  lines INTEGER NOT NULL,
  PRIMARY KEY (month, employee_id, list, currency, code)
) STRICT, WITHOUT ROWID;

INSERT INTO work_month_totals (month, employee_id, list, currency, code, quantity, total, lines)
SELECT substr(day, 1, 7), employee_id, list, coalesce(currency, ''), code, sum(quantity), sum(quantity * unit_value),
  count(*)
FROM work_lines WHERE cancelled_at IS NULL
GROUP BY substr(day, 1, 7), employee_id, list, coalesce(currency, ''), code;

CREATE TRIGGER work_lines_totals_after_insert AFTER INSERT ON work_lines WHEN NEW.cancelled_at IS NULL BEGIN
  ${add}
END;
CREATE TRIGGER work_lines_totals_after_delete AFTER DELETE ON work_lines WHEN OLD.cancelled_at IS NULL BEGIN
  ${subtract('1')}
END;
CREATE TRIGGER work_lines_totals_after_update
AFTER UPDATE OF day, employee_id, list, currency, code, quantity, unit_value, cancelled_at ON work_lines BEGIN
  ${subtract('OLD.cancelled_at IS NULL')}
  INSERT INTO work_month_totals (month, employee_id, list, currency, code, quantity, total, lines)
  SELECT ${key('NEW')}, NEW.quantity, NEW.quantity * NEW.unit_value, 1 WHERE NEW.cancelled_at IS NULL
  ON CONFLICT (month, employee_id, list, currency, code) DO UPDATE SET
    quantity = quantity + excluded.quantity, total = total + excluded.total, lines = lines + 1;
END;
`;

export const migration0014: Migration = {
  version: 14,
  name: 'work-month-totals',
  up(db) {
    db.exec(sql);
  },
};
