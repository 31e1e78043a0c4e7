import type { MutationTx } from '../mutation.js';
import type { StatusKind } from '../tickets/status-model.js';

/**
 * The debt rule (a product decision): a client is a debtor while any of its paid-billing tickets is completed
 * and not fully paid. Cancelled tickets owe nothing. This module is the rule's one home: the mutators and the
 * server use `clientDebt`, the desk's grid and its index use `UNPAID_SQL`, and a test holds the two equal.
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

/**
 * `isUnpaidVisit` over the desk replica's denormalised ticket columns (`status_kind` and `paid_total` are kept
 * by triggers), for queries that must run on an index. `alias` names the tickets table in the query.
 */
export function unpaidSql(alias: string): string {
  return `${alias}.billing = 'paid' AND ${alias}.status_kind = 'completed' AND ${alias}.paid_total < ${alias}.amount`;
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

/** A client's debt as a mutation sees it: two generic reads, the same on a desk and on the server. */
export async function clientDebt(tx: Pick<MutationTx, 'find' | 'statusModel'>, clientId: string): Promise<Debt> {
  const model = await tx.statusModel();
  const completed = model.statuses.filter((s) => s.kind === 'completed').map((s) => s.code);
  const tickets = await tx.find('tickets', { clientId, billing: 'paid', status: completed });
  if (tickets.length === 0) return NO_DEBT;
  const paid = new Map<string, number>();
  for (const p of await tx.find('payments', { ticketId: tickets.map((t) => t.id) })) {
    paid.set(p.ticketId, (paid.get(p.ticketId) ?? 0) + p.amount);
  }
  return debtOf(
    tickets.map((t) => ({
      billing: t.billing,
      statusKind: 'completed',
      amount: t.amount,
      paid: paid.get(t.id) ?? 0,
      completedAt: t.resolvedAt,
    })),
  );
}
