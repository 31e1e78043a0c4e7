import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { migrate } from './index.js';

/**
 * Migration 0009: a desk made before it keeps its paid totals, and from then on a cancelled payment pays
 * nothing, whether it arrives cancelled, is cancelled later, or is restored uncancelled by a rebase.
 */
describe('migration 0009', () => {
  it("an older desk's payments keep counting; a cancellation takes its amount out of paid_total and back", () => {
    const db = new Database(':memory:');
    migrate(db, 6);
    const ticket = randomUUID();
    db.prepare(
      `INSERT INTO tickets (id, number, title, description, type, status, priority, client_id, source, billing, amount,
                            created_at, updated_at, resolved_at)
       VALUES (?, 1, 'Выезд', '', 'incident', 'done', 'normal', ?, 'phone', 'paid', 300, 0, 0, 1)`,
    ).run(ticket, randomUUID());
    const pay = db.prepare('INSERT INTO payments (id, ticket_id, amount, paid_at) VALUES (?, ?, ?, 0)');
    const first = randomUUID();
    pay.run(first, ticket, 100);
    const paid = () => (db.prepare('SELECT paid_total AS p FROM tickets WHERE id = ?').get(ticket) as { p: number }).p;
    expect(paid()).toBe(100);

    migrate(db, 9);
    expect(db.pragma('user_version', { simple: true })).toBe(9);
    expect(paid()).toBe(100);

    db.prepare('UPDATE payments SET cancelled_at = 5, cancel_reason = ? WHERE id = ?').run('Ошибка', first);
    expect(paid()).toBe(0);
    db.prepare('UPDATE payments SET cancelled_at = NULL WHERE id = ?').run(first);
    expect(paid()).toBe(100);
    db.prepare('INSERT INTO payments (id, ticket_id, amount, paid_at, cancelled_at) VALUES (?, ?, 50, 0, 1)').run(
      randomUUID(),
      ticket,
    );
    expect(paid()).toBe(100);
    db.prepare('UPDATE payments SET cancelled_at = 9 WHERE id = ?').run(first);
    db.prepare('DELETE FROM payments WHERE id = ?').run(first);
    expect(paid()).toBe(0);

    // A ticket arriving after its payments (a pull writes tables in any order) sums only live ones.
    const late = randomUUID();
    db.prepare('INSERT INTO payments (id, ticket_id, amount, paid_at) VALUES (?, ?, 70, 0)').run(randomUUID(), late);
    db.prepare('INSERT INTO payments (id, ticket_id, amount, paid_at, cancelled_at) VALUES (?, ?, 30, 0, 1)').run(
      randomUUID(),
      late,
    );
    db.prepare(
      `INSERT INTO tickets (id, number, title, description, type, status, priority, client_id, source, billing, amount,
                            created_at, updated_at)
       VALUES (?, 2, 'Выезд', '', 'incident', 'done', 'normal', ?, 'phone', 'paid', 300, 0, 0)`,
    ).run(late, randomUUID());
    expect((db.prepare('SELECT paid_total AS p FROM tickets WHERE id = ?').get(late) as { p: number }).p).toBe(70);
  });
});
