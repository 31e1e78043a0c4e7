import { describe, expect, it } from 'vitest';
import { dayLoad, routeOf } from './route.js';

const H = 3_600_000;
const M = 60_000;
/** Monday 2 November 2026, 00:00 in Minsk. */
const MON = Date.UTC(2026, 10, 1, 21, 0);
const MINSK = { latE6: 53_902_300, lonE6: 27_561_800 };
const BARYSAU = { latE6: 54_226_400, lonE6: 28_492_200 };
/** 50 km/h on roads as long as the straight line. */
const STRAIGHT = { averageSpeedKmh: 50, roadFactorPercent: 100 };

describe('route order and the day’s load', () => {
  it('stops come in time order whatever order they are given in, each with the straight-line drive from the one before', () => {
    const visits = [
      { id: 'c', startAt: MON + 15 * H, endAt: MON + 16 * H, ...MINSK },
      { id: 'a', startAt: MON + 9 * H, endAt: MON + 10 * H, ...MINSK },
      { id: 'b', startAt: MON + 11 * H, endAt: MON + 13 * H, ...BARYSAU },
    ];
    const route = routeOf(visits, STRAIGHT);
    expect(route.map((s) => s.visit.id)).toEqual(['a', 'b', 'c']);
    expect(route[0]!.leg).toBeNull();
    // Minsk to Barysaŭ is 70.6 km in a straight line: 85 minutes at 50 km/h (rounded up), with an hour's gap.
    expect(route[1]!.leg).toEqual({ km: 70.6, minutes: 85, gapMinutes: 60 });
    expect(route[2]!.leg).toMatchObject({ km: 70.6, minutes: 85, gapMinutes: 120 });
    // Roads 1.3 times the straight line: 91.8 km, 111 minutes; the distance shown is still the straight line.
    const byRoad = routeOf(visits, { averageSpeedKmh: 50, roadFactorPercent: 130 });
    expect(byRoad[1]!.leg).toEqual({ km: 70.6, minutes: 111, gapMinutes: 60 });
  });

  it('a place without coordinates gives no drive rather than a guess', () => {
    const route = routeOf(
      [
        { id: 'a', startAt: MON + 9 * H, endAt: MON + 10 * H, ...MINSK },
        { id: 'b', startAt: MON + 11 * H, endAt: MON + 12 * H, latE6: null, lonE6: null },
      ],
      STRAIGHT,
    );
    expect(route[1]!.leg).toBeNull();
  });

  it('the load counts visits and driving inside the day against the shifts in it, clipping a visit across midnight', () => {
    const dayStart = MON;
    const dayEnd = MON + 24 * H;
    const route = routeOf(
      [
        { id: 'a', startAt: MON + 9 * H, endAt: MON + 11 * H, ...MINSK },
        { id: 'b', startAt: MON + 13 * H, endAt: MON + 14 * H + 30 * M, ...BARYSAU },
        // 23:00 to 01:00: one hour of it is this day's.
        { id: 'c', startAt: MON + 23 * H, endAt: MON + 25 * H, ...BARYSAU },
      ],
      STRAIGHT,
    );
    const load = dayLoad(route, [[MON + 9 * H, MON + 18 * H]], dayStart, dayEnd);
    expect(load).toEqual({ visitMinutes: 120 + 90 + 60, travelMinutes: 85, workingMinutes: 9 * 60 });
  });

  it('an empty day has no load, and a night shift counts only its hours inside the day', () => {
    expect(dayLoad([], [[MON - 2 * H, MON + 6 * H]], MON, MON + 24 * H)).toEqual({
      visitMinutes: 0,
      travelMinutes: 0,
      workingMinutes: 6 * 60,
    });
  });
});
