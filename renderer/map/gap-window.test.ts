import { describe, expect, it } from 'vitest';
import { gapWindow } from './gap-window';

const H = 3_600_000;
/** 2 December 2026, 10:00 local time. */
const DAY = new Date(2026, 11, 2, 10, 0).getTime();

describe('the gap filler’s window', () => {
  it('is the two times on the chosen day when the end comes after the start', () => {
    expect(gapWindow(DAY, '09:00', '12:30')).toEqual({
      windowStart: new Date(2026, 11, 2, 9, 0).getTime(),
      windowEnd: new Date(2026, 11, 2, 12, 30).getTime(),
    });
  });

  it('ends on the next day when the end is at or before the start: an evening window across midnight', () => {
    const evening = gapWindow(DAY, '21:10', '00:10');
    expect(evening.windowStart).toBe(new Date(2026, 11, 2, 21, 10).getTime());
    expect(evening.windowEnd).toBe(new Date(2026, 11, 3, 0, 10).getTime());
    expect(evening.windowEnd - evening.windowStart).toBe(3 * H);
    expect(gapWindow(DAY, '08:00', '08:00').windowEnd).toBe(new Date(2026, 11, 3, 8, 0).getTime());
  });
});
