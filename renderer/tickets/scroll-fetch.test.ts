import { describe, expect, it } from 'vitest';
import { scrollAskDelay, SCROLL_ASK_GAP_MS } from './scroll-fetch';

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
