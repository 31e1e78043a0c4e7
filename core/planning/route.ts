import { distanceKm, travelMinutes, type TravelSettings } from './rules.js';

/**
 * An engineer's day as a route: the visits in time order, the straight-line drive between consecutive
 * places at the average speed, and the day's load (visits plus driving) against the hours they work that
 * day. Straight lines understate roads: the figures are a planner's rough guide, as the travel warning is.
 */

export type RouteVisit = Readonly<{
  id: string;
  startAt: number;
  endAt: number;
  latE6: number | null;
  lonE6: number | null;
}>;

export type Leg = Readonly<{
  km: number;
  minutes: number;
  /** Minutes between the previous visit's end and this one's start. */
  gapMinutes: number;
}>;

export type RouteStop<V extends RouteVisit> = Readonly<{
  visit: V;
  /** The drive from the previous stop; null for the first, or when either place has no coordinates. */
  leg: Leg | null;
}>;

export function routeOf<V extends RouteVisit>(visits: readonly V[], travel: TravelSettings): readonly RouteStop<V>[] {
  const ordered = [...visits].sort((a, b) => a.startAt - b.startAt || a.endAt - b.endAt || (a.id < b.id ? -1 : 1));
  return ordered.map((visit, i) => {
    const previous = ordered[i - 1];
    if (
      !previous ||
      previous.latE6 === null ||
      previous.lonE6 === null ||
      visit.latE6 === null ||
      visit.lonE6 === null
    ) {
      return { visit, leg: null };
    }
    const km = distanceKm(previous.latE6, previous.lonE6, visit.latE6, visit.lonE6);
    return {
      visit,
      leg: {
        km: Math.round(km * 10) / 10,
        minutes: travelMinutes(km, travel),
        gapMinutes: Math.floor((visit.startAt - previous.endAt) / 60_000),
      },
    };
  });
}

export type DayLoad = Readonly<{
  /** Minutes of visits inside the day. */
  visitMinutes: number;
  /** Minutes of driving between the day's stops (the legs that have coordinates). */
  travelMinutes: number;
  /** Minutes of the engineer's shifts inside the day. */
  workingMinutes: number;
}>;

const clipped = (start: number, end: number, from: number, to: number) =>
  Math.max(0, Math.min(end, to) - Math.max(start, from)) / 60_000;

/** The day [dayStart, dayEnd) of one engineer: what the route takes against the shifts they work in it. */
export function dayLoad(
  stops: readonly RouteStop<RouteVisit>[],
  shifts: readonly (readonly [number, number])[],
  dayStart: number,
  dayEnd: number,
): DayLoad {
  let visitMinutes = 0;
  let driving = 0;
  for (const { visit, leg } of stops) {
    visitMinutes += clipped(visit.startAt, visit.endAt, dayStart, dayEnd);
    driving += leg?.minutes ?? 0;
  }
  const workingMinutes = shifts.reduce((sum, [s, e]) => sum + clipped(s, e, dayStart, dayEnd), 0);
  return { visitMinutes: Math.round(visitMinutes), travelMinutes: driving, workingMinutes: Math.round(workingMinutes) };
}
