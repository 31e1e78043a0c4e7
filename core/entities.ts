import { z } from 'zod';

/**
 * Rows as the domain sees them (camelCase; the stores map them to snake_case columns). These are the units
 * of sync: a mutation writes rows, the change log carries rows. Ids are made by the desk that creates the
 * row (UUID v7), so a desk can create tickets offline without asking anyone.
 */
export const Id = z.uuid();
export const Millis = z.number().int().nonnegative();
/** Money in minor units (kopecks), always in the client's currency. */
export const MinorUnits = z.number().int().nonnegative().max(1_000_000_000_00);

export const CURRENCIES = ['BYN', 'RUB'] as const;
export const Currency = z.enum(CURRENCIES);
export type Currency = z.infer<typeof Currency>;

export const PRIORITIES = ['low', 'normal', 'high', 'critical'] as const;
export const Priority = z.enum(PRIORITIES);
export type Priority = z.infer<typeof Priority>;

export const BILLINGS = ['warranty', 'paid'] as const;
export const Billing = z.enum(BILLINGS);
export type Billing = z.infer<typeof Billing>;

export const SOURCES = ['phone', 'missed_call', 'email', 'portal', 'manual'] as const;
export const Source = z.enum(SOURCES);

export const TICKET_TYPES = [
  'incident',
  'installation',
  'maintenance',
  'dismantling',
  'consultation',
  'callback',
] as const;
export const TicketType = z.enum(TICKET_TYPES);
export type TicketType = z.infer<typeof TicketType>;

export const ROLES = ['admin', 'dispatcher', 'first_line', 'planner', 'accountant', 'engineer'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

const name = z.string().trim().min(1).max(200);
const text = (max: number) => z.string().max(max);

export const EmployeeRow = z.object({
  id: Id,
  name,
  roles: z.array(Role).max(ROLES.length),
  sipExtension: text(32).nullable(),
  color: z.string().regex(/^#[0-9a-f]{6}$/i),
  active: z.boolean(),
});

export const ClientRow = z.object({
  id: Id,
  name,
  taxId: text(20).nullable(),
  category: text(50).nullable(),
  address: text(500).nullable(),
  notes: text(5000).nullable(),
  currency: Currency,
  createdAt: Millis,
});

export const ContactRow = z.object({
  id: Id,
  clientId: Id,
  name,
  role: text(100).nullable(),
  email: text(200).nullable(),
});

export const PhoneRow = z.object({
  id: Id,
  clientId: Id,
  contactId: Id.nullable(),
  raw: text(64),
  e164: text(20).nullable(),
});

export const VehicleRow = z.object({
  id: Id,
  clientId: Id,
  plate: text(20),
  make: text(60).nullable(),
  model: text(60).nullable(),
  vin: text(17).nullable(),
  unitId: text(40).nullable(),
});

export const TicketRow = z.object({
  id: Id,
  number: z.number().int().positive(),
  title: z.string().trim().min(1).max(300),
  description: text(20_000),
  type: TicketType,
  status: z.string().min(1).max(40),
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
  fromStatus: z.string().nullable(),
  toStatus: z.string(),
  at: Millis,
  by: Id.nullable(),
});

export const CommentRow = z.object({
  id: Id,
  ticketId: Id,
  authorId: Id.nullable(),
  body: z.string().trim().min(1).max(20_000),
  public: z.boolean(),
  at: Millis,
});

export const PaymentRow = z.object({
  id: Id,
  ticketId: Id,
  amount: MinorUnits,
  paidAt: Millis,
  by: Id.nullable(),
});

export const VisitRow = z.object({
  id: Id,
  ticketId: Id,
  engineerId: Id,
  startAt: Millis,
  endAt: Millis,
  state: z.enum(['planned', 'en_route', 'on_site', 'done', 'cancelled']),
  place: text(500).nullable(),
});

export const CallRow = z.object({
  id: Id,
  sipCallId: text(200),
  direction: z.enum(['in', 'out']),
  numberRaw: text(64),
  numberE164: text(20).nullable(),
  startedAt: Millis,
  answeredAt: Millis.nullable(),
  endedAt: Millis.nullable(),
  outcome: z.enum(['answered', 'missed', 'answered_elsewhere', 'rejected']),
  agentId: Id.nullable(),
  callbackTicketId: Id.nullable(),
});

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

/** Every synced table and its row schema: the one list the stores, the mutations and the sync share. */
export const TABLES = {
  employees: EmployeeRow,
  clients: ClientRow,
  contacts: ContactRow,
  phones: PhoneRow,
  vehicles: VehicleRow,
  tickets: TicketRow,
  ticket_status_log: StatusLogRow,
  comments: CommentRow,
  payments: PaymentRow,
  visits: VisitRow,
  calls: CallRow,
  debt_acknowledgements: DebtAckRow,
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
