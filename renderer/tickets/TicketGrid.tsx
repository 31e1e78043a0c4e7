import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import TableSortLabel from '@mui/material/TableSortLabel';
import Typography from '@mui/material/Typography';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useLayoutEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { SortColumn, TicketGridRow } from '../../core/contract';
import { errorText } from '../ui/error-message';
import { useLocale } from '../ui/useLocale';
import { COLUMNS } from './columns';
import { defaultDir, type GridQuery } from './grid-query';
import { cls, GridStyles, HEADER_HEIGHT, ROW_HEIGHT } from './grid-styles';
import { PlaceholderRow, TicketRow, useCellLabels } from './TicketRow';
import { SearchNotice } from './SearchNotice';
import type { TicketPages } from './useTicketPages';

const rowSize = () => ROW_HEIGHT;
const INITIAL_RECT = { width: window.innerWidth, height: window.innerHeight };

export type ScrollRequest = Readonly<{ index: number; key: string }>;

type Props = Readonly<{
  pages: TicketPages;
  sort: GridQuery['sort'];
  onSort: (column: SortColumn) => void;
  selectedId: string | null;
  /** Row to bring into view (keyboard selection); each new request scrolls once. */
  scrollTo: ScrollRequest | null;
  onRowClick: (index: number, row: TicketGridRow) => void;
  onResetFilters: (() => void) | null;
}>;

/**
 * The ticket grid: a virtualised list over `total` rows, of which only the pages on screen are fetched.
 * ARIA grid semantics so that screen readers and end-to-end tests see rows, cells and sort state.
 */
export function TicketGrid({ pages, sort, onSort, selectedId, scrollTo, onRowClick, onResetFilters }: Props) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const labels = useCellLabels();
  const scrollRef = useRef<HTMLDivElement>(null);
  // The rows are memoised: they get one click handler for the grid's lifetime, which calls the latest one.
  const onRowClickRef = useRef(onRowClick);
  useLayoutEffect(() => {
    onRowClickRef.current = onRowClick;
  });
  const clickRow = useCallback((index: number, row: TicketGridRow) => onRowClickRef.current(index, row), []);
  const total = pages.total ?? 0;
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read only in this render
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    // Every row is ROW_HEIGHT high: the virtualizer never measures a row (no layout reads while rendering).
    estimateSize: rowSize,
    overscan: 10,
    paddingStart: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
    // The window's size until the list is measured: rows are drawn in the first render, not one frame later.
    initialRect: INITIAL_RECT,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  const visibleCount = Math.max(30, last - first + 1);
  const scrolling = virtualizer.isScrolling;

  const shownKey = useRef<string | null>(null);
  const focusedFor = useRef<ScrollRequest | null>(null);
  useEffect(() => {
    if (shownKey.current !== pages.key) {
      // A new query starts at its first row; fetching the old scroll position's pages would be wasted.
      // The request goes out first; scrolling reads the layout, which waits for this render's style and layout.
      const firstQuery = shownKey.current === null;
      shownKey.current = pages.key;
      pages.ensureRange(0, visibleCount);
      if (!firstQuery && virtualizer.scrollOffset !== 0) virtualizer.scrollToOffset(0);
      return;
    }
    // While the scrollbar is dragged, ask only for the rows it comes to rest on, not every page it passes.
    const timer = setTimeout(() => pages.ensureRange(first, last), scrolling ? 80 : 0);
    return () => clearTimeout(timer);
  }, [pages, first, last, visibleCount, virtualizer, scrolling]);

  useEffect(() => {
    // A request made for another query (the user arrowed, then searched) must not yank the new result.
    if (!scrollTo || scrollTo.key !== pages.key) return;
    virtualizer.scrollToIndex(scrollTo.index, { align: 'auto' });
    // A selection moved by keyboard belongs to the grid: focus it (aria-activedescendant needs that), so the next
    // Enter opens the ticket instead of pressing the view tab or sort header that was clicked last. Once per
    // request: coming back to this query (search cleared) must not pull focus out of the search box.
    const grid = scrollRef.current;
    if (focusedFor.current === scrollTo || !grid) return;
    focusedFor.current = scrollTo;
    if (document.activeElement !== grid) grid.focus({ preventScroll: true });
  }, [scrollTo, pages.key, virtualizer]);

  const loading =
    pages.error === null && (pages.total === null || items.some((item) => pages.pageState(item.index) !== 'fresh'));
  const empty = pages.total === 0 && !loading && pages.error === null;
  const selectedRendered = selectedId !== null && items.some((item) => pages.rowAt(item.index)?.id === selectedId);

  return (
    <Box sx={{ position: 'relative', display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0, minWidth: 0 }}>
      <Box sx={{ height: 4, flexShrink: 0 }}>
        {loading && <LinearProgress data-testid="grid-loading" aria-label={t('app.loading')} />}
      </Box>
      {pages.error && (
        <Alert
          severity="error"
          data-testid="grid-error"
          sx={{ mx: 1, mb: 1 }}
          action={
            <Button color="inherit" size="small" onClick={pages.retry}>
              {t('grid.retry')}
            </Button>
          }
        >
          {t('grid.loadFailed')}: {errorText(t, pages.error)}
        </Alert>
      )}
      <SearchNotice note={pages.search} />
      <GridStyles />
      <div
        ref={scrollRef}
        role="grid"
        aria-label={t('grid.label')}
        aria-rowcount={total + 1}
        aria-colcount={COLUMNS.length}
        aria-activedescendant={selectedRendered ? `ticket-row-${selectedId}` : undefined}
        tabIndex={0}
        data-testid="ticket-grid"
        className={cls.scroll}
      >
        <div className={cls.sizer} style={{ height: virtualizer.getTotalSize() }}>
          <GridHeader sort={sort} onSort={onSort} />
          {items.map((item) => {
            const row = pages.rowAt(item.index);
            return row ? (
              <TicketRow
                key={item.key}
                row={row}
                index={item.index}
                top={item.start}
                selected={row.id === selectedId}
                locale={locale}
                labels={labels}
                onClick={clickRow}
              />
            ) : (
              <PlaceholderRow key={item.key} index={item.index} top={item.start} />
            );
          })}
        </div>
      </div>
      {empty && (
        <Box
          data-testid="grid-empty"
          role="status"
          sx={{
            position: 'absolute',
            top: HEADER_HEIGHT + 40,
            left: 0,
            right: 0,
            textAlign: 'center',
            color: 'text.secondary',
          }}
        >
          <Typography variant="subtitle1">{t('grid.empty')}</Typography>
          <Typography variant="body2">{t('grid.emptyHint')}</Typography>
          {onResetFilters && (
            <Button size="small" sx={{ mt: 1 }} onClick={onResetFilters}>
              {t('filters.reset')}
            </Button>
          )}
        </Box>
      )}
    </Box>
  );
}

/** The column headers. Memoised: they change only with the sort, not with the pages, the scroll or the selection. */
const GridHeader = memo(function GridHeader({
  sort,
  onSort,
}: Readonly<{ sort: GridQuery['sort']; onSort: (column: SortColumn) => void }>) {
  const { t } = useTranslation();
  return (
    <div role="row" aria-rowindex={1} className={cls.header}>
      {COLUMNS.map((c) => {
        const active = c.sort !== null && sort.column === c.sort;
        return (
          <div
            key={c.id}
            role="columnheader"
            data-column={c.id}
            aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}
            className={c.align === 'right' ? `${cls.headerCell} ${cls.end}` : cls.headerCell}
          >
            {c.sort === null ? (
              t(`columns.${c.id}`)
            ) : (
              <TableSortLabel
                active={active}
                direction={active ? sort.dir : defaultDir(c.sort)}
                onClick={() => c.sort && onSort(c.sort)}
                data-testid={`sort-${c.id}`}
              >
                {t(`columns.${c.id}`)}
              </TableSortLabel>
            )}
          </div>
        );
      })}
    </div>
  );
});
