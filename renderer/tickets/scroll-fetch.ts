/** The least time between two requests for the rows on screen while the list is scrolling (ms). */
export const SCROLL_ASK_GAP_MS = 80;

/**
 * How long to wait before asking for the rows on screen. At once when the list is at rest, and at once on the
 * first move of a scroll (a jump to row 60,000 is one move: its rows must not wait for a timer); while a drag
 * goes on, at most once per `gap`, so the pages a scrollbar passes are not all fetched, while the rows it
 * comes to rest on always are (the list is then at rest).
 */
export function scrollAskDelay(
  now: number,
  lastAsk: number | null,
  scrolling: boolean,
  gap = SCROLL_ASK_GAP_MS,
): number {
  if (!scrolling || lastAsk === null) return 0;
  return Math.max(0, lastAsk + gap - now);
}

/**
 * The rows a list scrolled to `scrollTop` shows (first and last index, inclusive) under its sticky header, with
 * every row `rowHeight` high; null when it shows none. Worked out from the scroll position alone, so the rows can
 * be asked for in the scroll event itself, before the list has rendered its placeholders for them.
 */
export function rowsOnScreen(
  scrollTop: number,
  viewportHeight: number,
  total: number,
  rowHeight: number,
  headerHeight: number,
): readonly [number, number] | null {
  if (total <= 0 || viewportHeight <= headerHeight) return null;
  // An elastic overscroll reports a negative position; the list still shows its first rows.
  const top = Math.max(0, scrollTop);
  const first = Math.min(total - 1, Math.floor(top / rowHeight));
  const last = Math.min(total - 1, Math.floor((top + viewportHeight - headerHeight - 1) / rowHeight));
  return [first, Math.max(first, last)];
}

/**
 * When the grid asks for the rows on screen during a scroll. Only asks a scroll made count towards the gap: an
 * ask made because rows arrived or the query changed is no part of a drag, so a jump that follows it (a re-sort,
 * then a jump to row 60,000) asks at once instead of after a timer and a render of placeholders. A new query is
 * a new list: a drag over the previous one does not hold back the first scroll over it.
 */
export class ScrollAsks {
  #lastScrollAsk: number | null = null;
  readonly #gap: number;

  constructor(gap = SCROLL_ASK_GAP_MS) {
    this.#gap = gap;
  }

  /** A scroll event: true when it asks now (then it counts as the drag's last ask). */
  scrolled(now: number): boolean {
    if (scrollAskDelay(now, this.#lastScrollAsk, true, this.#gap) > 0) return false;
    this.#lastScrollAsk = now;
    return true;
  }

  /** A render's ask: how long to wait; one made while scrolling counts towards the gap when it is made. */
  delayForRender(now: number, scrolling: boolean): number {
    return scrollAskDelay(now, this.#lastScrollAsk, scrolling, this.#gap);
  }

  /** The render's ask was made after waiting out the gap: it is part of the drag. */
  askedAfterWait(now: number): void {
    this.#lastScrollAsk = now;
  }

  queryChanged(): void {
    this.#lastScrollAsk = null;
  }
}
