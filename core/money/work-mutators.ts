import { z } from 'zod';
import { Currency } from '../clients/tables.js';
import { defineMutator, ref } from '../mutation.js';
import { localDate } from '../planning/zone.js';
import { DEFAULT_PLANNING_SETTINGS, LocalDate, PLANNING_SETTINGS_ID } from '../planning/tables.js';
import { PultError } from '../result.js';
import { Id, name, text } from '../schema/text.js';
import { requireTicket } from '../tickets/mutators.js';
import { statusKind } from '../tickets/status-model.js';
import { Hundredths, MAX_WORK_QUANTITY, PriceList, priceInForce, WorkCode } from './price-list.js';
import { mayEarnFrom } from './price-lists.js';

export { mayEarnFrom };

/** Prices decide pay: accountants set them, an admin may stand in. */
const PRICE_ROLES = ['admin', 'accountant'] as const;
/**
 * Work is recorded by the office that closes tickets and by the accountant who checks them. Engineers are not
 * among them: a line is what someone earns, and nobody records their own pay.
 */
const WORK_ROLES = ['admin', 'accountant', 'dispatcher', 'planner'] as const;

export const MAX_WORK_LINES = 50;

export const WORK_MUTATORS = {
  /**
   * Sets a work type's price from a date on. History is never rewritten: each call adds a row, and lines
   * already recorded keep the value they copied.
   */
  'price:set': defineMutator({
    args: z
      .object({
        id: Id,
        list: PriceList,
        code: WorkCode,
        name,
        unit: text(20).trim().default('шт'),
        value: Hundredths,
        currency: Currency.nullable().default(null),
        effectiveFrom: LocalDate,
      })
      .strict()
      .refine((a) => (a.list === 'money') === (a.currency !== null), {
        message: 'A money price has a currency and a points price has none',
      }),
    roles: PRICE_ROLES,
    writes: (args) => ({ creates: [ref('price_items', args.id)], updates: [] }),
    async run(tx, args) {
      await tx.insert('price_items', { ...args, setAt: tx.now, setBy: tx.userId });
    },
  }),

  /**
   * Records the work done on a completed ticket: each line priced from its list as in force on the day the
   * ticket was completed (in the company's zone), whenever it is recorded.
   */
  'ticket:record-work': defineMutator({
    args: z
      .object({
        ticketId: Id,
        lines: z
          .array(
            z
              .object({
                id: Id,
                list: PriceList,
                code: WorkCode,
                quantity: z.number().int().min(1).max(MAX_WORK_QUANTITY),
                employeeId: Id,
              })
              .strict(),
          )
          .min(1, 'Record at least one line')
          .max(MAX_WORK_LINES),
      })
      .strict(),
    roles: WORK_ROLES,
    writes: (args) => ({ creates: args.lines.map((line) => ref('work_lines', line.id)), updates: [] }),
    async run(tx, args) {
      const ticket = await requireTicket(tx, args.ticketId);
      const model = await tx.statusModel();
      if (statusKind(model, ticket.status) !== 'completed' || ticket.resolvedAt === null) {
        throw new PultError('invalid-input', `Ticket ${ticket.number} is not completed: work is recorded when it is`);
      }
      const settings = (await tx.get('planning_settings', PLANNING_SETTINGS_ID)) ?? DEFAULT_PLANNING_SETTINGS;
      const day = localDate(ticket.resolvedAt, settings.timeZone);
      for (const line of args.lines) {
        const employee = await tx.get('employees', line.employeeId);
        if (!employee) throw new PultError('not-found', `Employee ${line.employeeId} does not exist`);
        if (!mayEarnFrom(line.list, employee)) {
          throw new PultError(
            'invalid-input',
            line.list === 'money'
              ? `${employee.name} is not an engineer: the money list pays engineers`
              : `${employee.name} is an engineer: the points list is for office staff`,
          );
        }
        const price = priceInForce(await tx.find('price_items', { list: line.list, code: line.code }), day);
        if (!price) {
          throw new PultError('not-found', `The ${line.list} list has no price for "${line.code}" on ${day}`);
        }
        await tx.insert('work_lines', {
          id: line.id,
          ticketId: ticket.id,
          employeeId: employee.id,
          priceItemId: price.id,
          list: line.list,
          code: line.code,
          quantity: line.quantity,
          unitValue: price.value,
          currency: price.currency,
          day,
          at: tx.now,
          by: tx.userId,
          cancelledAt: null,
          cancelledBy: null,
        });
      }
    },
  }),

  /** Takes back a line recorded wrong; the row stays, marked, and counts for nothing. */
  'work-line:cancel': defineMutator({
    args: z.object({ id: Id }).strict(),
    roles: WORK_ROLES,
    writes: (args) => ({ creates: [], updates: [ref('work_lines', args.id)] }),
    async run(tx, args) {
      const line = await tx.get('work_lines', args.id);
      if (!line) throw new PultError('not-found', `Work line ${args.id} does not exist`);
      if (line.cancelledAt !== null) throw new PultError('conflict', `Work line ${args.id} was cancelled already`);
      await tx.update('work_lines', { ...line, cancelledAt: tx.now, cancelledBy: tx.userId });
    },
  }),
} as const;
