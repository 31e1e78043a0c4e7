import { shows } from '../ui/useApiQuery';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { OutputOf, PultApi, TicketGridRow } from '../../core/contract';
import type { PultErrorData, Result } from '../../core/result';
import {
  indexInSnapshot,
  PAGE_SIZE,
  PageCache,
  pageOf,
  pagesInRange,
  rowFromSnapshot,
  type PageSnapshot,
} from './page-cache';
import { queryKey, type GridQuery } from './grid-query';
import { takeWarmAnswer } from '../app/warm-start';

export type PageState = 'fresh' | 'stale' | 'missing';

/** What the query said about the search text (see `tickets:query`): shown above the grid. */
export type SearchNote = Readonly<
  Pick<OutputOf<'tickets:query'>, 'searchIgnored' | 'searchTruncated' | 'searchPhoneEnding'>
>;

const sameNote = (a: SearchNote, b: SearchNote) =>
  a.searchIgnored === b.searchIgnored &&
  a.searchTruncated === b.searchTruncated &&
  a.searchPhoneEnding === b.searchPhoneEnding;

export type TicketPages = Readonly<{
  /** The query these pages answer. */
  key: string;
  /** Rows in the result (of the last answered query while a new one loads); null before any answer. */
  total: number | null;
  rowAt(index: number): TicketGridRow | undefined;
  pageState(index: number): PageState;
  /** The grid shows rows `start..end`: fetch the pages that hold them unless cached and fresh. */
  ensureRange(start: number, end: number): void;
  error: PultErrorData | null;
  retry(): void;
  /** Index of a loaded row with this id, or -1. */
  indexOf(id: string): number;
  /**
   * Asks for the first page of a query the grid is about to show (a header was clicked), so that the answer is
   * on its way while React renders the click; the grid's own request for that page then takes this one.
   */
  prefetch(query: GridQuery): void;
  /** The current query's answer about its search text; null until it answers. */
  search: SearchNote | null;
}>;

function primeFirstPage(api: PultApi, query: GridQuery, key: string): PageCache<TicketGridRow> | null {
  const answer = takeWarmAnswer(api, 'tickets:query', { ...query, offset: 0, limit: PAGE_SIZE });
  if (!answer) return null;
  const cache = new PageCache<TicketGridRow>();
  cache.put(cache.reset(key), 0, answer.rows, answer.total);
  return cache;
}

type QueryAnswer = Promise<Result<OutputOf<'tickets:query'>>>;
type Prefetched = Readonly<{ key: string; answer: QueryAnswer }>;

/**
 * Paged access to `tickets:query` for a virtualised grid: pages of 100 fetched on demand, cached, refetched when
 * the workstation reports a change. The whole result is never loaded: 100k tickets must stay cheap.
 */
export function useTicketPages(api: PultApi, query: GridQuery): TicketPages {
  const key = queryKey(query);
  // The first page the window's warm start already holds: drawn in the first render, not asked for again.
  const [primed] = useState(() => primeFirstPage(api, query, key));
  const cacheRef = useRef<PageCache<TicketGridRow> | null>(primed);
  const inflight = useRef(new Set<string>());
  const range = useRef<readonly [number, number]>([0, 50]);
  const prefetched = useRef<Prefetched | null>(null);
  const [snapshot, setSnapshot] = useState<PageSnapshot<TicketGridRow>>(() =>
    (primed ?? new PageCache<TicketGridRow>()).snapshot(),
  );
  const [error, setError] = useState<Readonly<{ key: string; error: PultErrorData }> | null>(null);
  const [note, setNote] = useState<Readonly<{ key: string; note: SearchNote }> | null>(null);

  // Reads and writes the cache only from effects and callbacks; renders read `snapshot`.
  const fetchMissing = useCallback(() => {
    const run = (): void => {
      cacheRef.current ??= new PageCache<TicketGridRow>();
      const c = cacheRef.current;
      if (c.key !== key) {
        c.reset(key);
        inflight.current.clear();
      }
      // Only the query being shown may take the prefetched answer, and only for its first page.
      const early = prefetched.current?.key === key ? prefetched.current.answer : null;
      if (early) prefetched.current = null;
      const [start, end] = range.current;
      const pages = pagesInRange(start, end, c.currentTotal, c.pageSize);
      c.touch(pages);
      for (const page of pages) {
        if (!c.needs(page)) continue;
        const generation = c.generation;
        const token = `${generation}:${page}`;
        if (inflight.current.has(token)) continue;
        inflight.current.add(token);
        const input = { ...query, offset: page * c.pageSize, limit: c.pageSize };
        const answer = page === 0 && early && c.pageSize === PAGE_SIZE ? early : api.call('tickets:query', input);
        answer.then(
          (result) => {
            inflight.current.delete(token);
            if (result.ok) {
              if (c.put(generation, page, result.value.rows, result.value.total)) {
                setError(null);
                const { searchIgnored, searchTruncated, searchPhoneEnding } = result.value;
                const answered: SearchNote = { searchIgnored, searchTruncated, searchPhoneEnding };
                // Every page repeats the note: a render only when it changes.
                setNote((prev) =>
                  prev?.key === key && sameNote(prev.note, answered) ? prev : { key, note: answered },
                );
                setSnapshot(c.snapshot());
                // A larger total than the previous answer may have widened the visible range.
                run();
              }
            } else if (generation === c.generation) {
              setError({ key, error: result.error });
            }
          },
          (e: unknown) => {
            inflight.current.delete(token);
            // The bridge turns failures into Results; a rejection means the transport itself broke.
            setError({ key, error: { code: 'internal', message: e instanceof Error ? e.message : String(e) } });
          },
        );
      }
    };
    run();
  }, [api, key, query]);

  const invalidateAndRefetch = useCallback(() => {
    // An answer asked for before the change may not hold it.
    prefetched.current = null;
    const c = cacheRef.current;
    if (!c) return;
    const [start, end] = range.current;
    c.invalidate(pagesInRange(start, end, c.currentTotal, c.pageSize));
    setSnapshot(c.snapshot());
    fetchMissing();
  }, [fetchMissing]);

  useEffect(
    () =>
      api.subscribe((event) => {
        if (shows('tickets:query', event)) invalidateAndRefetch();
      }),
    [api, invalidateAndRefetch],
  );

  const ensureRange = useCallback(
    (start: number, end: number) => {
      range.current = [start, end];
      fetchMissing();
    },
    [fetchMissing],
  );

  const retry = useCallback(() => {
    setError(null);
    invalidateAndRefetch();
  }, [invalidateAndRefetch]);

  const prefetch = useCallback(
    (next: GridQuery) => {
      const nextKey = queryKey(next);
      if (nextKey === key) return;
      const answer = api.call('tickets:query', { ...next, offset: 0, limit: PAGE_SIZE });
      // Handled where it is taken; one that is never taken must not surface as an unhandled rejection.
      answer.catch(() => undefined);
      prefetched.current = { key: nextKey, answer };
    },
    [api, key],
  );

  const current = snapshot.key === key;
  const rowAt = useCallback((index: number) => rowFromSnapshot(snapshot, index), [snapshot]);
  const pageState = useCallback(
    (index: number): PageState => {
      const entry = snapshot.pages.get(pageOf(index, snapshot.pageSize));
      if (!entry) return 'missing';
      return entry.fresh && current ? 'fresh' : 'stale';
    },
    [snapshot, current],
  );
  const indexOf = useCallback((id: string) => indexInSnapshot(snapshot, id), [snapshot]);

  const visibleError = error?.key === key ? error.error : null;
  // The previous query's rows may stand in while the current one loads, never under its error.
  const total = current || visibleError === null ? snapshot.total : null;
  const search = note?.key === key ? note.note : null;
  // One object per snapshot, so that effects depending on it run when the pages change, not on every render.
  return useMemo(
    () => ({
      key,
      total,
      rowAt,
      pageState,
      ensureRange,
      error: visibleError,
      retry,
      indexOf,
      prefetch,
      search,
    }),
    [key, total, rowAt, pageState, ensureRange, visibleError, retry, indexOf, prefetch, search],
  );
}
