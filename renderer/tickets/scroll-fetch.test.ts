import { describe, expect, it } from 'vitest';
import { rowsOnScreen, scrollAskDelay, ScrollAsks, SCROLL_ASK_GAP_MS } from './scroll-fetch';

describe('scrollAskDelay', () => {
  it('asks at once for a jump: the first scroll after a quiet spell does not wait for a timer', () => {
    expect(scrollAskDelay(10_000, 1_000, true)).toBe(0);
    expect(scrollAskDelay(10_000, null, true)).toBe(0);
  });

  it('asks at once when the list is at rest, however recent the last request', () => {
    expect(scrollAskDelay(10_000, 9_999, false)).toBe(0);
  });

  it('while a drag goes on, waits out the rest of the gap since the last request, never longer', () => {
    expect(scrollAskDelay(10_030, 10_000, true)).toBe(SCROLL_ASK_GAP_MS - 30);
    expect(scrollAskDelay(10_000 + SCROLL_ASK_GAP_MS, 10_000, true)).toBe(0);
    // A drag of one second at 60 frames a second asks at most once per gap.
    let lastAsk: number | null = null;
    let asks = 0;
    for (let t = 0; t < 1000; t += 16) {
      if (scrollAskDelay(t, lastAsk, true) === 0) {
        lastAsk = t;
        asks++;
      }
    }
    expect(asks).toBeLessThanOrEqual(Math.ceil(1000 / SCROLL_ASK_GAP_MS));
    expect(asks).toBeGreaterThan(1);
  });
});

describe('rowsOnScreen', () => {
  it('a jump to row 60,000 shows row 60,000 first and the rows that fit under the header after it', () => {
    // 40 px rows, a 36 px header, 436 px of list: 10 rows fit below the header.
    expect(rowsOnScreen(60_000 * 40, 436, 100_000, 40, 36)).toEqual([60_000, 60_009]);
  });

  it('a row cut by the bottom edge counts as shown; the rows above the top edge do not', () => {
    expect(rowsOnScreen(60_000 * 40 + 20, 436, 100_000, 40, 36)).toEqual([60_000, 60_010]);
  });

  it('never names a row past the end, nor one before the first', () => {
    expect(rowsOnScreen(0, 900, 5, 40, 36)).toEqual([0, 4]);
    expect(rowsOnScreen(10_000, 900, 5, 40, 36)).toEqual([4, 4]);
    expect(rowsOnScreen(-50, 436, 100, 40, 36)).toEqual([0, 9]);
  });

  it('names no rows for an empty list or a list with no room below its header', () => {
    expect(rowsOnScreen(0, 900, 0, 40, 36)).toBeNull();
    expect(rowsOnScreen(0, 36, 100, 40, 36)).toBeNull();
  });
});

describe('ScrollAsks', () => {
  it('a jump right after the rows of a re-sort arrived asks in its scroll event, not after a timer', () => {
    const asks = new ScrollAsks();
    // The previous jump back to the top, while the list still counts as scrolling…
    expect(asks.scrolled(1_000)).toBe(true);
    // …then a re-sort: a new query, whose rows arrive and are asked around by the render, still "scrolling".
    asks.queryChanged();
    expect(asks.delayForRender(1_030, true)).toBe(0);
    // The jump comes 10 ms later: its rows are asked for at once.
    expect(asks.scrolled(1_040)).toBe(true);
  });

  it('asks made because rows arrived never hold back the next scroll', () => {
    const asks = new ScrollAsks();
    for (let t = 0; t < 200; t += 10) expect(asks.delayForRender(t, false)).toBe(0);
    expect(asks.scrolled(201)).toBe(true);
  });

  it('a drag of one second asks at most once per gap, and its last position is asked for after the gap', () => {
    const asks = new ScrollAsks();
    let fromScroll = 0;
    let waited = 0;
    for (let t = 0; t < 1000; t += 16) {
      if (asks.scrolled(t)) fromScroll++;
      const delay = asks.delayForRender(t + 1, true);
      if (delay > 0 && t + 1 + delay < t + 16) {
        asks.askedAfterWait(t + 1 + delay);
        waited++;
      }
    }
    expect(fromScroll + waited).toBeLessThanOrEqual(Math.ceil(1000 / SCROLL_ASK_GAP_MS));
    expect(fromScroll).toBeGreaterThan(1);
    // The drag's last render waits out the gap, so the rows it rests on are asked for.
    expect(asks.delayForRender(1000, true)).toBeGreaterThan(0);
    expect(asks.delayForRender(1000, false)).toBe(0);
  });
});
