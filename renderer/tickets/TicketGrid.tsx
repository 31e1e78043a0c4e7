import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { SortColumn, TicketGridRow } from '../../core/contract';
import { errorText } from '../ui/error-message';
import { PlainAlert, ProgressLine } from '../ui/plain-alert';
import { formatInteger } from '../ui/format';
import { useAfterFirstPaint } from '../ui/useAfterFirstPaint';
import { useLocale } from '../ui/useLocale';
import { COLUMNS, GRID_TEMPLATE } from './columns';
import { defaultDir, type GridQuery } from './grid-query';
import { cls, HEADER_HEIGHT, ROW_HEIGHT } from './grid-styles';
import { PlaceholderRow, TicketRow, useCellLabels } from './TicketRow';
import { rowsOnScreen, ScrollAsks } from './scroll-fetch';
import { SearchNotice } from './SearchNotice';
import type { TicketPages } from './useTicketPages';

const rowSize = () => ROW_HEIGHT;
/** Rows drawn beyond the screen's edges, so a scroll shows rows, not placeholders, while the next page loads. */
const OVERSCAN = 10;
const INITIAL_RECT = { width: window.innerWidth, height: window.innerHeight };
/** One column template for the header and every row, handed to the stylesheet as a custom property. */
const COLUMNS_STYLE = { '--pult-grid-columns': GRID_TEMPLATE } as CSSProperties;

/** `focus: false` brings the row into view without taking the focus (the grid found the selection, no key moved it). */
export type ScrollRequest = Readonly<{ index: number; key: string; focus?: boolean }>;

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
  const [asks] = useState(() => new ScrollAsks());
  const pagesRef = useRef(pages);
  useLayoutEffect(() => {
    pagesRef.current = pages;
  });
  // Declared before the virtualizer, so this listener runs before the virtualizer's own: the rows a scroll lands
  // on are asked for in the scroll event, before the list renders placeholders for them (the render's effect
  // then asks for the rows around them).
  useLayoutEffect(() => {
    const grid = scrollRef.current;
    if (!grid) return;
    const onScroll = () => {
      const current = pagesRef.current;
      const shown = rowsOnScreen(grid.scrollTop, grid.clientHeight, current.total ?? 0, ROW_HEIGHT, HEADER_HEIGHT);
      // Within a drag's gap, the render's effect asks when the gap is out.
      if (!shown || !asks.scrolled(performance.now())) return;
      current.ensureRange(shown[0], shown[1]);
    };
    grid.addEventListener('scroll', onScroll, { passive: true });
    return () => grid.removeEventListener('scroll', onScroll);
  }, [asks]);
  // The first render draws only the rows on screen: the rows around them (for a smooth scroll) would add a third
  // to the layout and the render that stand between the window opening and its first rows.
  const painted = useAfterFirstPaint();
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read only in this render
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    // Every row is ROW_HEIGHT high: the virtualizer never measures a row (no layout reads while rendering).
    estimateSize: rowSize,
    overscan: painted ? OVERSCAN : 0,
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
      asks.queryChanged();
      pages.ensureRange(0, visibleCount);
      if (!firstQuery && virtualizer.scrollOffset !== 0) virtualizer.scrollToOffset(0);
      return;
    }
    const delay = asks.delayForRender(performance.now(), scrolling);
    if (delay === 0) {
      pages.ensureRange(first, last);
      return;
    }
    const timer = setTimeout(() => {
      asks.askedAfterWait(performance.now());
      pages.ensureRange(first, last);
    }, delay);
    return () => clearTimeout(timer);
  }, [pages, first, last, visibleCount, virtualizer, scrolling, asks]);

  useEffect(() => {
    // A request made for another query (the user arrowed, then searched) must not yank the new result.
    if (!scrollTo || scrollTo.key !== pages.key) return;
    virtualizer.scrollToIndex(scrollTo.index, { align: 'auto' });
    // A selection moved by keyboard belongs to the grid: focus it (aria-activedescendant needs that), so the next
    // Enter opens the ticket instead of pressing the view tab or sort header that was clicked last. Once per
    // request: coming back to this query (search cleared) must not pull focus out of the search box.
    const grid = scrollRef.current;
    if (focusedFor.current === scrollTo || !grid || scrollTo.focus === false) return;
    focusedFor.current = scrollTo;
    if (document.activeElement !== grid) grid.focus({ preventScroll: true });
  }, [scrollTo, pages.key, virtualizer]);

  const loading =
    pages.error === null && (pages.total === null || items.some((item) => pages.pageState(item.index) !== 'fresh'));
  const empty = pages.total === 0 && !loading && pages.error === null;
  const selectedRendered = selectedId !== null && items.some((item) => pages.rowAt(item.index)?.id === selectedId);
  const selectedIndex = useMemo(() => (selectedId === null ? -1 : pages.indexOf(selectedId)), [pages, selectedId]);
  // The rows fully under the header, not the overscan the virtualiser draws around them.
  const viewTop = virtualizer.scrollOffset ?? 0;
  const viewHeight = Math.max(0, (scrollRef.current?.clientHeight ?? INITIAL_RECT.height) - HEADER_HEIGHT);
  const fromRow = Math.min(total, Math.floor(viewTop / ROW_HEIGHT) + 1);
  const toRow = Math.min(total, Math.max(fromRow, Math.floor((viewTop + viewHeight) / ROW_HEIGHT)));

  return (
    <div className={cls.frame}>
      <div className={cls.progressSlot}>
        {loading && <ProgressLine testId="grid-loading" label={t('app.loading')} />}
      </div>
      {pages.error && (
        <PlainAlert
          severity="error"
          testId="grid-error"
          className="p-grid-error"
          action={
            // A refused link stays refused: the message says which link to open instead.
            pages.error.reason?.key === 'host-link-stale' ? undefined : (
              <button type="button" className="p-button p-button-small p-button-inherit" onClick={pages.retry}>
                {t('grid.retry')}
              </button>
            )
          }
        >
          {t('grid.loadFailed')}: {errorText(t, pages.error)}
        </PlainAlert>
      )}
      <SearchNotice note={pages.search} />
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
        style={COLUMNS_STYLE}
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
              <PlaceholderRow key={item.key} index={item.index} top={item.start} label={labels.loadingRow} />
            );
          })}
        </div>
      </div>
      {total > 0 && (
        <div
          className={cls.position}
          data-testid="grid-position"
          data-from={fromRow}
          data-to={toRow}
          data-total={total}
          data-selected={selectedIndex >= 0 ? selectedIndex + 1 : undefined}
        >
          {t('grid.position', {
            from: formatInteger(fromRow, locale),
            to: formatInteger(toRow, locale),
            total: formatInteger(total, locale),
          })}
          {selectedIndex >= 0 && ` · ${t('grid.positionSelected', { row: formatInteger(selectedIndex + 1, locale) })}`}
        </div>
      )}
      {empty && (
        <div data-testid="grid-empty" role="status" className={cls.empty}>
          <p className="ticket-grid-empty-title">{t('grid.empty')}</p>
          <p className="ticket-grid-empty-hint">{t('grid.emptyHint')}</p>
          {onResetFilters && (
            <button type="button" className="p-button p-button-small" onClick={onResetFilters}>
              {t('filters.reset')}
            </button>
          )}
        </div>
      )}
    </div>
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
              <span className="p-sort-label" title={t(`columns.${c.id}`)}>
                {t(`columns.${c.id}`)}
              </span>
            ) : (
              <SortButton
                column={c.sort}
                label={t(`columns.${c.id}`)}
                active={active}
                dir={active ? sort.dir : defaultDir(c.sort)}
                onSort={onSort}
                testId={`sort-${c.id}`}
              />
            )}
          </div>
        );
      })}
    </div>
  );
});

/** An arrow pointing down on a 24-unit grid. */
const ARROW = 'M11 4h2v12l5-5 1.4 1.4-7.4 7.4-7.4-7.4L6 11l5 5z';

/** A sortable column's header: its name and an arrow that points the way the rows run (down: descending). */
function SortButton({
  column,
  label,
  active,
  dir,
  onSort,
  testId,
}: Readonly<{
  column: SortColumn;
  label: string;
  active: boolean;
  dir: 'asc' | 'desc';
  onSort: (column: SortColumn) => void;
  testId: string;
}>) {
  return (
    <button
      type="button"
      className="p-sort"
      data-testid={testId}
      data-active={active ? 'true' : 'false'}
      data-dir={dir}
      title={label}
      onClick={() => onSort(column)}
    >
      <span className="p-sort-label">{label}</span>
      <svg className="p-sort-arrow" viewBox="0 0 24 24" aria-hidden focusable="false">
        <path d={ARROW} />
      </svg>
    </button>
  );
}
