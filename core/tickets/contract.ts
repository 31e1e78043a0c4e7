import { z } from 'zod';
import { ClientOption, ContactDto, VehicleDto } from '../clients/contract.js';
import { mutation, query, empty } from '../contract-method.js';
import { DebtSummary } from '../money/contract.js';
import { EmployeeDto } from '../staff/contract.js';
import { Id, Millis, MinorUnits, str } from '../schema/text.js';
import { TICKET_MUTATORS } from './mutators.js';
import { STATUS_KINDS } from './status-model.js';
import { Billing, Priority, Source, TicketType } from './tables.js';
import {
  SEARCH_IGNORED,
  SEARCH_INPUT_MAX_LENGTH,
  SEARCH_MAX_LENGTH,
  SEARCH_MAX_WORDS,
  TICKET_VIEWS,
} from './values.js';

export { SEARCH_IGNORED, SEARCH_INPUT_MAX_LENGTH, SEARCH_MAX_LENGTH, SEARCH_MAX_WORDS, TICKET_VIEWS };

export const TicketView = z.enum(TICKET_VIEWS);
export type TicketView = z.infer<typeof TicketView>;

export const SORT_COLUMNS = [
  'number',
  'title',
  'status',
  'type',
  'priority',
  'client',
  'assignee',
  'createdAt',
  'updatedAt',
  'plannedAt',
] as const;
export const SortColumn = z.enum(SORT_COLUMNS);
export type SortColumn = z.infer<typeof SortColumn>;

export const SearchIgnored = z.enum(SEARCH_IGNORED);
export type SearchIgnored = z.infer<typeof SearchIgnored>;

export const TicketFilter = z
  .object({
    statuses: z.array(str().max(40)).max(50).optional(),
    types: z.array(TicketType).max(20).optional(),
    /** `null` in the list means "unassigned". */
    assigneeIds: z.array(Id.nullable()).max(500).optional(),
    clientId: Id.optional(),
    createdFrom: Millis.optional(),
    createdTo: Millis.optional(),
    text: str().max(SEARCH_INPUT_MAX_LENGTH).optional(),
  })
  .strict();
export type TicketFilter = z.infer<typeof TicketFilter>;

export const TicketQuery = z
  .object({
    view: TicketView.default('all'),
    filter: TicketFilter.default({}),
    sort: z
      .object({ column: SortColumn, dir: z.enum(['asc', 'desc']) })
      .strict()
      .default({ column: 'number', dir: 'desc' }),
    offset: z.number().int().nonnegative().max(10_000_000).default(0),
    limit: z.number().int().positive().max(500).default(100),
  })
  .strict();
export type TicketQuery = z.input<typeof TicketQuery>;

/**
 * The page a tickets window opens on: open tickets, newest first, nothing filtered, the grid's page size. The
 * window asks for it before anything else; the desk reads it once as it opens, so that this first read does not
 * also pay for a cold page cache and fresh statements.
 */
export const OPENING_GRID_PAGE: Readonly<z.output<typeof TicketQuery>> = {
  view: 'open',
  filter: {},
  sort: { column: 'number', dir: 'desc' },
  offset: 0,
  limit: 100,
};

export const TicketGridRow = z.object({
  id: Id,
  number: z.number().int(),
  /** Made at this desk and not yet on the server: the number is the desk's guess, the server gives the real one. */
  provisional: z.boolean(),
  title: str(),
  status: str(),
  type: TicketType,
  priority: Priority,
  billing: Billing,
  amount: MinorUnits,
  clientId: Id,
  clientName: str(),
  assigneeId: Id.nullable(),
  assigneeName: str().nullable(),
  plate: str().nullable(),
  /**
   * The number to call about this ticket, shown as Pult shows numbers (`formatPhone`): a callback's caller,
   * else the ticket's contact's, else the client's own, else any of the client's contacts'; null when none.
   */
  phone: str().nullable(),
  createdAt: Millis,
  updatedAt: Millis,
  plannedAt: Millis.nullable(),
  /** The client's unpaid paid visits; null when the client owes nothing. */
  debt: DebtSummary.nullable(),
});
export type TicketGridRow = z.infer<typeof TicketGridRow>;

export const TicketPage = z.object({
  total: z.number().int().nonnegative(),
  rows: z.array(TicketGridRow),
  /** The search text was not searched (and the rows are what the other filters give), and why. */
  searchIgnored: SearchIgnored.nullable(),
  /** Only the first SEARCH_MAX_LENGTH characters / SEARCH_MAX_WORDS words of the search were searched. */
  searchTruncated: z.boolean(),
  /**
   * The search was also read as the last digits of a phone number: the tickets of clients whose number ends
   * so come first, each group in the chosen sort. Null when the search is not 3 to 6 digits.
   */
  searchPhoneEnding: str().nullable(),
});
export type TicketPage = z.infer<typeof TicketPage>;

export const StatusInfo = z.object({
  code: str(),
  position: z.number().int(),
  kind: z.enum(STATUS_KINDS),
  nameRu: str(),
  nameEn: str(),
  color: str(),
});

export const StatusModelDto = z.object({
  statuses: z.array(StatusInfo),
  transitions: z.array(z.object({ from: str(), to: str(), onFullPayment: z.boolean().optional() })),
});

export const StatusLogDto = z.object({
  fromStatus: str().nullable(),
  toStatus: str(),
  at: Millis,
  byName: str().nullable(),
  /** How long the ticket stayed in `toStatus` after this entry (until the next one, or until now). */
  durationMs: z.number().int().nonnegative(),
});

export const CommentDto = z.object({
  id: Id,
  authorName: str().nullable(),
  body: str(),
  public: z.boolean(),
  at: Millis,
});

export const TicketDetail = z.object({
  ticket: z.object({
    id: Id,
    number: z.number().int(),
    provisional: z.boolean(),
    title: str(),
    description: str(),
    type: TicketType,
    status: str(),
    priority: Priority,
    source: Source,
    billing: Billing,
    amount: MinorUnits,
    paid: MinorUnits,
    plannedAt: Millis.nullable(),
    createdAt: Millis,
    updatedAt: Millis,
    resolvedAt: Millis.nullable(),
    parentId: Id.nullable(),
    parentNumber: z.number().int().nullable(),
  }),
  client: ClientOption,
  contact: ContactDto.nullable(),
  vehicle: VehicleDto.nullable(),
  assignee: EmployeeDto.nullable(),
  allowedStatuses: z.array(str()),
  statusLog: z.array(StatusLogDto),
  /** Total time per status, in the model's order. */
  timeInStatus: z.array(z.object({ status: str(), durationMs: z.number().int().nonnegative() })),
  comments: z.array(CommentDto),
  children: z.array(z.object({ id: Id, number: z.number().int(), title: str(), status: str() })),
});
export type TicketDetail = z.infer<typeof TicketDetail>;

/** What creating a ticket answers: its number, provisional until the server numbers it. */
export const CreatedTicket = z.object({ id: Id, number: z.number().int(), provisional: z.boolean() });

// A grid row shows the client's name and debt and the assignee's name: changes to those refetch it too.
const GRID_READS = ['tickets', 'clients', 'employees', 'vehicles', 'payments', 'contacts', 'phones'] as const;

export const TICKET_CONTRACT = {
  'statuses:model': query(empty, StatusModelDto, []),
  'tickets:query': query(TicketQuery, TicketPage, GRID_READS),
  'ticket:get': query(z.object({ id: Id }).strict(), TicketDetail, [...GRID_READS, 'ticket_status_log', 'comments']),
  'ticket:create': mutation(TICKET_MUTATORS['ticket:create'], CreatedTicket),
} as const;
