/**
 * The grid never holds the whole result: it holds a few pages of it, fetched as the user scrolls. This is the
 * bookkeeping, kept free of React and of the contract so its invariants are unit-tested:
 *  - a page answered for an older generation (the query changed, or the data changed) is never stored;
 *  - after a query change the previous query's rows stay visible until the new query's first page lands,
 *    then all of them go at once (no flash of empty rows on every keystroke in the search box);
 *  - after a data change the pages stay visible but count as stale, so they are fetched again;
 *  - at most `maxPages` pages are kept, the least recently used are dropped first.
 */
export const PAGE_SIZE = 100;

type Entry<Row> = { rows: readonly Row[]; generation: number };

/** What a render reads: an immutable picture of the cache. */
export type PageSnapshot<Row> = Readonly<{
  key: string;
  pageSize: number;
  generation: number;
  total: number | null;
  pages: ReadonlyMap<number, Readonly<{ rows: readonly Row[]; fresh: boolean }>>;
  /** The pages belong to a previous query and are shown only until the current query answers. */
  previousQuery: boolean;
}>;

export function pageOf(index: number, pageSize = PAGE_SIZE): number {
  return Math.floor(index / pageSize);
}

/** The pages that hold rows `start..end` (inclusive), within `total` when it is known. */
export function pagesInRange(start: number, end: number, total: number | null, pageSize = PAGE_SIZE): number[] {
  const last = total === null ? end : Math.min(end, total - 1);
  if (last < start || last < 0) return total === null ? [pageOf(Math.max(0, start), pageSize)] : [];
  const pages: number[] = [];
  for (let p = pageOf(Math.max(0, start), pageSize); p <= pageOf(last, pageSize); p++) pages.push(p);
  return pages;
}

export function rowFromSnapshot<Row>(snapshot: PageSnapshot<Row>, index: number): Row | undefined {
  return snapshot.pages.get(pageOf(index, snapshot.pageSize))?.rows[index % snapshot.pageSize];
}

/** Index of a cached row with this id, or -1 (rows of pages not fetched are unknown). */
export function indexInSnapshot<Row extends Readonly<{ id: string }>>(snapshot: PageSnapshot<Row>, id: string): number {
  for (const [page, entry] of snapshot.pages) {
    const i = entry.rows.findIndex((r) => r.id === id);
    if (i >= 0) return page * snapshot.pageSize + i;
  }
  return -1;
}

export class PageCache<Row> {
  readonly pageSize: number;
  readonly maxPages: number;
  #pages = new Map<number, Entry<Row>>();
  #generation = 0;
  #key = '';
  #total: number | null = null;
  #previousQuery = false;

  constructor(pageSize = PAGE_SIZE, maxPages = 30) {
    this.pageSize = pageSize;
    this.maxPages = maxPages;
  }

  get generation(): number {
    return this.#generation;
  }

  get key(): string {
    return this.#key;
  }

  get total(): number | null {
    return this.#total;
  }

  /** The current query's total; null while only a previous query's answer is held (its total says nothing). */
  get currentTotal(): number | null {
    return this.#previousQuery ? null : this.#total;
  }

  /** A new query (view, filter or sort): nothing cached answers it any more. Returns the new generation. */
  reset(key: string): number {
    this.#key = key;
    this.#generation++;
    this.#previousQuery = this.#pages.size > 0;
    if (!this.#previousQuery) this.#total = null;
    return this.#generation;
  }

  /**
   * The data changed under the same query: every page is stale. Pages outside `keep` (what is on screen) are
   * dropped now; those on screen stay visible until their fresh copy arrives.
   */
  invalidate(keep: readonly number[]): number {
    this.#generation++;
    for (const page of [...this.#pages.keys()]) if (!keep.includes(page)) this.#pages.delete(page);
    return this.#generation;
  }

  /** True when the page must be fetched for the current generation. */
  needs(page: number): boolean {
    const entry = this.#pages.get(page);
    return entry === undefined || entry.generation !== this.#generation || this.#previousQuery;
  }

  /** Marks pages as recently used, so eviction takes others first. */
  touch(pages: readonly number[]): void {
    for (const page of pages) {
      const entry = this.#pages.get(page);
      if (entry) {
        this.#pages.delete(page);
        this.#pages.set(page, entry);
      }
    }
  }

  /** Stores an answer; false (and nothing changes) when it was asked for an older generation. */
  put(generation: number, page: number, rows: readonly Row[], total: number): boolean {
    if (generation !== this.#generation) return false;
    if (this.#previousQuery) {
      this.#pages.clear();
      this.#previousQuery = false;
    }
    this.#total = total;
    this.#pages.delete(page);
    this.#pages.set(page, { rows, generation });
    // Rows past the new end belong to a result that has shrunk since they were fetched.
    for (const p of [...this.#pages.keys()]) if (p * this.pageSize >= total && p !== 0) this.#pages.delete(p);
    while (this.#pages.size > this.maxPages) {
      const oldest = this.#pages.keys().next().value;
      if (oldest === undefined || oldest === page) break;
      this.#pages.delete(oldest);
    }
    return true;
  }

  row(index: number): Row | undefined {
    return this.#pages.get(pageOf(index, this.pageSize))?.rows[index % this.pageSize];
  }

  snapshot(): PageSnapshot<Row> {
    const pages = new Map<number, { rows: readonly Row[]; fresh: boolean }>();
    for (const [page, entry] of this.#pages)
      pages.set(page, { rows: entry.rows, fresh: entry.generation === this.#generation && !this.#previousQuery });
    return {
      key: this.#key,
      pageSize: this.pageSize,
      generation: this.#generation,
      total: this.#total,
      pages,
      previousQuery: this.#previousQuery,
    };
  }
}
