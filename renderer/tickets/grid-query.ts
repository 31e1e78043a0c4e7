import type { ClientOption, SortColumn, TicketFilter, TicketView } from '../../core/contract';
import type { TicketType } from '../../core/entities';
import { SEARCH_INPUT_MAX_LENGTH } from '../../core/tickets/values';

/** Everything that decides which rows the grid shows, in which order. */
export type GridQuery = Readonly<{
  view: TicketView;
  filter: TicketFilter;
  sort: Readonly<{ column: SortColumn; dir: 'asc' | 'desc' }>;
}>;

export const DEFAULT_SORT: GridQuery['sort'] = { column: 'number', dir: 'desc' };

/** A stable identity for a query: two equal queries share cached pages, a different one starts afresh. */
export function queryKey(query: GridQuery): string {
  const f = query.filter;
  return JSON.stringify([
    query.view,
    query.sort.column,
    query.sort.dir,
    f.statuses ?? null,
    f.types ?? null,
    f.assigneeIds ?? null,
    f.clientId ?? null,
    f.createdFrom ?? null,
    f.createdTo ?? null,
    f.text ?? null,
  ]);
}

/** Newest first for numbers and timestamps (what a dispatcher looks for), A→Z for everything else. */
export function defaultDir(column: SortColumn): 'asc' | 'desc' {
  switch (column) {
    case 'number':
    case 'createdAt':
    case 'updatedAt':
      return 'desc';
    case 'plannedAt':
    case 'title':
    case 'status':
    case 'type':
    case 'priority':
    case 'client':
    case 'assignee':
      return 'asc';
  }
}

export function nextSort(current: GridQuery['sort'], column: SortColumn): GridQuery['sort'] {
  if (current.column !== column) return { column, dir: defaultDir(column) };
  return { column, dir: current.dir === 'asc' ? 'desc' : 'asc' };
}

/** Drops empty lists and blank text, so "nothing chosen" never reaches the query as "match nothing". */
export function cleanFilter(filter: TicketFilter): TicketFilter {
  const out: TicketFilter = {};
  if (filter.statuses && filter.statuses.length > 0) out.statuses = filter.statuses;
  if (filter.types && filter.types.length > 0) out.types = filter.types;
  if (filter.assigneeIds && filter.assigneeIds.length > 0) out.assigneeIds = filter.assigneeIds;
  if (filter.clientId) out.clientId = filter.clientId;
  if (filter.createdFrom !== undefined) out.createdFrom = filter.createdFrom;
  if (filter.createdTo !== undefined) out.createdTo = filter.createdTo;
  const text = filter.text?.trim();
  // The query cuts the text to what it searches and says so; only what it would refuse is cut here.
  if (text) out.text = text.slice(0, SEARCH_INPUT_MAX_LENGTH);
  return out;
}

/** `yyyy-mm-dd` from a date input, as local midnight (start) or the last millisecond of that day (end). */
export function dateInputToMillis(value: string, edge: 'start' | 'end'): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const start = new Date(year, month - 1, day).getTime();
  if (Number.isNaN(start) || start < 0) return undefined;
  return edge === 'start' ? start : new Date(year, month - 1, day + 1).getTime() - 1;
}

export function millisToDateInput(ms: number | undefined): string {
  if (ms === undefined) return '';
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The filter bar's state: what the controls hold, before it becomes a contract filter. */
export type FilterState = Readonly<{
  statuses: readonly string[];
  types: readonly TicketType[];
  /** `null` stands for "unassigned". */
  assigneeIds: readonly (string | null)[];
  client: ClientOption | null;
  /** `yyyy-mm-dd` as date inputs give it, '' when empty. */
  createdFrom: string;
  createdTo: string;
}>;

export const EMPTY_FILTERS: FilterState = {
  statuses: [],
  types: [],
  assigneeIds: [],
  client: null,
  createdFrom: '',
  createdTo: '',
};

export function toTicketFilter(state: FilterState, text: string): TicketFilter {
  return cleanFilter({
    statuses: [...state.statuses],
    types: [...state.types],
    assigneeIds: [...state.assigneeIds],
    clientId: state.client?.id,
    createdFrom: dateInputToMillis(state.createdFrom, 'start'),
    createdTo: dateInputToMillis(state.createdTo, 'end'),
    text,
  });
}

export function hasActiveFilters(state: FilterState): boolean {
  return Object.keys(toTicketFilter(state, '')).length > 0;
}
