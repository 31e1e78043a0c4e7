import type { z } from 'zod';
import { CALL_CONTRACT } from './calls/contract.js';
import { CALLER_CARD_CONTRACT } from './calls/caller-card.js';
import { PBX_ADMIN_CONTRACT } from './calls/pbx-settings.js';
import { PHONE_SETTINGS_CONTRACT } from './calls/settings.js';
import { CLIENT_CONTRACT, DIRECTORY_CONTRACT } from './clients/contract.js';
import { IMPORT_CONTRACT } from './import/contract.js';
import { mutation, type MutationMethod, type Ok } from './contract-method.js';
import { KPI_CONTRACT } from './money/kpi-contract.js';
import { MAP_CONTRACT } from './map/contract.js';
import type { Position, ProviderStatus } from './map/position.js';
import { MONEY_CONTRACT } from './money/contract.js';
import type { TableName } from './entities.js';
import { FORMER_NAMES, MUTATION_NAMES, MUTATORS, type MutationName } from './mutations.js';
import type { Result } from './result.js';
import { PLANNING_CONTRACT } from './planning/contract.js';
import { SESSION_CONTRACT, type SyncStatus } from './session/contract.js';
import { STAFF_CONTRACT } from './staff/contract.js';
import { TICKET_CONTRACT } from './tickets/contract.js';

/**
 * The contract: every method the renderer may call, with the schema of its input and of its output, composed
 * from the domains. Every mutator is a method under its own name (its args are the input); a domain
 * overrides one only to answer more than `{ ok: true }`. The preload, the Electron IPC adapter and the browser
 * host are generated from this object, so they cannot drift; every payload is parsed by these schemas on the
 * trusted side before any handler runs. Names are `domain:verb`, kebab-case.
 */

type MutationMethods = { [N in MutationName]: MutationMethod<(typeof MUTATORS)[N]['args'], typeof Ok> };

const MUTATION_METHODS = Object.fromEntries(
  MUTATION_NAMES.map((name) => [name, mutation(MUTATORS[name] as never)]),
) as MutationMethods;

export const contract = {
  ...MUTATION_METHODS,
  ...SESSION_CONTRACT,
  ...STAFF_CONTRACT,
  ...CLIENT_CONTRACT,
  ...DIRECTORY_CONTRACT,
  ...TICKET_CONTRACT,
  ...CALL_CONTRACT,
  ...MONEY_CONTRACT,
  ...KPI_CONTRACT,
  ...CALLER_CARD_CONTRACT,
  ...PHONE_SETTINGS_CONTRACT,
  ...PBX_ADMIN_CONTRACT,
  ...PLANNING_CONTRACT,
  ...IMPORT_CONTRACT,
  ...MAP_CONTRACT,
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

/** The tables a query shows, or 'session' for what only session events change; null for a mutation. */
export function readsOf(method: MethodName): readonly TableName[] | 'session' | null {
  const spec = contract[method];
  return spec.kind === 'query' ? spec.reads : null;
}

/**
 * What the renderer needs to know about the contract at run time, as plain data: every method name with the
 * tables it reads, and the mutation names older desks used. The renderer build writes it in as a constant
 * (electron.vite.config.ts), so the window starts without loading a single schema.
 */
export type ContractIndex = Readonly<{
  reads: Readonly<Record<MethodName, readonly TableName[] | 'session' | null>>;
  /** The synced mutations: their current names. */
  mutations: readonly MutationName[];
  formerNames: Readonly<Record<string, MutationName>>;
}>;

export function contractIndex(): ContractIndex {
  return {
    reads: Object.fromEntries(METHOD_NAMES.map((m) => [m, readsOf(m)])) as ContractIndex['reads'],
    mutations: MUTATION_NAMES,
    formerNames: FORMER_NAMES,
  };
}

/** A push from the workstation to the renderer: data changed (locally, in another process, or by sync). */
export type PultEvent =
  /** Rows of these tables changed; `'*'` when the desk cannot tell which (another process wrote the file). */
  | Readonly<{ type: 'changed'; tables: readonly (TableName | '*')[] }>
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
  | Readonly<{ type: 'damaged'; message: string }>
  /**
   * The server had forgotten what this desk knew (restored from a backup): the desk reloaded everything from it
   * and kept its `kept` unsent changes, which it sends again.
   */
  | Readonly<{ type: 'reset'; reason: string; kept: number }>
  /**
   * Live positions from the telematics stream (never synced rows): the objects that moved since the last
   * event, and the provider's status (a failing provider keeps the last positions on the map).
   */
  | Readonly<{ type: 'positions'; positions: readonly Position[]; status: ProviderStatus }>;

/** What the renderer sees as `window.pult`: one typed call per method, and a change subscription. */
export type PultApi = Readonly<{
  call<M extends MethodName>(method: M, input: InputOf<M>): Promise<Result<OutputOf<M>>>;
  subscribe(listener: (event: PultEvent) => void): () => void;
}>;

// The DTOs, for callers that import them from the contract.
export { CallLogQuery, CallLogRow, OpenCallback } from './calls/contract.js';
export { ClientOption, ContactDto, VehicleDto } from './clients/contract.js';
export {
  CompanyDetails,
  DEBT_SORTS,
  DebtContact,
  Debtor,
  DebtList,
  DebtPayment,
  DebtSort,
  DebtSummary,
  DebtVisit,
  DebtsQuery,
  ExportedFile,
  ReminderDto,
} from './money/contract.js';
export { PriceDto, PriceListing, WorkLineDto, WorkTicket } from './money/kpi-contract.js';
export { WorkReport, WorkReportQuery, WorkReportRow } from './money/work-report.js';
export { FlaggedTicket, StatusTimeRow, StatusTimes, StatusTimesQuery } from './tickets/status-times.js';
export { AppInfo, SYNC_STATES, SyncStatus } from './session/contract.js';
export { EmployeeDto } from './staff/contract.js';
export {
  CommentDto,
  CreatedTicket,
  OPENING_GRID_PAGE,
  SORT_COLUMNS,
  SortColumn,
  StatusInfo,
  StatusLogDto,
  StatusModelDto,
  TICKET_VIEWS,
  TicketDetail,
  TicketFilter,
  TicketGridRow,
  TicketPage,
  TicketQuery,
  TicketView,
} from './tickets/contract.js';
export { NewTicketArgs, type NewTicket } from './tickets/mutators.js';
export { MAX_TEXT } from './schema/text.js';
