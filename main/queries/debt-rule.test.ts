import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clientDebt, isDebtor } from '../../core/money/debt.js';
import type { RowAccess } from '../../core/mutation.js';
import { openDatabase } from '../../replica/open-store.js';
import { createRowStore } from '../../replica/rows.js';
import { generateDemo } from '../../tools/demo/generate.js';
import { createDebtReader } from './ticket-grid.js';
import { SEED_STATUS_MODEL } from '../../core/tickets/status-model.js';

/**
 * One debt rule: the grid marks debtors with SQL over the replica's denormalised columns (`unpaidSql`, on an
 * index), while mutators and the server compute `clientDebt` from rows. Over a demo store with every kind of
 * payment story (a third of the payments cancelled), both say the same for every client: who owes, how many visits, how much, since when.
 */
describe('the debt rule is one rule', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pult-debt-rule-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("the grid's debtor marks equal core's clientDebt for every client", async () => {
    const db = openDatabase(join(dir, 'demo.sqlite'));
    try {
      await generateDemo(db, { tickets: 3000, seed: 11 });
      const rows = createRowStore(db);
      // Cancelled payments pay nothing on either side: cancel every third one (the desk's triggers follow).
      const payments = rows.find('payments', {});
      payments.forEach((p, i) => {
        if (i % 3 === 0)
          rows.put('payments', { ...p, cancelledAt: p.paidAt, cancelledBy: null, cancelReason: 'Ошибка' });
      });
      expect(payments.length).toBeGreaterThan(30);
      const access: RowAccess = {
        get: async (table, id) => rows.get(table, id),
        find: async (table, where, options) => rows.find(table, where, options),
        write: async () => {
          throw new Error('read only');
        },
        remove: async () => {
          throw new Error('read only');
        },
        // The store holds the seeded model (migration 0002).
        statusModel: async () => SEED_STATUS_MODEL,
      };
      const clients = (db.prepare('SELECT id FROM clients').all() as { id: string }[]).map((c) => c.id);
      const marks = createDebtReader(db).forClients(clients);
      let debtors = 0;
      for (const id of clients) {
        const rule = await clientDebt(access, id);
        const mark = marks.get(id);
        if (isDebtor(rule)) debtors += 1;
        expect(mark ? { count: mark.count, sum: mark.sum, oldestAt: mark.oldestAt } : null, id).toEqual(
          isDebtor(rule) ? rule : null,
        );
      }
      // The demo must exercise the rule: some clients owe, most do not.
      expect(debtors).toBeGreaterThan(0);
      expect(debtors).toBeLessThan(clients.length);
    } finally {
      db.close();
    }
  });
});
