import { describe, expect, it } from 'vitest';
import { debtOf, isDebtor, type BillableTicket } from './debt.js';

const visit = (over: Partial<BillableTicket>): BillableTicket => ({
  billing: 'paid',
  statusKind: 'completed',
  amount: 10_000,
  paid: 0,
  completedAt: 1_000,
  ...over,
});

describe('the debt rule', () => {
  it('a completed paid visit that is not fully paid makes the client a debtor', () => {
    const debt = debtOf([
      visit({ amount: 15_000, completedAt: 500 }),
      visit({ amount: 8_000, paid: 3_000, completedAt: 900 }),
    ]);
    expect(debt).toEqual({ count: 2, sum: 20_000, oldestAt: 500 });
    expect(isDebtor(debt)).toBe(true);
  });

  it('warranty work, open visits, cancelled visits and fully paid visits owe nothing', () => {
    const debt = debtOf([
      visit({ billing: 'warranty' }),
      visit({ statusKind: 'open' }),
      visit({ statusKind: 'cancelled' }),
      visit({ paid: 10_000 }),
      visit({ paid: 12_000 }),
    ]);
    expect(debt.count).toBe(0);
    expect(isDebtor(debt)).toBe(false);
  });
});
