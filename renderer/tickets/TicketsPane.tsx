import { Suspense, useCallback, useEffect, useEffectEvent, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SortColumn, TicketGridRow, TicketView } from '../../core/contract';
import { assertNever } from '../../core/result';
import type { PaneProps } from '../app/pane-props';
import { usePaneLinks, useWaiting, type GridSelectRequest } from '../app/pane-links';
import { FIRST_GRID_QUERY } from '../app/warm-calls';
import { useApi } from '../ui/api-context';
import { useToast } from '../ui/toast';
import { PaneControls } from '../ui/TopBar';
import { useApiQuery } from '../ui/useApiQuery';
import { useDebouncedValue } from '../ui/useDebouncedValue';
import { EMPTY_FILTERS, hasActiveFilters, nextSort, toTicketFilter, type FilterState } from './grid-query';
import { ACTIVATABLE_SELECTOR, MODAL_SELECTOR, shortcutOf, TYPING_SELECTOR } from './keyboard';
import { NewTicketDialog, TicketDrawer, TicketFilters, TicketsToolbar } from './deferred-parts';
import { TicketGrid, type ScrollRequest } from './TicketGrid';
import { useTicketPages } from './useTicketPages';

type Selection = Readonly<{ id: string | null; index: number | null }>;

const NO_EMPLOYEES: readonly never[] = [];
/** The filter bar's height on one line is kept free (`.p-filters-space`) until the bar mounts: no jump. */
const filtersSpace = <div className="p-filters-space" aria-hidden />;

/**
 * The ticket pane: top bar, filters, the grid, the ticket drawer and the new-ticket dialog. It opens on the
 * query the window asked for before it mounted (FIRST_GRID_QUERY), so its first page is usually already here.
 */
export function TicketsPane({ active, onHelp }: PaneProps) {
  const api = useApi();
  const { t } = useTranslation();
  const toast = useToast();
  const [view, setView] = useState<TicketView>(FIRST_GRID_QUERY.view);
  const [filters, setFilters] = useState<FilterState>(EMPTY_FILTERS);
  const [search, setSearch] = useState('');
  const text = useDebouncedValue(search, 200);
  const [sort, setSort] = useState(FIRST_GRID_QUERY.sort);
  const [selection, setSelection] = useState<Selection>({ id: null, index: null });
  const [scrollTo, setScrollTo] = useState<ScrollRequest | null>(null);
  const [drawerId, setDrawerId] = useState<string | null>(null);
  const [newOpen, setNewOpen] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const employees = useApiQuery('employees:list', {});
  // Stable handlers, so that the memoised toolbar, filters and grid header skip the renders of the pane.
  const openNewTicket = useCallback(() => setNewOpen(true), []);

  const query = useMemo(() => ({ view, filter: toTicketFilter(filters, text), sort }), [view, filters, text, sort]);
  const pages = useTicketPages(api, query);
  const { prefetch } = pages;
  const onSort = useCallback(
    (column: SortColumn) => {
      const next = nextSort(query.sort, column);
      // The request leaves before React renders the click: the answer comes back while it renders.
      prefetch({ ...query, sort: next });
      setSort(next);
    },
    [query, prefetch],
  );

  // The selection is a ticket, not a place: a re-sort or a new filter keeps the ticket selected. Its old index
  // means nothing in the new order, so it is forgotten; once the ticket shows up among the rows fetched for the
  // new order, it takes its new index and is brought into view (the focus stays where the user put it).
  const [selectionKey, setSelectionKey] = useState(pages.key);
  if (selectionKey !== pages.key) {
    setSelectionKey(pages.key);
    if (selection.index !== null) setSelection({ id: selection.id, index: null });
  }
  const foundAt = selection.id !== null && selection.index === null ? pages.indexOf(selection.id) : -1;
  // Only a row of the new order counts: until its first page lands, the old order's rows stand in on screen.
  if (foundAt >= 0 && selection.id !== null && pages.pageState(foundAt) === 'fresh') {
    setSelection({ id: selection.id, index: foundAt });
    setScrollTo({ index: foundAt, key: pages.key, focus: false });
  }

  // A ticket opened on another pane (the map) is selected here, and found and brought into view as above.
  const links = usePaneLinks();
  const asked = useWaiting(links.gridSelect);
  const [seenAsk, setSeenAsk] = useState<GridSelectRequest | null>(null);
  if (asked && asked !== seenAsk) {
    setSeenAsk(asked);
    setSelection({ id: asked.ticketId, index: null });
  }
  useEffect(() => {
    if (asked) links.gridSelect.take(asked);
  }, [asked, links]);

  const select = (index: number, row: TicketGridRow | undefined, scroll: boolean) => {
    setSelection({ id: row?.id ?? null, index });
    if (scroll) setScrollTo({ index, key: pages.key });
  };

  const onRowClick = (index: number, row: TicketGridRow) => {
    select(index, row, false);
    setDrawerId(row.id);
  };

  const move = (delta: number) => {
    const total = pages.total ?? 0;
    if (total === 0) return;
    const known = selection.id === null ? -1 : pages.indexOf(selection.id);
    const from = known >= 0 ? known : (selection.index ?? -1);
    const index = from < 0 ? 0 : Math.min(total - 1, Math.max(0, from + delta));
    const row = pages.rowAt(index);
    select(index, row, true);
    // An open drawer follows the selection: arrowing through tickets is how a dispatcher reads them.
    if (drawerId !== null && row) setDrawerId(row.id);
  };

  const onKeyDown = useEffectEvent((e: KeyboardEvent) => {
    // The grid's keys are the grid's only while its pane is on screen: hidden, it stays mounted but deaf.
    if (!active || e.defaultPrevented) return;
    const shortcut = shortcutOf(e);
    if (shortcut === null) return;
    const target = e.target instanceof Element ? e.target : null;
    const typing = target?.closest(TYPING_SELECTOR) != null;
    // Dialogs own their keys (MUI closes them on Esc itself).
    if (newOpen || target?.closest(MODAL_SELECTOR)) return;
    switch (shortcut) {
      case 'close':
        if (typing && target instanceof HTMLElement) target.blur();
        else if (drawerId !== null) setDrawerId(null);
        else return;
        break;
      case 'search':
        if (typing) return;
        searchRef.current?.focus();
        searchRef.current?.select();
        break;
      case 'help':
        if (typing) return;
        onHelp();
        break;
      case 'new':
        if (typing) return;
        setNewOpen(true);
        break;
      case 'up':
      case 'down':
        if (typing) return;
        move(shortcut === 'up' ? -1 : 1);
        break;
      case 'open': {
        if (typing || target?.closest(ACTIVATABLE_SELECTOR)) return;
        const id = selection.id ?? (selection.index === null ? undefined : pages.rowAt(selection.index)?.id);
        if (!id) return;
        setDrawerId(id);
        break;
      }
      default:
        assertNever(shortcut, 'shortcut');
    }
    e.preventDefault();
  });

  useEffect(() => {
    const listener = (e: KeyboardEvent) => onKeyDown(e);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);

  const selectedId = selection.id ?? (selection.index === null ? null : (pages.rowAt(selection.index)?.id ?? null));

  // At start a dispatcher waits for the rows: the toolbar and the filters (MUI inputs, most of the first
  // render's cost) mount in the frame after the first page is drawn, in space kept for them. Once only.
  const [controls, setControls] = useState(false);
  const firstPageIn = pages.total !== null;
  useEffect(() => {
    if (controls || !firstPageIn) return;
    const frame = requestAnimationFrame(() => setControls(true));
    return () => cancelAnimationFrame(frame);
  }, [controls, firstPageIn]);

  return (
    <div className="p-column" data-testid="pane-tickets">
      <PaneControls active={active && controls}>
        <Suspense fallback={null}>
          <TicketsToolbar
            view={view}
            onView={setView}
            search={search}
            onSearch={setSearch}
            searchRef={searchRef}
            total={pages.total}
            onNewTicket={openNewTicket}
            onHelp={onHelp}
          />
        </Suspense>
      </PaneControls>
      <div className="p-row">
        <main className="p-column">
          {controls ? (
            <Suspense fallback={filtersSpace}>
              <TicketFilters value={filters} onChange={setFilters} employees={employees.data ?? NO_EMPLOYEES} />
            </Suspense>
          ) : (
            filtersSpace
          )}
          <TicketGrid
            pages={pages}
            sort={sort}
            onSort={onSort}
            selectedId={selectedId}
            scrollTo={scrollTo}
            onRowClick={onRowClick}
            onResetFilters={
              hasActiveFilters(filters) || search
                ? () => {
                    setFilters(EMPTY_FILTERS);
                    setSearch('');
                  }
                : null
            }
          />
        </main>
        {drawerId !== null && (
          <Suspense fallback={null}>
            <TicketDrawer ticketId={drawerId} onClose={() => setDrawerId(null)} onOpenTicket={setDrawerId} />
          </Suspense>
        )}
      </div>
      {controls && (
        <Suspense fallback={null}>
          <NewTicketDialog
            open={newOpen}
            onClose={() => setNewOpen(false)}
            onCreated={(id, number, provisional) => {
              setNewOpen(false);
              toast({
                severity: 'success',
                message: t(provisional ? 'newTicket.createdProvisional' : 'newTicket.created', { number }),
              });
              setSelection({ id, index: null });
              setDrawerId(id);
            }}
          />
        </Suspense>
      )}
    </div>
  );
}
