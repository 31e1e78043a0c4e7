import type { Payment } from '../entities.js';
import type { MutationTx } from '../mutation.js';
import type { StatusKind } from '../tickets/status-model.js';

/**
 * The debt rule (a product decision): a client is a debtor while any of its paid-billing tickets is completed
 * and not fully paid. Cancelled tickets owe nothing, and a cancelled payment pays nothing. This module is the
 * rule's one home: the mutators and the server use `clientDebt`, the desk's grid, its index and the debts pane
 * use `unpaidSql`, and a test holds the two equal.
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
 * Whether a payment pays towards its visit. A cancelled payment stays on the books (who cancelled it, when, why)
 * but counts for nothing; the desk's `paid_total` triggers follow the same rule (desk migration 9).
 */
export function paysTowardsDebt(p: Pick<Payment, 'cancelledAt'>): boolean {
  return p.cancelledAt === null;
}

/** SQL form of `paysTowardsDebt` over the payments table aliased `alias`. */
export function paysSql(alias: string): string {
  return `${alias}.cancelled_at IS NULL`;
}

/**
 * `isUnpaidVisit` over the desk replica's denormalised ticket columns (`status_kind` and `paid_total` are kept
 * by triggers; `paid_total` sums only the payments `paysTowardsDebt` counts), for queries that must run on an
 * index. `alias` names the tickets table in the query.
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
    if (!paysTowardsDebt(p)) continue;
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

const DAY_MS = 86_400_000;

/** Whole days since a visit was completed, as the debts pane shows its age; never negative (clock skew). */
export function ageInDays(completedAt: number, now: number): number {
  return Math.max(0, Math.floor((now - completedAt) / DAY_MS));
}

/** The aging buckets an accountant reads debts in: up to a week, a month, a quarter, and older. */
export const AGING_BUCKETS = ['0-7', '8-30', '31-90', '90+'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

export function agingBucket(days: number): AgingBucket {
  if (days <= 7) return '0-7';
  if (days <= 30) return '8-30';
  if (days <= 90) return '31-90';
  return '90+';
}
