import { describe, expect, it } from 'vitest';
import { ageInDays, agingBucket, debtOf, isDebtor, paysTowardsDebt, type BillableTicket } from './debt.js';

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

describe('aging', () => {
  const DAY = 86_400_000;
  it('a visit is a whole number of days old, counted from its completion, never negative', () => {
    expect(ageInDays(1_000, 1_000)).toBe(0);
    expect(ageInDays(1_000, 1_000 + DAY - 1)).toBe(0);
    expect(ageInDays(1_000, 1_000 + DAY)).toBe(1);
    expect(ageInDays(1_000 + DAY, 1_000)).toBe(0);
  });

  it('buckets meet at their edges: 7 is the first week, 8 the month, 30|31 and 90|91 split the others', () => {
    const edges = [0, 7, 8, 30, 31, 90, 91, 4000].map((d) => [d, agingBucket(d)]);
    expect(edges).toEqual([
      [0, '0-7'],
      [7, '0-7'],
      [8, '8-30'],
      [30, '8-30'],
      [31, '31-90'],
      [90, '31-90'],
      [91, '90+'],
      [4000, '90+'],
    ]);
  });
});

describe('payments that count', () => {
  it('a cancelled payment pays nothing; a live one pays', () => {
    expect(paysTowardsDebt({ cancelledAt: null })).toBe(true);
    expect(paysTowardsDebt({ cancelledAt: 0 })).toBe(false);
  });
});
