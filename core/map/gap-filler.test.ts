import { describe, expect, it } from 'vitest';
import { fillGap, GapTicketIndex, nearestEngineers, type GapAnswer, type GapTicket } from './gap-filler.js';
import { SeededStream } from './seeded.js';
import { StraightLineEstimator, type Point } from './travel-time.js';

const MINSK: Point = { lat: 53.9023, lon: 27.5618 };
const H = 3_600_000;
const T = Date.UTC(2026, 11, 2, 8, 0);
/** A point `north` km north and `east` km east of Minsk (small offsets: flat enough for a test). */
const off = (north: number, east: number): Point => ({
  lat: MINSK.lat + north / 111.195,
  lon: MINSK.lon + east / (111.195 * Math.cos((MINSK.lat * Math.PI) / 180)),
});
const ticket = (id: string, at: Point, rest: Partial<GapTicket> = {}): GapTicket => ({
  ticketId: id,
  objectId: `v-${id}`,
  ...at,
  priority: 'normal',
  deadlineAt: null,
  durationMinutes: 60,
  ...rest,
});

/**
 * The engineer is in Minsk with three free hours; at 1.3 × straight line and 60 km/h a km costs 1.3 minutes.
 * The right answer is worked out by hand in the test names.
 */
const SCENARIO: readonly GapTicket[] = [
  ticket('A', off(10, 0)), // 13 min away, normal, no deadline
  ticket('B', off(-8, 0), { priority: 'critical', durationMinutes: 90 }), // 10.4 min, critical
  ticket('C', off(0, 5), { deadlineAt: T + H }), // 6.5 min, normal, due in an hour
  ticket('D', off(0, -40), { priority: 'high' }), // 52 min: a later band
  ticket('E', off(100, 0), { priority: 'critical' }), // 130 min + 60 of work: does not fit in 180
  ticket('F', off(15, 0), { durationMinutes: 200 }), // the work alone is longer than the window
  ticket('G', off(2, 0), { priority: 'low', durationMinutes: 30 }), // 2.6 min, low
];

describe('gap filler', () => {
  const estimator = new StraightLineEstimator({ roadFactor: 1.3, averageSpeedKmh: 60 });
  const index = new GapTicketIndex(SCENARIO);
  const ids = (answer: GapAnswer) => answer.fits.map((f) => f.ticket.ticketId);

  it('lists only what can be reached and done in the window, nearest band first, then priority, deadline, duration', () => {
    const fits = fillGap(index, { from: MINSK, windowStart: T, windowEnd: T + 3 * H, now: T }, estimator);
    expect(ids(fits)).toEqual(['B', 'C', 'A', 'G', 'D']);
    const d = fits.fits.find((f) => f.ticket.ticketId === 'D')!;
    expect(d.travelMinutes).toBeCloseTo(52, 0);
    expect(d.doneAt - d.arriveAt).toBe(60 * 60_000);
  });

  it('counts the drive on to the next visit: a ticket off the way is left out', () => {
    const fits = fillGap(
      index,
      { from: MINSK, windowStart: T, windowEnd: T + 3 * H, now: T, nextStop: off(-60, 0) },
      estimator,
    );
    expect(ids(fits)).toEqual(['B', 'C', 'A', 'G']);
  });

  it('the engineer leaves no earlier than now: two hours into the window only the short near job fits', () => {
    const fits = fillGap(index, { from: MINSK, windowStart: T, windowEnd: T + 3 * H, now: T + 2 * H }, estimator);
    expect(ids(fits)).toEqual(['G']);
    expect(fillGap(index, { from: MINSK, windowStart: T, windowEnd: T + H, now: T + 2 * H }, estimator).fits).toEqual(
      [],
    );
  });

  it('refuses a window that ends before it starts', () => {
    expect(() => fillGap(index, { from: MINSK, windowStart: T, windowEnd: T, now: T }, estimator)).toThrow(/window/);
  });

  it('the grid prefilter never loses a ticket that the exact check would keep (20,000 seeded tickets)', () => {
    const rng = new SeededStream(42);
    const tickets = Array.from({ length: 20_000 }, (_, i) =>
      ticket(String(i), off(rng.between(-300, 300), rng.between(-400, 400)), {
        priority: rng.pick(['low', 'normal', 'high', 'critical'] as const),
        durationMinutes: Math.round(rng.between(30, 240)),
        deadlineAt: rng.next() < 0.5 ? null : T + Math.round(rng.between(0, 48)) * H,
      }),
    );
    const big = new GapTicketIndex(tickets);
    for (const [hours, from] of [
      [2, MINSK],
      [5, off(120, -80)],
      [9, off(-250, 300)],
    ] as const) {
      const query = { from, windowStart: T, windowEnd: T + hours * H, now: T };
      const expected = tickets
        .filter((t) => estimator.minutes(from, t) + t.durationMinutes <= hours * 60)
        .map((t) => t.ticketId)
        .sort();
      const got = fillGap(big, { ...query, limit: 100_000 }, estimator);
      expect(ids(got).slice().sort()).toEqual(expected);
      expect(got.reachable).toBe(expected.length);
      // The top of a limited answer is the top of the full ranking.
      expect(ids(fillGap(big, { ...query, limit: 25 }, estimator))).toEqual(ids(got).slice(0, 25));
      expect(expected.length).toBeGreaterThan(0);
    }
  });

  it('nearest engineers are ordered by travel time to the vehicle', () => {
    const engineers = [
      { engineerId: 'far', ...off(80, 0), at: T },
      { engineerId: 'near', ...off(3, 3), at: T },
      { engineerId: 'mid', ...off(-20, 0), at: T },
    ];
    const nearest = nearestEngineers(MINSK, engineers, estimator, 2);
    expect(nearest.map((n) => n.engineer.engineerId)).toEqual(['near', 'mid']);
    expect(nearest[1]!.travelMinutes).toBeCloseTo(26, 0);
  });
});
