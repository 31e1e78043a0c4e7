import { describe, expect, it } from 'vitest';
import type { RowOf } from '../entities.js';
import { PLANNER_VISIT_FIELDS } from '../test-support/visit-fields.js';
import {
  distanceKm,
  durationMinutes,
  minutesOn,
  overlappingVisits,
  travelMinutes,
  visitWarnings,
  withinWorkingHours,
} from './rules.js';
import { DEFAULT_PLANNING_SETTINGS } from './tables.js';
import { localDatesOf, localParts, zonedInstant } from './zone.js';

const MINSK = 'Europe/Minsk';
const H = 3_600_000;
/** Monday 2 November 2026, 00:00 in Minsk (UTC+3). */
const MON = Date.UTC(2026, 10, 1, 21, 0);
const WEEKDAYS_9_18 = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, startMinute: 540, endMinute: 1080 }));

function visit(id: string, startAt: number, endAt: number, over: Partial<RowOf<'visits'>> = {}): RowOf<'visits'> {
  return {
    id,
    ticketId: id,
    engineerId: 'e',
    startAt,
    endAt,
    state: 'planned',
    place: null,
    ...PLANNER_VISIT_FIELDS,
    ...over,
  };
}

describe('zones', () => {
  it('reads Minsk wall-clock time and finds the instant of a Minsk wall-clock time', () => {
    expect(localParts(MON + 9 * H, MINSK)).toMatchObject({ year: 2026, month: 11, day: 2, weekday: 1, minute: 540 });
    expect(zonedInstant(2026, 11, 2, 540, MINSK)).toBe(MON + 9 * H);
    expect(zonedInstant(2026, 11, 2, 540, 'Asia/Vladivostok')).toBe(Date.UTC(2026, 10, 1, 23, 0));
  });

  it('a day across a spring-forward change is 23 hours of elapsed time, and minutes past 1440 are the next day', () => {
    // Berlin moves from +1 to +2 at 02:00 on 29 March 2026.
    const start = zonedInstant(2026, 3, 29, 0, 'Europe/Berlin');
    const end = zonedInstant(2026, 3, 29, 1440, 'Europe/Berlin');
    expect(durationMinutes(start, end)).toBe(23 * 60);
    expect(zonedInstant(2026, 3, 28, 1440 + 60, 'Europe/Berlin')).toBe(zonedInstant(2026, 3, 29, 60, 'Europe/Berlin'));
  });

  it('an interval across midnight touches both local dates, in the zone it is read in', () => {
    const start = MON + 22 * H;
    expect(localDatesOf(start, start + 4 * H, MINSK)).toEqual(['2026-11-02', '2026-11-03']);
    // The same four hours are one date in Vladivostok (UTC+10): 05:00 to 09:00 on the 3rd.
    expect(localDatesOf(start, start + 4 * H, 'Asia/Vladivostok')).toEqual(['2026-11-03']);
    expect(minutesOn('2026-11-02', start, start + 4 * H, MINSK)).toBe(120);
    expect(minutesOn('2026-11-03', start, start + 4 * H, MINSK)).toBe(120);
  });
});

describe('conflict rules', () => {
  it('a visit overlaps one that is not done or cancelled, touching ends do not overlap, and the moved visit is not its own clash', () => {
    const visits = [
      visit('a', MON + 9 * H, MON + 11 * H),
      visit('b', MON + 12 * H, MON + 13 * H, { state: 'done' }),
      visit('c', MON + 14 * H, MON + 15 * H, { state: 'cancelled' }),
    ];
    expect(overlappingVisits(visits, MON + 10 * H, MON + 12 * H, null).map((v) => v.id)).toEqual(['a']);
    expect(overlappingVisits(visits, MON + 11 * H, MON + 16 * H, null)).toEqual([]);
    expect(overlappingVisits(visits, MON + 8 * H, MON + 9 * H, null)).toEqual([]);
    expect(overlappingVisits(visits, MON + 9 * H, MON + 10 * H, 'a')).toEqual([]);
  });

  it('working hours are read on the engineer’s wall clock: 09–18 in Minsk is 09–18 in Minsk, not in UTC', () => {
    expect(withinWorkingHours(WEEKDAYS_9_18, MON + 9 * H, MON + 18 * H, MINSK)).toBe(true);
    expect(withinWorkingHours(WEEKDAYS_9_18, MON + 17 * H, MON + 19 * H, MINSK)).toBe(false);
    expect(withinWorkingHours(WEEKDAYS_9_18, MON + 5 * 24 * H + 10 * H, MON + 5 * 24 * H + 11 * H, MINSK)).toBe(false);
    // The same instants in Yekaterinburg (UTC+5) are 11:00–20:00: past the end of the day there.
    expect(withinWorkingHours(WEEKDAYS_9_18, MON + 9 * H, MON + 18 * H, 'Asia/Yekaterinburg')).toBe(false);
  });

  it('a night shift 22:00–06:00 covers a visit across midnight, and adjacent shifts join', () => {
    const nights = [{ weekday: 1, startMinute: 1320, endMinute: 1800 }];
    expect(withinWorkingHours(nights, MON + 23 * H, MON + 29 * H, MINSK)).toBe(true);
    expect(withinWorkingHours(nights, MON + 23 * H, MON + 31 * H, MINSK)).toBe(false);
    const split = [
      { weekday: 1, startMinute: 480, endMinute: 720 },
      { weekday: 1, startMinute: 720, endMinute: 1020 },
    ];
    expect(withinWorkingHours(split, MON + 11 * H, MON + 13 * H, MINSK)).toBe(true);
  });

  it('travel: Minsk to Barysaŭ (about 71 km, 92 by road) at 50 km/h needs 111 minutes; an hour’s gap is flagged, two hours are not', () => {
    const km = distanceKm(53_902_284, 27_561_831, 54_226_000, 28_492_000);
    expect(km).toBeGreaterThan(65);
    expect(km).toBeLessThan(75);
    const need = travelMinutes(km, DEFAULT_PLANNING_SETTINGS);
    expect(need).toBe(111);
    expect(travelMinutes(km, { averageSpeedKmh: 50, roadFactorPercent: 100 })).toBe(85);
    const minsk = { placeLatE6: 53_902_284, placeLonE6: 27_561_831 };
    const barysau = { placeLatE6: 54_226_000, placeLonE6: 28_492_000 };
    const before = visit('a', MON + 9 * H, MON + 10 * H, minsk);
    const context = {
      settings: DEFAULT_PLANNING_SETTINGS,
      zone: MINSK,
      week: WEEKDAYS_9_18,
      holidays: [],
      visits: [before],
    };
    expect(visitWarnings({ id: 'b', startAt: MON + 11 * H, endAt: MON + 12 * H, ...barysau }, context)).toEqual([
      { kind: 'travel', fromVisitId: 'a', needMinutes: need, gapMinutes: 60 },
    ]);
    expect(visitWarnings({ id: 'b', startAt: MON + 12 * H, endAt: MON + 13 * H, ...barysau }, context)).toEqual([]);
    // Without coordinates there is nothing to guess from.
    expect(
      visitWarnings(
        { id: 'b', startAt: MON + 11 * H, endAt: MON + 12 * H, placeLatE6: null, placeLonE6: null },
        context,
      ),
    ).toEqual([]);
  });

  it('outside hours and a company holiday are warnings, each named', () => {
    const context = {
      settings: DEFAULT_PLANNING_SETTINGS,
      zone: MINSK,
      week: WEEKDAYS_9_18,
      holidays: [{ id: 'h', day: '2026-11-07', name: 'День Октябрьской революции' }],
      visits: [],
    };
    const saturday = MON + 5 * 24 * H;
    expect(
      visitWarnings(
        { id: 'x', startAt: saturday + 10 * H, endAt: saturday + 11 * H, placeLatE6: null, placeLonE6: null },
        context,
      ),
    ).toEqual([{ kind: 'outside-hours' }, { kind: 'holiday', name: 'День Октябрьской революции' }]);
  });
});
