import type { StatusKind } from './status-model.js';

/**
 * The debt rule (a product decision, see DESIGN.md): a client is a debtor while any of its paid-billing
 * tickets is completed and not fully paid. Cancelled tickets owe nothing.
 */
export type BillableTicket = Readonly<{
  billing: 'warranty' | 'paid';
  statusKind: StatusKind;
  amount: number;
  paid: number;
  completedAt: number | null;
}>;

export type Debt = Readonly<{ count: number; sum: number; oldestAt: number | null }>;

export const NO_DEBT: Debt = { count: 0, sum: 0, oldestAt: null };

export function isUnpaidVisit(t: BillableTicket): boolean {
  return t.billing === 'paid' && t.statusKind === 'completed' && t.paid < t.amount;
}

export function debtOf(tickets: readonly BillableTicket[]): Debt {
  return tickets.filter(isUnpaidVisit).reduce<Debt>(
    (debt, t) => ({
      count: debt.count + 1,
      sum: debt.sum + (t.amount - t.paid),
      oldestAt:
        t.completedAt === null
          ? debt.oldestAt
          : debt.oldestAt === null
            ? t.completedAt
            : Math.min(debt.oldestAt, t.completedAt),
    }),
    NO_DEBT,
  );
}

export function isDebtor(debt: Debt): boolean {
  return debt.count > 0;
}
