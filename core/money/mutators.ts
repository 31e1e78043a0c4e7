import { v5 as uuidv5 } from 'uuid';
import { z } from 'zod';
import type { Payment } from '../entities.js';
import { defineMutator, ref, type MutationTx } from '../mutation.js';
import { PultError } from '../result.js';
import { Id, Millis, MinorUnits, str } from '../schema/text.js';
import { fullPaymentTarget } from '../tickets/status-model.js';
import { requireTicket } from '../tickets/mutators.js';
import { paysTowardsDebt } from './debt.js';
import { FRESH_PAYMENT, MoneyNote } from './tables.js';
import { WORK_MUTATORS } from './work-mutators.js';

/** Money is the accountants' business; an admin may stand in. The server enforces it on every push. */
const MONEY_ROLES = ['admin', 'accountant'] as const;

const PaymentAmount = MinorUnits.refine((n) => n > 0, 'A payment is more than zero');
/** A comment as typed: blank means none. */
const Comment = MoneyNote.trim().transform((s) => (s === '' ? null : s));

async function requireLivePayment(tx: MutationTx, id: string): Promise<Payment> {
  const payment = await tx.get('payments', id);
  if (!payment) throw new PultError('not-found', `Payment ${id} does not exist`);
  if (payment.cancelledAt !== null) {
    throw PultError.because('conflict', `Payment ${id} was cancelled`, 'payment-cancelled', {});
  }
  return payment;
}

/**
 * The status-log row of the move a full payment makes, named after the payment: a payment is new, so this row is
 * too, and a replay of the same payment anywhere writes the same row (no id travels for it, so desks that
 * predate the rule push the same arguments).
 */
export function fullPaymentLogId(paymentId: string): string {
  return uuidv5(paymentId, FULL_PAYMENT_LOG);
}

/** The namespace of {@link fullPaymentLogId}: a fixed, random UUID of Pult's own. */
const FULL_PAYMENT_LOG = '5b0e8f36-6a55-4c8e-9d0c-2f3c1f0a7e41';

export const MONEY_MUTATORS = {
  'payment:add': defineMutator({
    args: z
      .object({
        id: Id,
        ticketId: Id,
        amount: PaymentAmount,
        paidAt: Millis,
        comment: Comment.nullable().default(null),
      })
      .strict(),
    roles: MONEY_ROLES,
    writes: (args) => ({
      creates: [ref('payments', args.id), ref('ticket_status_log', fullPaymentLogId(args.id))],
      updates: [ref('tickets', args.ticketId)],
    }),
    async run(tx, args) {
      const ticket = await requireTicket(tx, args.ticketId);
      if (ticket.billing !== 'paid') {
        throw PultError.because('invalid-input', `Ticket ${ticket.number} is warranty work`, 'warranty-payment', {
          number: String(ticket.number),
        });
      }
      await tx.insert('payments', {
        id: args.id,
        ticketId: ticket.id,
        amount: args.amount,
        paidAt: args.paidAt,
        by: tx.userId,
        ...FRESH_PAYMENT,
        comment: args.comment,
      });
      // The status model's rule: the payment that completes the sum moves a ticket waiting for its money on.
      const model = await tx.statusModel();
      const next = fullPaymentTarget(model, ticket.status);
      const paid = (await tx.find('payments', { ticketId: ticket.id }))
        .filter(paysTowardsDebt)
        .reduce((sum, p) => sum + p.amount, 0);
      if (next !== null && paid >= ticket.amount) {
        await tx.update('tickets', { ...ticket, status: next, updatedAt: tx.now });
        await tx.insert('ticket_status_log', {
          id: fullPaymentLogId(args.id),
          ticketId: ticket.id,
          fromStatus: ticket.status,
          toStatus: next,
          at: tx.now,
          by: tx.userId,
        });
      } else {
        await tx.update('tickets', { ...ticket, updatedAt: tx.now });
      }
    },
  }),

  /** Fixes a payment recorded wrong (amount, date, comment); the row says who corrected it and when. */
  'payment:correct': defineMutator({
    args: z
      .object({
        id: Id,
        amount: PaymentAmount.optional(),
        paidAt: Millis.optional(),
        comment: Comment.nullable().optional(),
      })
      .strict(),
    roles: MONEY_ROLES,
    writes: (args) => ({ creates: [], updates: [ref('payments', args.id)] }),
    async run(tx, args) {
      if (args.amount === undefined && args.paidAt === undefined && args.comment === undefined) {
        throw new PultError('invalid-input', 'A correction changes the amount, the date or the comment');
      }
      const payment = await requireLivePayment(tx, args.id);
      await tx.update('payments', {
        ...payment,
        amount: args.amount ?? payment.amount,
        paidAt: args.paidAt ?? payment.paidAt,
        comment: args.comment === undefined ? payment.comment : args.comment,
        correctedAt: tx.now,
        correctedBy: tx.userId,
      });
    },
  }),

  /**
   * Takes back a payment that should never have been recorded. The row stays, marked with who, when and why,
   * so the books show it; the debt rule stops counting it (`paysTowardsDebt`).
   */
  'payment:cancel': defineMutator({
    args: z.object({ id: Id, reason: str().trim().min(1, 'Say why the payment is cancelled').max(2000) }).strict(),
    roles: MONEY_ROLES,
    writes: (args) => ({ creates: [], updates: [ref('payments', args.id)] }),
    async run(tx, args) {
      const payment = await requireLivePayment(tx, args.id);
      await tx.update('payments', {
        ...payment,
        cancelledAt: tx.now,
        cancelledBy: tx.userId,
        cancelReason: args.reason,
      });
    },
  }),

  /** "Called, promised to pay by …": a reminder given to a client, with the date to follow up. */
  'reminder:record': defineMutator({
    args: z
      .object({
        id: Id,
        clientId: Id,
        ticketId: Id.nullable().default(null),
        note: MoneyNote.trim().min(1, 'Say what was agreed'),
        promisedAt: Millis.nullable().default(null),
        followUpAt: Millis.nullable().default(null),
      })
      .strict(),
    roles: MONEY_ROLES,
    writes: (args) => ({ creates: [ref('reminders', args.id)], updates: [] }),
    async run(tx, args) {
      if (!(await tx.get('clients', args.clientId))) {
        throw new PultError('not-found', `Client ${args.clientId} does not exist`);
      }
      if (args.ticketId !== null) {
        const ticket = await requireTicket(tx, args.ticketId);
        if (ticket.clientId !== args.clientId) {
          throw new PultError('invalid-input', `Ticket ${ticket.number} is not this client's`);
        }
      }
      await tx.insert('reminders', {
        id: args.id,
        clientId: args.clientId,
        ticketId: args.ticketId,
        at: tx.now,
        by: tx.userId,
        note: args.note,
        promisedAt: args.promisedAt,
        followUpAt: args.followUpAt,
      });
    },
  }),
  ...WORK_MUTATORS,
} as const;
