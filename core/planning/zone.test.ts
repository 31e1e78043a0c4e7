import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localDate, localDateLookup } from './zone.js';

const H = 3_600_000;

describe('local dates by look-up', () => {
  it('the look-up answers the same local date as Intl for any instant, across offset changes and outside its range', () => {
    // Berlin and Chatham change their offsets (Chatham by 45 minutes off the hour); Minsk does not.
    for (const zone of ['Europe/Minsk', 'Europe/Berlin', 'Pacific/Chatham', 'America/St_Johns']) {
      const from = Date.UTC(2026, 2, 20);
      const to = from + 15 * 24 * H;
      const dateOf = localDateLookup(from, to, zone);
      fc.assert(
        fc.property(fc.integer({ min: from - 5 * 24 * H, max: to + 5 * 24 * H }), (at) => {
          expect(dateOf(at)).toBe(localDate(at, zone));
        }),
        { numRuns: 2000 },
      );
    }
  });

  it('an instant at a local midnight is on the new day, a millisecond before is on the old one', () => {
    const dateOf = localDateLookup(Date.UTC(2026, 10, 1), Date.UTC(2026, 10, 8), 'Europe/Minsk');
    const midnight = Date.UTC(2026, 10, 2, 21, 0);
    expect(dateOf(midnight)).toBe('2026-11-03');
    expect(dateOf(midnight - 1)).toBe('2026-11-02');
  });
});
