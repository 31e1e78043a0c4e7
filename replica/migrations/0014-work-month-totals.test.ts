import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createRowStore } from '../rows.js';
import { migrate } from './index.js';

/**
 * Migration 0014: the per-month totals of the work lines start from the lines a desk already holds and then follow
 * every write the replica makes — an insert, a cancellation and its undoing, a line moved to another day, employee
 * or quantity, a delete, a snapshot's upsert — always equal to summing the lines afresh.
 */
type Line = { id: string; day: string; employee: string; list: 'points' | 'money'; code: string };

function insertLine(db: Database.Database, line: Line, quantity: number, unitValue: number, cancelled = false) {
  db.prepare(
    `INSERT INTO work_lines (id, ticket_id, employee_id, price_item_id, list, code, quantity, unit_value, currency, day,
                             at, by, cancelled_at, cancelled_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, NULL, ?, NULL)`,
  ).run(
    line.id,
    randomUUID(),
    line.employee,
    randomUUID(),
    line.list,
    line.code,
    quantity,
    unitValue,
    line.list === 'money' ? 'BYN' : null,
    line.day,
    cancelled ? 1 : null,
  );
}

const fresh = (db: Database.Database) =>
  db
    .prepare(
      `SELECT substr(day, 1, 7) AS month, employee_id, list, coalesce(currency, '') AS currency, code,
              sum(quantity) AS quantity, sum(quantity * unit_value) AS total, count(*) AS lines
       FROM work_lines WHERE cancelled_at IS NULL
       GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`,
    )
    .all();
const kept = (db: Database.Database) =>
  db
    .prepare(
      `SELECT month, employee_id, list, currency, code, quantity, total, lines FROM work_month_totals
       ORDER BY 1, 2, 3, 4, 5`,
    )
    .all();

describe('migration 0014', () => {
  it("an older desk's lines are totalled by the migration; every later write keeps the totals equal to the lines", () => {
    const db = new Database(':memory:');
    migrate(db, 13);
    const employees = [randomUUID(), randomUUID(), randomUUID()];
    const days = ['2026-01-31', '2026-02-01', '2026-02-28', '2026-03-01', '2025-12-31'];
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    const randomLine = (): Line => ({
      id: randomUUID(),
      day: days[next(days.length)]!,
      employee: employees[next(employees.length)]!,
      list: next(2) === 0 ? 'points' : 'money',
      code: ['diagnostics', 'tracker-install'][next(2)]!,
    });
    const lines: Line[] = [];
    for (let i = 0; i < 40; i++) {
      const line = randomLine();
      insertLine(db, line, 1 + next(5), 100 + next(900), next(5) === 0);
      lines.push(line);
    }
    migrate(db, 14);
    expect(db.pragma('user_version', { simple: true })).toBe(14);
    expect(kept(db)).toEqual(fresh(db));
    expect(kept(db).length).toBeGreaterThan(5);

    const rows = createRowStore(db);
    for (let step = 0; step < 300; step++) {
      const line = lines[next(lines.length)]!;
      switch (next(6)) {
        case 0: {
          const added = randomLine();
          insertLine(db, added, 1 + next(5), 100 + next(900), next(4) === 0);
          lines.push(added);
          break;
        }
        case 1:
          db.prepare('UPDATE work_lines SET cancelled_at = ? WHERE id = ?').run(next(2) === 0 ? 5 : null, line.id);
          break;
        case 2:
          db.prepare('UPDATE work_lines SET day = ?, employee_id = ? WHERE id = ?').run(
            days[next(days.length)],
            employees[next(employees.length)],
            line.id,
          );
          break;
        case 3:
          db.prepare('UPDATE work_lines SET quantity = ?, unit_value = ? WHERE id = ?').run(
            1 + next(9),
            next(1000),
            line.id,
          );
          break;
        case 4:
          db.prepare('DELETE FROM work_lines WHERE id = ?').run(line.id);
          break;
        case 5: {
          // The replica's own write path: a pulled row put over the one the desk holds, or put back after a delete.
          const existing = rows.get('work_lines', line.id);
          if (existing) rows.put('work_lines', { ...existing, quantity: 1 + next(9), cancelledAt: null });
          else insertLine(db, line, 2, 300);
          break;
        }
      }
      expect(kept(db), `after step ${step}`).toEqual(fresh(db));
    }
    // Groups whose lines all went are gone, not left at zero.
    expect(db.prepare('SELECT count(*) AS n FROM work_month_totals WHERE lines <= 0').get()).toEqual({ n: 0 });
  });

  it("a snapshot's bulk upsert keeps the totals too", () => {
    const db = new Database(':memory:');
    migrate(db);
    const line: Line = { id: randomUUID(), day: '2026-05-05', employee: randomUUID(), list: 'money', code: 'x' };
    insertLine(db, line, 2, 1000);
    db.prepare(
      `INSERT INTO work_lines (id, ticket_id, employee_id, price_item_id, list, code, quantity, unit_value, currency,
                               day, at) VALUES (?, 't', ?, 'p', 'money', 'x', 3, 1000, 'BYN', '2026-06-01', 0)
       ON CONFLICT (id) DO UPDATE SET quantity = excluded.quantity, day = excluded.day`,
    ).run(line.id, line.employee);
    expect(kept(db)).toEqual(fresh(db));
    expect(kept(db)).toEqual([expect.objectContaining({ month: '2026-06', quantity: 3, total: 3000, lines: 1 })]);
  });

  it("a report's month range reads the totals' primary key, not the whole table", () => {
    const db = new Database(':memory:');
    migrate(db);
    const plan = db
      .prepare('EXPLAIN QUERY PLAN SELECT * FROM work_month_totals WHERE month >= ? AND month <= ?')
      .all('2026-01', '2026-11') as { detail: string }[];
    expect(plan.map((p) => p.detail).join('; ')).toMatch(
      /SEARCH work_month_totals USING PRIMARY KEY \(month>\? AND month<\?\)/,
    );
  });
});
