import { z } from 'zod';
import { BILLINGS, PRIORITIES, SOURCES, TICKET_TYPES } from './values.js';
import { Id, MAX_TEXT, Millis, MinorUnits, str, text } from '../schema/text.js';

export const Priority = z.enum(PRIORITIES);
export type Priority = z.infer<typeof Priority>;
export const Billing = z.enum(BILLINGS);
export type Billing = z.infer<typeof Billing>;
export const Source = z.enum(SOURCES);
export const TicketType = z.enum(TICKET_TYPES);
export type TicketType = z.infer<typeof TicketType>;
export { BILLINGS, PRIORITIES, SOURCES, TICKET_TYPES };

export const StatusCode = str().min(1).max(40);
export const TicketTitle = str().trim().min(1).max(300);

export const TicketRow = z.object({
  id: Id,
  number: z.number().int().positive(),
  title: TicketTitle,
  description: text(MAX_TEXT),
  type: TicketType,
  status: StatusCode,
  priority: Priority,
  clientId: Id,
  contactId: Id.nullable(),
  vehicleId: Id.nullable(),
  assigneeId: Id.nullable(),
  parentId: Id.nullable(),
  source: Source,
  billing: Billing,
  amount: MinorUnits,
  plannedAt: Millis.nullable(),
  createdAt: Millis,
  updatedAt: Millis,
  resolvedAt: Millis.nullable(),
  createdBy: Id.nullable(),
});

export const StatusLogRow = z.object({
  id: Id,
  ticketId: Id,
  fromStatus: StatusCode.nullable(),
  toStatus: StatusCode,
  at: Millis,
  by: Id.nullable(),
});

export const CommentBody = str().trim().min(1).max(MAX_TEXT);

export const CommentRow = z.object({
  id: Id,
  ticketId: Id,
  authorId: Id.nullable(),
  body: CommentBody,
  public: z.boolean(),
  at: Millis,
});

/** A dispatcher saw the client's debt and went on with a new request anyway: who, when, and what they saw. */
export const DebtAckRow = z.object({
  id: Id,
  ticketId: Id,
  clientId: Id,
  debtCount: z.number().int().nonnegative(),
  debtSum: MinorUnits,
  oldestAt: Millis.nullable(),
  by: Id.nullable(),
  at: Millis,
});

export const TICKET_TABLES = {
  tickets: TicketRow,
  ticket_status_log: StatusLogRow,
  comments: CommentRow,
  debt_acknowledgements: DebtAckRow,
} as const;
