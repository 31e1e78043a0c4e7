import { DEFAULT_SORT, EMPTY_FILTERS, toTicketFilter, type GridQuery } from '../tickets/grid-query';
import { PAGE_SIZE } from '../tickets/page-cache';
import { assertNever } from '../../core/result';
import type { PaneId } from './routes';
import type { WarmCall } from './warm-start';

/** The grid a dispatcher sees on opening the tickets pane: open tickets, newest first, nothing filtered. */
export const FIRST_GRID_QUERY: GridQuery = {
  view: 'open',
  filter: toTicketFilter(EMPTY_FILTERS, ''),
  sort: DEFAULT_SORT,
};

/** Reads the frame makes whatever the pane: the session gate, the damaged-store banner, the user, the statuses. */
const SESSION_CALL: WarmCall = { method: 'session:status', input: {} };
const FRAME_CALLS: readonly WarmCall[] = [
  { method: 'store:status', input: {} },
  { method: 'app:info', input: {} },
  { method: 'statuses:model', input: {} },
];

/**
 * What to ask for before the first render when the window opens on `pane`. Each input is built exactly as the
 * component that asks for it builds its own (an input that differs is simply asked again, never misanswered).
 */
export function warmCallsFor(pane: PaneId): readonly WarmCall[] {
  switch (pane) {
    case 'tickets':
      // The workstation answers in turn: the two the first rows wait for (the session gate, the grid's first
      // page) go first; the frame's own (who is signed in, the statuses) after them.
      return [
        SESSION_CALL,
        { method: 'tickets:query', input: { ...FIRST_GRID_QUERY, offset: 0, limit: PAGE_SIZE } },
        ...FRAME_CALLS,
        { method: 'employees:list', input: {} },
      ];
    case 'calendar':
    case 'map':
    case 'calls':
    case 'debts':
    case 'directory':
      return [SESSION_CALL, ...FRAME_CALLS];
    default:
      return assertNever(pane, 'pane');
  }
}
