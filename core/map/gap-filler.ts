import { PRIORITIES, type Priority } from '../tickets/values.js';
import type { Point, TravelTimeEstimator } from './travel-time.js';

/**
 * The gap filler: an engineer has a free window (a visit fell through, the next one is in three hours) and
 * is somewhere now. Which open tickets can they reach, do and still be on time for what comes next?
 *
 * Tickets are kept in a grid of cells by their vehicle's position, so a query only looks at the cells within
 * the farthest distance the window allows, then runs the exact estimate on those. The answer is ranked by
 * travel time in bands of a quarter of an hour (ten minutes more driving should not outrank a critical ticket),
 * then priority (critical first), then deadline (earliest first, none last), then expected duration (shorter
 * first, so more fits), then exact travel time.
 */

export type GapTicket = Readonly<{
  ticketId: string;
  /** The object whose position places the ticket (a vehicle's unit id or id). */
  objectId: string;
  lat: number;
  lon: number;
  priority: Priority;
  /** The ticket's planned resolution time, when it has one. */
  deadlineAt: number | null;
  durationMinutes: number;
}>;

export type GapQuery = Readonly<{
  from: Point;
  windowStart: number;
  windowEnd: number;
  /** The engineer cannot leave before now, however early the window began. */
  now: number;
  /** Where the engineer must be at the window's end (the next visit), when known: the drive there counts. */
  nextStop?: Point | null;
  limit?: number;
}>;

export type GapFit = Readonly<{
  ticket: GapTicket;
  travelMinutes: number;
  arriveAt: number;
  doneAt: number;
}>;

export const TRAVEL_BAND_MINUTES = 15;
const PRIORITY_RANK: Readonly<Record<Priority, number>> = Object.fromEntries(
  PRIORITIES.map((p, i) => [p, PRIORITIES.length - 1 - i]),
) as Record<Priority, number>;

const CELL_DEG = 0.25;
const KM_PER_DEG_LAT = 111.2;

const cellKey = (row: number, col: number) => row * 10_000 + col;
const rowOf = (lat: number) => Math.floor((lat + 90) / CELL_DEG);
const colOf = (lon: number) => Math.floor((lon + 180) / CELL_DEG);

export class GapTicketIndex {
  private readonly cells = new Map<number, GapTicket[]>();
  readonly size: number;

  constructor(tickets: readonly GapTicket[]) {
    for (const t of tickets) {
      const key = cellKey(rowOf(t.lat), colOf(t.lon));
      const cell = this.cells.get(key);
      if (cell) cell.push(t);
      else this.cells.set(key, [t]);
    }
    this.size = tickets.length;
  }

  /** The cells that a circle of `km` around `center` touches: a superset of the tickets inside it. */
  cellsNear(center: Point, km: number): readonly (readonly GapTicket[])[] {
    const dLat = km / KM_PER_DEG_LAT;
    const maxLat = Math.min(89.9, Math.abs(center.lat) + dLat);
    const dLon = Math.min(180, km / (KM_PER_DEG_LAT * Math.cos((maxLat * Math.PI) / 180)));
    const r0 = rowOf(Math.max(-90, center.lat - dLat));
    const r1 = rowOf(Math.min(90, center.lat + dLat));
    const c0 = colOf(Math.max(-180, center.lon - dLon));
    const c1 = colOf(Math.min(180, center.lon + dLon));
    const out: GapTicket[][] = [];
    for (let r = r0; r <= r1; r += 1) {
      for (let c = c0; c <= c1; c += 1) {
        const cell = this.cells.get(cellKey(r, c));
        if (cell) out.push(cell);
      }
    }
    return out;
  }
}

/** Travel band and priority in one integer: the first two keys of the ranking, cheap to bucket by. */
function primaryKey(travelMinutes: number, priority: Priority): number {
  return Math.floor(travelMinutes / TRAVEL_BAND_MINUTES) * PRIORITIES.length + PRIORITY_RANK[priority];
}

export function compareFits(a: GapFit, b: GapFit): number {
  return (
    primaryKey(a.travelMinutes, a.ticket.priority) - primaryKey(b.travelMinutes, b.ticket.priority) ||
    (a.ticket.deadlineAt ?? Infinity) - (b.ticket.deadlineAt ?? Infinity) ||
    a.ticket.durationMinutes - b.ticket.durationMinutes ||
    a.travelMinutes - b.travelMinutes ||
    (a.ticket.ticketId < b.ticket.ticketId ? -1 : a.ticket.ticketId > b.ticket.ticketId ? 1 : 0)
  );
}

export type GapAnswer = Readonly<{
  /** The best `limit` fits, best first. */
  fits: readonly GapFit[];
  /** How many tickets fit in all. */
  reachable: number;
}>;

export const DEFAULT_GAP_LIMIT = 200;

/** The tickets the engineer can reach, do and leave in time, best first. */
export function fillGap(index: GapTicketIndex, query: GapQuery, estimator: TravelTimeEstimator): GapAnswer {
  if (!(query.windowEnd > query.windowStart)) throw new RangeError('The window must end after it starts');
  const limit = query.limit ?? DEFAULT_GAP_LIMIT;
  const departAt = Math.max(query.windowStart, query.now);
  const freeMinutes = (query.windowEnd - departAt) / 60_000;
  if (freeMinutes <= 0) return { fits: [], reachable: 0 };
  const reachKm = estimator.maxStraightLineKm(freeMinutes);
  // A cheap flat-earth box check rejects most of the cells' tickets before the exact estimate.
  const dLat = reachKm / KM_PER_DEG_LAT;
  const dLon =
    reachKm / (KM_PER_DEG_LAT * Math.max(0.01, Math.cos(((Math.abs(query.from.lat) + dLat) * Math.PI) / 180)));
  const tickets: GapTicket[] = [];
  const travel: number[] = [];
  const keys: number[] = [];
  for (const cell of index.cellsNear(query.from, reachKm)) {
    for (const ticket of cell) {
      if (ticket.durationMinutes > freeMinutes) continue;
      if (Math.abs(ticket.lat - query.from.lat) > dLat || Math.abs(ticket.lon - query.from.lon) > dLon) continue;
      const travelMinutes = estimator.minutes(query.from, ticket);
      if (travelMinutes + ticket.durationMinutes > freeMinutes) continue;
      if (
        query.nextStop &&
        travelMinutes + ticket.durationMinutes + estimator.minutes(ticket, query.nextStop) > freeMinutes
      ) {
        continue;
      }
      tickets.push(ticket);
      travel.push(travelMinutes);
      keys.push(primaryKey(travelMinutes, ticket.priority));
    }
  }
  const fitAt = (i: number): GapFit => {
    const arriveAt = departAt + travel[i]! * 60_000;
    return {
      ticket: tickets[i]!,
      travelMinutes: travel[i]!,
      arriveAt,
      doneAt: arriveAt + tickets[i]!.durationMinutes * 60_000,
    };
  };
  const fits = best(keys, limit).map(fitAt).sort(compareFits);
  return { fits: fits.length > limit ? fits.slice(0, limit) : fits, reachable: tickets.length };
}

/**
 * Which fits can be among the first `limit` in ranking order, without ranking them all: count how many fall
 * under each primary key, find the key at which `limit` is reached, and keep the fits up to it. Allocating and
 * sorting only those keeps a dense region's answer (tens of thousands of fits) fast.
 */
function best(keys: readonly number[], limit: number): readonly number[] {
  const all = keys.map((_, i) => i);
  if (keys.length <= limit) return all;
  const counts = new Map<number, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  let threshold = 0;
  let seen = 0;
  for (const k of [...counts.keys()].sort((a, b) => a - b)) {
    threshold = k;
    seen += counts.get(k)!;
    if (seen >= limit) break;
  }
  return all.filter((i) => keys[i]! <= threshold);
}

export type EngineerAt = Readonly<{ engineerId: string; lat: number; lon: number; at: number }>;
export type NearEngineer = Readonly<{ engineer: EngineerAt; travelMinutes: number }>;

/** Engineers by how soon they could be at a point, nearest first. */
export function nearestEngineers(
  to: Point,
  engineers: readonly EngineerAt[],
  estimator: TravelTimeEstimator,
  limit = 5,
): readonly NearEngineer[] {
  return engineers
    .map((engineer) => ({ engineer, travelMinutes: estimator.minutes(engineer, to) }))
    .sort(
      (a, b) =>
        a.travelMinutes - b.travelMinutes ||
        (a.engineer.engineerId < b.engineer.engineerId ? -1 : a.engineer.engineerId > b.engineer.engineerId ? 1 : 0),
    )
    .slice(0, limit);
}
