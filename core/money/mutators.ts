import { z } from 'zod';
import { defineMutator, ref } from '../mutation.js';
import { PultError } from '../result.js';
import { Id, Millis, MinorUnits } from '../schema/text.js';
import { requireTicket } from '../tickets/mutators.js';

export const MONEY_MUTATORS = {
  'payment:add': defineMutator({
    args: z
      .object({
        id: Id,
        ticketId: Id,
        amount: MinorUnits.refine((n) => n > 0, 'A payment is more than zero'),
        paidAt: Millis,
      })
      .strict(),
    roles: ['admin', 'accountant'],
    writes: (args) => ({ creates: [ref('payments', args.id)], updates: [ref('tickets', args.ticketId)] }),
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
      });
      await tx.update('tickets', { ...ticket, updatedAt: tx.now });
    },
  }),
} as const;
