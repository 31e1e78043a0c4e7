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
