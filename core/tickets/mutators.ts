import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import type { Ticket } from '../entities.js';
import { clientDebt, isDebtor } from '../money/debt.js';
import { defineMutator, ref, type MutationTx } from '../mutation.js';
import { PultError } from '../result.js';
import { Id, MAX_TEXT, Millis, MinorUnits, NewId, text } from '../schema/text.js';
import { isTransitionAllowed, NEEDS_VISIT_STATUS, statusKind } from './status-model.js';
import { Billing, CommentBody, Priority, Source, StatusCode, TicketTitle, TicketType } from './tables.js';

/**
 * The tickets domain's mutations. Every id a mutation creates is in its arguments, made once at the desk, so a
 * replay anywhere writes the same rows; `writes` names those rows, and the transaction refuses a clash.
 */

const EVERYONE = ['admin', 'dispatcher', 'first_line', 'planner', 'engineer', 'accountant'] as const;
const INITIAL_STATUS = 'new';

export async function requireTicket(tx: MutationTx, id: string): Promise<Ticket> {
  const ticket = await tx.get('tickets', id);
  if (!ticket) throw new PultError('not-found', `Ticket ${id} does not exist`);
  return ticket;
}

/** The number the next ticket gets here: the desk's guess until the server numbers it for real. */
export async function nextTicketNumber(tx: MutationTx): Promise<number> {
  const [last] = await tx.find('tickets', {}, { orderBy: [['number', 'desc']], limit: 1 });
  return (last?.number ?? 0) + 1;
}

function logStatus(tx: MutationTx, id: string, ticketId: string, from: string | null, to: string): Promise<void> {
  return tx.insert('ticket_status_log', { id, ticketId, fromStatus: from, toStatus: to, at: tx.now, by: tx.userId });
}

export const NewTicketArgs = z
  .object({
    id: Id,
    /** The new ticket's first status-log row. */
    logId: NewId,
    /** The debt acknowledgement's row, written only when the client is a debtor. */
    ackId: NewId,
    clientId: Id,
    contactId: Id.nullable().default(null),
    vehicleId: Id.nullable().default(null),
    assigneeId: Id.nullable().default(null),
    type: TicketType,
    priority: Priority.default('normal'),
    billing: Billing,
    amount: MinorUnits.default(0),
    source: Source.default('manual'),
    title: TicketTitle,
    description: text(MAX_TEXT).default(''),
    plannedAt: Millis.nullable().default(null),
    /**
     * The debt the dispatcher saw and acknowledged. Required when the client is a debtor; a stale
     * acknowledgement (the debt grew meanwhile) is refused, so the user sees the current figure.
     */
    debtAcknowledged: z
      .object({ count: z.number().int().nonnegative(), sum: MinorUnits })
      .strict()
      .nullable()
      .default(null),
  })
  .strict();
export type NewTicket = z.input<typeof NewTicketArgs>;

export const TICKET_MUTATORS = {
  'ticket:create': defineMutator({
    args: NewTicketArgs,
    roles: ['admin', 'dispatcher', 'first_line', 'planner'],
    writes: (args) => ({
      creates: [
        ref('tickets', args.id),
        ref('ticket_status_log', args.logId),
        ref('debt_acknowledgements', args.ackId),
      ],
      updates: [],
    }),
    async run(tx, args) {
      const client = await tx.get('clients', args.clientId);
      if (!client) throw new PultError('not-found', 'The client does not exist');
      if (!client.active) {
        throw PultError.because('conflict', `${client.name} is deactivated`, 'directory-inactive', {
          name: client.name,
        });
      }
      if (args.contactId && (await tx.get('contacts', args.contactId))?.clientId !== client.id) {
        throw new PultError('invalid-input', 'The contact does not belong to this client');
      }
      if (args.vehicleId && (await tx.get('vehicles', args.vehicleId))?.clientId !== client.id) {
        throw new PultError('invalid-input', 'The vehicle does not belong to this client');
      }
      if (args.assigneeId && !(await tx.get('employees', args.assigneeId))) {
        throw new PultError('not-found', 'The assignee does not exist');
      }
      const debt = await clientDebt(tx, client.id);
      if (isDebtor(debt)) {
        const ack = args.debtAcknowledged;
        if (!ack) {
          throw PultError.because(
            'debt-not-acknowledged',
            `${client.name} has ${debt.count} unpaid visits; acknowledge the debt first`,
            'debt-unacknowledged',
            { client: client.name, count: String(debt.count), sum: String(debt.sum), currency: client.currency },
          );
        }
        if (ack.count < debt.count || ack.sum < debt.sum) {
          throw PultError.because(
            'debt-not-acknowledged',
            `The debt of ${client.name} has changed; review it again`,
            'debt-changed',
            { client: client.name },
          );
        }
        await tx.insert('debt_acknowledgements', {
          id: args.ackId,
          ticketId: args.id,
          clientId: client.id,
          debtCount: debt.count,
          debtSum: debt.sum,
          oldestAt: debt.oldestAt,
          by: tx.userId,
          at: tx.now,
        });
      }
      await tx.insert('tickets', {
        id: args.id,
        number: await nextTicketNumber(tx),
        title: args.title,
        description: args.description,
        type: args.type,
        status: INITIAL_STATUS,
        priority: args.priority,
        clientId: client.id,
        contactId: args.contactId,
        vehicleId: args.vehicleId,
        assigneeId: args.assigneeId,
        parentId: null,
        source: args.source,
        billing: args.billing,
        amount: args.amount,
        plannedAt: args.plannedAt,
        createdAt: tx.now,
        updatedAt: tx.now,
        resolvedAt: null,
        createdBy: tx.userId,
      });
      await logStatus(tx, args.logId, args.id, null, INITIAL_STATUS);
    },
  }),

  'ticket:set-status': defineMutator({
    args: z
      .object({
        id: Id,
        status: StatusCode,
        logId: NewId,
        comment: z.object({ id: NewId, body: CommentBody }).strict().nullable().default(null),
        /** The child ticket "needs visit" creates, with its first status-log row. */
        child: z
          .object({ id: NewId, logId: NewId })
          .strict()
          .default(() => ({ id: uuidv7(), logId: uuidv7() })),
      })
      .strict(),
    roles: EVERYONE,
    writes: (args) => ({
      creates: [
        ref('ticket_status_log', args.logId),
        ref('tickets', args.child.id),
        ref('ticket_status_log', args.child.logId),
        ...(args.comment ? [ref('comments', args.comment.id)] : []),
      ],
      // A callback ticket's callback side has the ticket's id: closing the ticket ends the callback too.
      updates: [ref('tickets', args.id), ref('callbacks', args.id)],
    }),
    async run(tx, args) {
      const ticket = await requireTicket(tx, args.id);
      // The comment is what the user wrote: it is kept even when another desk already moved the ticket here.
      if (args.comment) {
        await tx.insert('comments', {
          id: args.comment.id,
          ticketId: ticket.id,
          authorId: tx.userId,
          body: args.comment.body,
          public: false,
          at: tx.now,
        });
      }
      if (ticket.status === args.status) {
        if (args.comment) await tx.update('tickets', { ...ticket, updatedAt: tx.now });
        return;
      }
      const model = await tx.statusModel();
      if (!isTransitionAllowed(model, ticket.status, args.status)) {
        throw PultError.because(
          'transition-not-allowed',
          `A ticket cannot go from "${ticket.status}" to "${args.status}"`,
          'transition-not-allowed',
          { from: ticket.status, to: args.status },
        );
      }
      const kind = statusKind(model, args.status);
      const resolvedAt = kind === 'open' ? null : (ticket.resolvedAt ?? tx.now);
      await tx.update('tickets', { ...ticket, status: args.status, updatedAt: tx.now, resolvedAt });
      await logStatus(tx, args.logId, ticket.id, ticket.status, args.status);
      if (kind !== 'open') {
        // Closed from the grid or the drawer, not from the callbacks list: the number is no longer waiting
        // for a call back, and its next missed call opens a new callback.
        const callback = await tx.get('callbacks', ticket.id);
        if (callback?.state === 'open') {
          await tx.update('callbacks', { ...callback, state: 'resolved', resolvedAt: tx.now, resolution: 'manual' });
        }
      }
      if (args.status === NEEDS_VISIT_STATUS) {
        // The customer's automatic rule: a ticket that needs a visit spawns one for the planning group.
        await tx.insert('tickets', {
          ...ticket,
          id: args.child.id,
          number: await nextTicketNumber(tx),
          title: `Выезд: ${ticket.title}`.slice(0, 300),
          type: 'maintenance',
          // The planners' task is not a second bill: the parent carries the billing, or a paid visit would
          // count twice in the client's debt.
          billing: 'warranty',
          amount: 0,
          status: INITIAL_STATUS,
          assigneeId: null,
          parentId: ticket.id,
          source: 'manual',
          createdAt: tx.now,
          updatedAt: tx.now,
          resolvedAt: null,
          createdBy: tx.userId,
        });
        await logStatus(tx, args.child.logId, args.child.id, null, INITIAL_STATUS);
      }
    },
  }),

  'ticket:set-priority': defineMutator({
    args: z.object({ id: Id, priority: Priority }).strict(),
    roles: ['admin', 'dispatcher', 'first_line', 'planner'],
    writes: (args) => ({ creates: [], updates: [ref('tickets', args.id)] }),
    async run(tx, args) {
      const ticket = await requireTicket(tx, args.id);
      if (ticket.priority === args.priority) return;
      await tx.update('tickets', { ...ticket, priority: args.priority, updatedAt: tx.now });
    },
  }),

  'ticket:add-comment': defineMutator({
    args: z.object({ id: Id, ticketId: Id, body: CommentBody, public: z.boolean().default(false) }).strict(),
    roles: EVERYONE,
    writes: (args) => ({ creates: [ref('comments', args.id)], updates: [ref('tickets', args.ticketId)] }),
    async run(tx, args) {
      const ticket = await requireTicket(tx, args.ticketId);
      await tx.insert('comments', {
        id: args.id,
        ticketId: ticket.id,
        authorId: tx.userId,
        body: args.body,
        public: args.public,
        at: tx.now,
      });
      await tx.update('tickets', { ...ticket, updatedAt: tx.now });
    },
  }),

  /** Take a ticket (a callback, typically): fails if someone else already has it. */
  'ticket:claim': defineMutator({
    args: z.object({ id: Id }).strict(),
    roles: ['admin', 'dispatcher', 'first_line', 'planner', 'engineer'],
    writes: (args) => ({ creates: [], updates: [ref('tickets', args.id)] }),
    async run(tx, args) {
      const ticket = await requireTicket(tx, args.id);
      if (ticket.assigneeId === tx.userId) return;
      if (ticket.assigneeId) {
        const owner = await tx.get('employees', ticket.assigneeId);
        const name = owner?.name ?? 'another employee';
        throw PultError.because('conflict', `Already taken by ${name}`, 'already-taken', { name });
      }
      if (!tx.userId) throw new PultError('forbidden', 'Only an employee can take a ticket');
      await tx.update('tickets', { ...ticket, assigneeId: tx.userId, updatedAt: tx.now });
    },
  }),
} as const;
