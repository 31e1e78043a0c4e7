import type { RowOf } from '../entities.js';
import { localDate, localDatesOf, zonedInstant } from './zone.js';

/**
 * The planner's rules, as pure functions over rows: the mutators refuse with them (desk and server alike),
 * and the board draws the warnings with them. Which rule refuses and which only warns:
 *
 * - refused: two active visits of one engineer overlapping (an engineer is in one place at a time), and a
 *   visit during the engineer's time off (they are not there to go);
 * - warned: outside the engineer's working hours and on a public holiday (overtime and weekend jobs happen,
 *   by agreement, so the planner decides), and too little time to drive from the previous visit (the
 *   straight-line distance is a rough guess; the planner knows the roads).
 */

type Visit = RowOf<'visits'>;
type WorkingHours = RowOf<'working_hours'>;
type TimeOff = RowOf<'time_off'>;
type Holiday = RowOf<'holidays'>;
type Settings = RowOf<'planning_settings'>;

export const MAX_VISIT_MS = 24 * 3_600_000;

export const overlaps = (aStart: number, aEnd: number, bStart: number, bEnd: number): boolean =>
  aStart < bEnd && bStart < aEnd;

/** The engineer's visits that a visit at [startAt, endAt) would overlap; `except` is the visit being moved. */
export function overlappingVisits(
  visits: readonly Visit[],
  startAt: number,
  endAt: number,
  except: string | null,
): readonly Visit[] {
  return visits.filter(
    (v) =>
      v.id !== except && v.state !== 'done' && v.state !== 'cancelled' && overlaps(v.startAt, v.endAt, startAt, endAt),
  );
}

export function timeOffDuring(timeOff: readonly TimeOff[], startAt: number, endAt: number): TimeOff | undefined {
  return timeOff.find((t) => overlaps(t.startAt, t.endAt, startAt, endAt));
}

/** ISO weekday (1 = Monday) of a local date YYYY-MM-DD. */
export function weekdayOf(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return day === 0 ? 7 : day;
}

function previousDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
}

/**
 * The engineer's week: their own rows, or the company's default hours Monday to Friday when they have none.
 */
export function weekOf(
  engineerId: string,
  rows: readonly WorkingHours[],
  settings: Settings,
): readonly Pick<WorkingHours, 'weekday' | 'startMinute' | 'endMinute'>[] {
  const own = rows.filter((r) => r.engineerId === engineerId);
  if (own.length > 0) return own;
  return [1, 2, 3, 4, 5].map((weekday) => ({
    weekday,
    startMinute: settings.defaultStartMinute,
    endMinute: settings.defaultEndMinute,
  }));
}

/** The engineer's shifts as instants, on the local dates from `from` to `to` (a shift may start the day before). */
export function shiftsBetween(
  week: readonly Pick<WorkingHours, 'weekday' | 'startMinute' | 'endMinute'>[],
  from: number,
  to: number,
  zone: string,
): readonly (readonly [number, number])[] {
  const dates = localDatesOf(from, to, zone);
  const all = [previousDate(dates[0]!), ...dates];
  const shifts: (readonly [number, number])[] = [];
  for (const date of all) {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    for (const h of week) {
      if (h.weekday !== weekdayOf(date) || h.endMinute <= h.startMinute) continue;
      shifts.push([zonedInstant(y, m, d, h.startMinute, zone), zonedInstant(y, m, d, h.endMinute, zone)]);
    }
  }
  return shifts.sort((a, b) => a[0] - b[0]);
}

/** Whether [startAt, endAt) lies wholly inside one shift of the engineer's week (their zone's wall clock). */
export function withinWorkingHours(
  week: readonly Pick<WorkingHours, 'weekday' | 'startMinute' | 'endMinute'>[],
  startAt: number,
  endAt: number,
  zone: string,
): boolean {
  return withinShifts(shiftsBetween(week, startAt, endAt, zone), startAt, endAt);
}

/** Whether [startAt, endAt) lies inside the shifts (sorted by start); adjacent shifts join. */
export function withinShifts(shifts: readonly (readonly [number, number])[], startAt: number, endAt: number): boolean {
  // Adjacent shifts (08–12 and 12–17) join: a visit across lunch is still inside the day.
  let covered = startAt;
  for (const [s, e] of shifts) {
    if (s <= covered && e > covered) covered = e;
    if (covered >= endAt) return true;
  }
  return false;
}

/** Straight-line distance in kilometres between two points in micro-degrees (haversine, mean Earth radius). */
export function distanceKm(latA: number, lonA: number, latB: number, lonB: number): number {
  const rad = (e6: number) => (e6 / 1e6) * (Math.PI / 180);
  const dLat = rad(latB - latA);
  const dLon = rad(lonB - lonA);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(latA)) * Math.cos(rad(latB)) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The company's travel settings: the average speed, and how much longer roads are than a straight line. */
export type TravelSettings = Pick<RowOf<'planning_settings'>, 'averageSpeedKmh' | 'roadFactorPercent'>;

/**
 * Minutes to drive between two points `km` apart in a straight line: the distance made longer by the road
 * factor, at the average speed, rounded up. The map's gap filler and nearest engineers estimate the same way
 * (core/map/travel-time.ts), so a visit the gap filler offers is not then flagged by the planner, or back.
 */
export function travelMinutes(km: number, travel: TravelSettings): number {
  return Math.ceil(((km * travel.roadFactorPercent) / 100 / travel.averageSpeedKmh) * 60);
}

export type PlanWarning =
  | Readonly<{ kind: 'outside-hours' }>
  | Readonly<{ kind: 'holiday'; name: string }>
  | Readonly<{ kind: 'travel'; fromVisitId: string; needMinutes: number; gapMinutes: number }>;

export type WarningContext = Readonly<{
  settings: Settings;
  /** The engineer's zone (their profile's, else the company's). */
  zone: string;
  week: readonly Pick<WorkingHours, 'weekday' | 'startMinute' | 'endMinute'>[];
  holidays: readonly Holiday[];
  /** The same engineer's visits (any range that includes the ones before this one). */
  visits: readonly Visit[];
  /** The engineer's shifts over a range that holds the visit, when the caller has them already (the board). */
  shifts?: readonly (readonly [number, number])[];
  /** Local dates in the engineer's zone and in the company's, when the caller has a faster way (the board). */
  dateOf?: (at: number) => string;
  companyDateOf?: (at: number) => string;
}>;

/** A span's local dates: its first and last are enough for one shorter than the shortest day (23 h). */
function spanDates(startAt: number, endAt: number, zone: string, dateOf?: (at: number) => string): Set<string> {
  if (!dateOf || endAt - startAt > 22 * 3_600_000) return new Set(localDatesOf(startAt, endAt, zone));
  return new Set([dateOf(startAt), dateOf(Math.max(startAt, endAt - 1))]);
}

/** What the planner should look at twice about a visit; none of these refuses it. */
export function visitWarnings(
  visit: Pick<Visit, 'id' | 'startAt' | 'endAt' | 'placeLatE6' | 'placeLonE6'>,
  context: WarningContext,
): readonly PlanWarning[] {
  const warnings: PlanWarning[] = [];
  const inside = context.shifts
    ? withinShifts(context.shifts, visit.startAt, visit.endAt)
    : withinWorkingHours(context.week, visit.startAt, visit.endAt, context.zone);
  if (!inside) {
    warnings.push({ kind: 'outside-hours' });
  }
  // Holidays are dates of the company's calendar, so they are read in the company's zone. Reading a local date
  // costs a call into Intl: without holidays in the calendar there is nothing to compare it with.
  if (context.holidays.length > 0) {
    const dates = spanDates(visit.startAt, visit.endAt, context.settings.timeZone, context.companyDateOf);
    const holiday = context.holidays.find((h) => dates.has(h.day));
    if (holiday) warnings.push({ kind: 'holiday', name: holiday.name });
  }
  const dateOf = context.dateOf ?? ((at: number) => localDate(at, context.zone));
  const previous = previousVisit(context.visits, visit);
  if (
    previous &&
    previous.placeLatE6 !== null &&
    previous.placeLonE6 !== null &&
    visit.placeLatE6 !== null &&
    visit.placeLonE6 !== null &&
    dateOf(previous.endAt) === dateOf(visit.startAt)
  ) {
    const km = distanceKm(previous.placeLatE6, previous.placeLonE6, visit.placeLatE6, visit.placeLonE6);
    const needMinutes = travelMinutes(km, context.settings);
    const gapMinutes = Math.floor((visit.startAt - previous.endAt) / 60_000);
    if (gapMinutes < needMinutes) {
      warnings.push({ kind: 'travel', fromVisitId: previous.id, needMinutes, gapMinutes });
    }
  }
  return warnings;
}

/** The engineer's active visit that ends last at or before this one's start. */
export function previousVisit(visits: readonly Visit[], visit: Pick<Visit, 'id' | 'startAt'>): Visit | undefined {
  let best: Visit | undefined;
  for (const v of visits) {
    if (v.id === visit.id || v.state === 'cancelled' || v.endAt > visit.startAt) continue;
    if (!best || v.endAt > best.endAt) best = v;
  }
  return best;
}

/** Minutes of a day's local wall clock an interval covers (for the day's load). */
export function minutesOn(date: string, startAt: number, endAt: number, zone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const from = Math.max(startAt, zonedInstant(y, m, d, 0, zone));
  const to = Math.min(endAt, zonedInstant(y, m, d, 1440, zone));
  return Math.max(0, Math.round((to - from) / 60_000));
}

/** A visit's length in minutes of elapsed time: across a change of offset it is as long as it lasted. */
export const durationMinutes = (startAt: number, endAt: number): number => Math.round((endAt - startAt) / 60_000);
