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
