import { z } from 'zod';
import { Billing, Currency, Id, Millis, MinorUnits, Priority, ROLES, Source, TicketType } from './entities.js';
import { STATUS_KINDS } from './status-model.js';
import type { Result } from './result.js';

/**
 * The contract: every method the renderer may call, with the schema of its input and of its output.
 * The preload, the Electron IPC adapter and the browser host are generated from this object, so the three
 * cannot drift; every payload is parsed by these schemas on the trusted side before any handler runs.
 * Names are `domain:verb`, kebab-case.
 */

/** Longest string the contract accepts anywhere unless a field says otherwise (oversized input is refused). */
export const MAX_TEXT = 20_000;

export const DebtSummary = z.object({
  count: z.number().int().nonnegative(),
  sum: MinorUnits,
  oldestAt: Millis.nullable(),
  currency: Currency,
});
export type DebtSummary = z.infer<typeof DebtSummary>;

export const TICKET_VIEWS = ['open', 'callbacks', 'mine', 'unpaid', 'all'] as const;
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

export const TicketFilter = z
  .object({
    statuses: z.array(z.string().max(40)).max(50).optional(),
    types: z.array(TicketType).max(20).optional(),
    /** `null` in the list means "unassigned". */
    assigneeIds: z.array(Id.nullable()).max(500).optional(),
    clientId: Id.optional(),
    createdFrom: Millis.optional(),
    createdTo: Millis.optional(),
    text: z.string().max(200).optional(),
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

export const TicketGridRow = z.object({
  id: Id,
  number: z.number().int(),
  /** Made at this desk and not yet on the server: the number is the desk's guess, the server gives the real one. */
  provisional: z.boolean(),
  title: z.string(),
  status: z.string(),
  type: TicketType,
  priority: Priority,
  billing: Billing,
  amount: MinorUnits,
  clientId: Id,
  clientName: z.string(),
  assigneeId: Id.nullable(),
  assigneeName: z.string().nullable(),
  plate: z.string().nullable(),
  createdAt: Millis,
  updatedAt: Millis,
  plannedAt: Millis.nullable(),
  /** The client's unpaid paid visits; null when the client owes nothing. */
  debt: DebtSummary.nullable(),
});
export type TicketGridRow = z.infer<typeof TicketGridRow>;

export const TicketPage = z.object({ total: z.number().int().nonnegative(), rows: z.array(TicketGridRow) });
export type TicketPage = z.infer<typeof TicketPage>;

export const StatusInfo = z.object({
  code: z.string(),
  position: z.number().int(),
  kind: z.enum(STATUS_KINDS),
  nameRu: z.string(),
  nameEn: z.string(),
  color: z.string(),
});

export const StatusModelDto = z.object({
  statuses: z.array(StatusInfo),
  transitions: z.array(z.object({ from: z.string(), to: z.string() })),
});

export const EmployeeDto = z.object({
  id: Id,
  name: z.string(),
  roles: z.array(z.enum(ROLES)),
  color: z.string(),
  active: z.boolean(),
});

export const ClientOption = z.object({
  id: Id,
  name: z.string(),
  taxId: z.string().nullable(),
  address: z.string().nullable(),
  currency: Currency,
  phones: z.array(z.string()),
  debt: DebtSummary.nullable(),
});
export type ClientOption = z.infer<typeof ClientOption>;

export const ContactDto = z.object({
  id: Id,
  clientId: Id,
  name: z.string(),
  role: z.string().nullable(),
  phones: z.array(z.string()),
});

export const VehicleDto = z.object({
  id: Id,
  clientId: Id,
  plate: z.string(),
  make: z.string().nullable(),
  model: z.string().nullable(),
  vin: z.string().nullable(),
});

export const StatusLogDto = z.object({
  fromStatus: z.string().nullable(),
  toStatus: z.string(),
  at: Millis,
  byName: z.string().nullable(),
  /** How long the ticket stayed in `toStatus` after this entry (until the next one, or until now). */
  durationMs: z.number().int().nonnegative(),
});

export const CommentDto = z.object({
  id: Id,
  authorName: z.string().nullable(),
  body: z.string(),
  public: z.boolean(),
  at: Millis,
});

export const TicketDetail = z.object({
  ticket: z.object({
    id: Id,
    number: z.number().int(),
    provisional: z.boolean(),
    title: z.string(),
    description: z.string(),
    type: TicketType,
    status: z.string(),
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
  allowedStatuses: z.array(z.string()),
  statusLog: z.array(StatusLogDto),
  /** Total time per status, in the model's order. */
  timeInStatus: z.array(z.object({ status: z.string(), durationMs: z.number().int().nonnegative() })),
  comments: z.array(CommentDto),
  children: z.array(z.object({ id: Id, number: z.number().int(), title: z.string(), status: z.string() })),
});
export type TicketDetail = z.infer<typeof TicketDetail>;

export const NewTicket = z
  .object({
    id: Id,
    clientId: Id,
    contactId: Id.nullable().default(null),
    vehicleId: Id.nullable().default(null),
    assigneeId: Id.nullable().default(null),
    type: TicketType,
    priority: Priority.default('normal'),
    billing: Billing,
    amount: MinorUnits.default(0),
    source: Source.default('manual'),
    title: z.string().trim().min(1).max(300),
    description: z.string().max(MAX_TEXT).default(''),
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
export type NewTicket = z.input<typeof NewTicket>;

export const AppInfo = z.object({
  version: z.string(),
  user: EmployeeDto,
  phoneRegion: z.string(),
  dataFile: z.string(),
  ticketCount: z.number().int().nonnegative(),
});

export const SYNC_STATES = ['standalone', 'signed-out', 'connecting', 'online', 'offline', 'error'] as const;

/** What the status bar shows: is this desk connected, how much is waiting to go out, when it last synced. */
export const SyncStatus = z.object({
  state: z.enum(SYNC_STATES),
  serverUrl: z.string().nullable(),
  userName: z.string().nullable(),
  login: z.string().nullable(),
  pending: z.number().int().nonnegative(),
  lastSyncAt: Millis.nullable(),
  /** A long pull (first sync) in progress: rows applied of all rows to apply. */
  progress: z.object({ done: z.number().int().nonnegative(), total: z.number().int().nonnegative() }).nullable(),
  /** Why the desk is in `error` or `offline`, in words for the user. */
  message: z.string().nullable(),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

const empty = z.object({}).strict();
const ok = z.object({ ok: z.literal(true) });

function method<I extends z.ZodType, O extends z.ZodType>(input: I, output: O, kind: 'query' | 'mutation') {
  return { input, output, kind } as const;
}

export const contract = {
  'app:info': method(empty, AppInfo, 'query'),
  'statuses:model': method(empty, StatusModelDto, 'query'),
  'employees:list': method(empty, z.array(EmployeeDto), 'query'),
  'tickets:query': method(TicketQuery, TicketPage, 'query'),
  'ticket:get': method(z.object({ id: Id }).strict(), TicketDetail, 'query'),
  'ticket:create': method(
    NewTicket,
    z.object({ id: Id, number: z.number().int(), provisional: z.boolean() }),
    'mutation',
  ),
  'ticket:set-status': method(
    z.object({ id: Id, status: z.string().min(1).max(40), comment: z.string().max(MAX_TEXT).optional() }).strict(),
    ok,
    'mutation',
  ),
  'ticket:add-comment': method(
    z
      .object({
        id: Id,
        ticketId: Id,
        body: z.string().trim().min(1).max(MAX_TEXT),
        public: z.boolean().default(false),
      })
      .strict(),
    ok,
    'mutation',
  ),
  'ticket:claim': method(z.object({ id: Id }).strict(), ok, 'mutation'),
  'payment:add': method(
    z.object({ id: Id, ticketId: Id, amount: MinorUnits.refine((n) => n > 0), paidAt: Millis }).strict(),
    ok,
    'mutation',
  ),
  'clients:search': method(
    z.object({ text: z.string().max(200), limit: z.number().int().positive().max(100).default(20) }).strict(),
    z.array(ClientOption),
    'query',
  ),
  'client:get': method(z.object({ id: Id }).strict(), ClientOption, 'query'),
  'client:contacts': method(z.object({ clientId: Id }).strict(), z.array(ContactDto), 'query'),
  'client:vehicles': method(z.object({ clientId: Id }).strict(), z.array(VehicleDto), 'query'),
  'session:status': method(empty, SyncStatus, 'query'),
  /** Whether the data file was found damaged (then nothing more is written to it), for a window opened later. */
  'store:status': method(empty, z.object({ damaged: z.string().nullable() }), 'query'),
  'session:sign-in': method(
    z.object({ login: z.string().trim().min(1).max(100), password: z.string().min(1).max(200) }).strict(),
    SyncStatus,
    'mutation',
  ),
  'session:sign-out': method(empty, SyncStatus, 'mutation'),
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type InputOf<M extends MethodName> = z.input<Contract[M]['input']>;
export type ParsedInputOf<M extends MethodName> = z.output<Contract[M]['input']>;
export type OutputOf<M extends MethodName> = z.output<Contract[M]['output']>;

export const METHOD_NAMES = Object.keys(contract) as MethodName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}

/** A push from the workstation to the renderer: data changed (locally, in another process, or by sync). */
export type PultEvent =
  | Readonly<{ type: 'changed'; tables: readonly string[] }>
  | Readonly<{ type: 'sync'; status: SyncStatus }>
  /** The server refused a change this desk made; the desk has rolled it back. */
  | Readonly<{
      type: 'rejected';
      mutation: string;
      code: string;
      message: string;
      /** The rule's reason (core/result.ts), when the server gave one: the UI words it in the user's language. */
      reason?: Readonly<{ key: string; params: Readonly<Record<string, string>> }> | null;
    }>
  /** The store's page check found damage: the desk no longer writes to the file. */
  | Readonly<{ type: 'damaged'; message: string }>;

/** What the renderer sees as `window.pult`: one typed call per method, and a change subscription. */
export type PultApi = Readonly<{
  call<M extends MethodName>(method: M, input: InputOf<M>): Promise<Result<OutputOf<M>>>;
  subscribe(listener: (event: PultEvent) => void): () => void;
}>;
