import { z } from 'zod';
import { Id, Millis, MinorUnits, type Role, type RowOf, type TableName, type Ticket } from './entities.js';
import { NewTicket, MAX_TEXT } from './contract.js';
import { isTransitionAllowed, NEEDS_VISIT_STATUS, statusKind, type StatusModel } from './status-model.js';
import { isDebtor, type Debt } from './debt.js';
import { PultError } from './result.js';

/**
 * Named mutations: the unit a desk applies locally, stores in its outbox and (with the sync issue) pushes
 * to the server, which runs the very same function authoritatively. Every id a mutation creates is in its
 * arguments, made once at the desk, so a replay anywhere writes the same rows.
 */
export interface MutationTx {
  readonly now: number;
  readonly userId: string | null;
  get<T extends TableName>(table: T, id: string): Promise<RowOf<T> | undefined>;
  put<T extends TableName>(table: T, row: RowOf<T>): Promise<void>;
  statusModel(): Promise<StatusModel>;
  nextTicketNumber(): Promise<number>;
  clientDebt(clientId: string): Promise<Debt>;
}

export const MUTATION_ARGS = {
  'ticket.create': NewTicket.extend({ logId: Id, ackId: Id }),
  'ticket.setStatus': z
    .object({
      id: Id,
      status: z.string().min(1).max(40),
      logId: Id,
      comment: z
        .object({ id: Id, body: z.string().trim().min(1).max(MAX_TEXT) })
        .strict()
        .nullable(),
      /** The child ticket "needs visit" creates, with its first status-log row. */
      child: z.object({ id: Id, logId: Id }).strict(),
    })
    .strict(),
  'comment.add': z
    .object({ id: Id, ticketId: Id, body: z.string().trim().min(1).max(MAX_TEXT), public: z.boolean() })
    .strict(),
  /** Take a ticket (a callback, typically): fails if someone else already has it. */
  'ticket.claim': z.object({ id: Id }).strict(),
  'payment.add': z
    .object({
      id: Id,
      ticketId: Id,
      amount: MinorUnits.refine((n) => n > 0, 'A payment is more than zero'),
      paidAt: Millis,
    })
    .strict(),
} as const;

export type MutationName = keyof typeof MUTATION_ARGS;

/**
 * Who may run each mutation. The server enforces this on every push (a hidden button is not a permission);
 * the desk uses it only to hide what the user cannot do.
 */
export const MUTATION_ROLES: Readonly<Record<MutationName, readonly Role[]>> = {
  'ticket.create': ['admin', 'dispatcher', 'first_line', 'planner'],
  'ticket.setStatus': ['admin', 'dispatcher', 'first_line', 'planner', 'engineer', 'accountant'],
  'comment.add': ['admin', 'dispatcher', 'first_line', 'planner', 'engineer', 'accountant'],
  'ticket.claim': ['admin', 'dispatcher', 'first_line', 'planner', 'engineer'],
  'payment.add': ['admin', 'accountant'],
};

export function mayRun(roles: readonly Role[], name: MutationName): boolean {
  return MUTATION_ROLES[name].some((role) => roles.includes(role));
}
export type MutationArgs<N extends MutationName> = z.output<(typeof MUTATION_ARGS)[N]>;
export const MUTATION_NAMES = Object.keys(MUTATION_ARGS) as MutationName[];

export function isMutationName(name: unknown): name is MutationName {
  return typeof name === 'string' && Object.hasOwn(MUTATION_ARGS, name);
}

async function requireTicket(tx: MutationTx, id: string): Promise<Ticket> {
  const ticket = await tx.get('tickets', id);
  if (!ticket) throw new PultError('not-found', `Ticket ${id} does not exist`);
  return ticket;
}

function logStatus(tx: MutationTx, id: string, ticketId: string, from: string | null, to: string): Promise<void> {
  return tx.put('ticket_status_log', { id, ticketId, fromStatus: from, toStatus: to, at: tx.now, by: tx.userId });
}

const INITIAL_STATUS = 'new';

type Mutators = { [N in MutationName]: (tx: MutationTx, args: MutationArgs<N>) => Promise<void> };

export const MUTATORS: Mutators = {
  async 'ticket.create'(tx, args) {
    if (await tx.get('tickets', args.id)) throw new PultError('conflict', `Ticket ${args.id} already exists`);
    const client = await tx.get('clients', args.clientId);
    if (!client) throw new PultError('not-found', 'The client does not exist');
    if (args.contactId && (await tx.get('contacts', args.contactId))?.clientId !== client.id) {
      throw new PultError('invalid-input', 'The contact does not belong to this client');
    }
    if (args.vehicleId && (await tx.get('vehicles', args.vehicleId))?.clientId !== client.id) {
      throw new PultError('invalid-input', 'The vehicle does not belong to this client');
    }
    if (args.assigneeId && !(await tx.get('employees', args.assigneeId))) {
      throw new PultError('not-found', 'The assignee does not exist');
    }
    const debt = await tx.clientDebt(client.id);
    if (isDebtor(debt)) {
      const ack = args.debtAcknowledged;
      if (!ack) {
        throw new PultError(
          'debt-not-acknowledged',
          `${client.name} has ${debt.count} unpaid visits; acknowledge the debt first`,
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
      await tx.put('debt_acknowledgements', {
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
    await tx.put('tickets', {
      id: args.id,
      number: await tx.nextTicketNumber(),
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

  async 'ticket.setStatus'(tx, args) {
    const ticket = await requireTicket(tx, args.id);
    const model = await tx.statusModel();
    if (ticket.status === args.status) return;
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
    await tx.put('tickets', { ...ticket, status: args.status, updatedAt: tx.now, resolvedAt });
    await logStatus(tx, args.logId, ticket.id, ticket.status, args.status);
    if (args.comment) {
      await tx.put('comments', {
        id: args.comment.id,
        ticketId: ticket.id,
        authorId: tx.userId,
        body: args.comment.body,
        public: false,
        at: tx.now,
      });
    }
    if (args.status === NEEDS_VISIT_STATUS && !(await tx.get('tickets', args.child.id))) {
      // The automatic rule of the case study: a ticket that needs a visit spawns one for the planning group.
      await tx.put('tickets', {
        ...ticket,
        id: args.child.id,
        number: await tx.nextTicketNumber(),
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

  async 'comment.add'(tx, args) {
    const ticket = await requireTicket(tx, args.ticketId);
    if (await tx.get('comments', args.id)) throw new PultError('conflict', 'This comment already exists');
    await tx.put('comments', {
      id: args.id,
      ticketId: ticket.id,
      authorId: tx.userId,
      body: args.body,
      public: args.public,
      at: tx.now,
    });
    await tx.put('tickets', { ...ticket, updatedAt: tx.now });
  },

  async 'ticket.claim'(tx, args) {
    const ticket = await requireTicket(tx, args.id);
    if (ticket.assigneeId === tx.userId) return;
    if (ticket.assigneeId) {
      const owner = await tx.get('employees', ticket.assigneeId);
      const name = owner?.name ?? 'another employee';
      throw PultError.because('conflict', `Already taken by ${name}`, 'already-taken', { name });
    }
    if (!tx.userId) throw new PultError('forbidden', 'Only an employee can take a ticket');
    await tx.put('tickets', { ...ticket, assigneeId: tx.userId, updatedAt: tx.now });
  },

  async 'payment.add'(tx, args) {
    const ticket = await requireTicket(tx, args.ticketId);
    if (ticket.billing !== 'paid') {
      throw PultError.because('invalid-input', `Ticket ${ticket.number} is warranty work`, 'warranty-payment', {
        number: String(ticket.number),
      });
    }
    if (await tx.get('payments', args.id)) throw new PultError('conflict', 'This payment is already recorded');
    await tx.put('payments', {
      id: args.id,
      ticketId: ticket.id,
      amount: args.amount,
      paidAt: args.paidAt,
      by: tx.userId,
    });
    await tx.put('tickets', { ...ticket, updatedAt: tx.now });
  },
};

/** Parses a mutation's arguments and runs it: the one entry point for desks and (later) the server. */
export async function runMutation(tx: MutationTx, name: string, rawArgs: unknown): Promise<void> {
  if (!isMutationName(name)) throw new PultError('invalid-input', `Unknown mutation: ${name.slice(0, 80)}`);
  const parsed = MUTATION_ARGS[name].safeParse(rawArgs);
  if (!parsed.success)
    throw new PultError('invalid-input', `Invalid arguments for ${name}: ${parsed.error.issues[0]?.message ?? ''}`);
  await (MUTATORS[name] as (tx: MutationTx, args: unknown) => Promise<void>)(tx, parsed.data);
}
