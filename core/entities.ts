import type { z } from 'zod';
import { CALL_TABLES } from './calls/tables.js';
import { CLIENT_TABLES } from './clients/tables.js';
import { IMPORT_TABLES } from './import/tables.js';
import { MONEY_TABLES } from './money/tables.js';
import { PLANNING_TABLES } from './planning/tables.js';
import { STAFF_TABLES } from './staff/tables.js';
import { TICKET_TABLES } from './tickets/tables.js';

/**
 * Every synced table, composed from the domains that own them. Rows are camelCase here; the stores map them to
 * snake_case columns through core/schema/columns.ts. These are the units of sync: a mutation writes rows,
 * the change log carries rows. Ids are made by the desk that creates the row (UUID v7), so a desk can create
 * tickets offline without asking anyone.
 */
export const TABLES = {
  ...STAFF_TABLES,
  ...CLIENT_TABLES,
  ...TICKET_TABLES,
  ...MONEY_TABLES,
  ...PLANNING_TABLES,
  ...CALL_TABLES,
  ...IMPORT_TABLES,
} as const;

export type TableName = keyof typeof TABLES;
export type RowOf<T extends TableName> = z.infer<(typeof TABLES)[T]>;

export type Employee = RowOf<'employees'>;
export type Client = RowOf<'clients'>;
export type Contact = RowOf<'contacts'>;
export type Phone = RowOf<'phones'>;
export type Vehicle = RowOf<'vehicles'>;
export type Ticket = RowOf<'tickets'>;
export type StatusLog = RowOf<'ticket_status_log'>;
export type Comment = RowOf<'comments'>;
export type Payment = RowOf<'payments'>;
export type Reminder = RowOf<'reminders'>;

// The primitives and enums every layer uses, from the domains that define them.
export { Id, Millis, MinorUnits } from './schema/text.js';
export { CURRENCIES, Currency } from './clients/tables.js';
export { ROLES, Role } from './staff/tables.js';
export {
  BILLINGS,
  Billing,
  PRIORITIES,
  Priority,
  SOURCES,
  Source,
  TICKET_TYPES,
  TicketType,
} from './tickets/tables.js';
