import { haversineKm, type Point } from './travel-time.js';
import { TOWNS, type Town } from './towns.js';
import { SeededStream, seedFor } from './seeded.js';
import {
  ProviderHealth,
  type Position,
  type PositionBatch,
  type PositionProvider,
  type ProviderStatus,
} from './position.js';

/**
 * The demo's telematics: vehicles and engineers' cars park in a town for a while, then drive to a nearby town
 * along a bent line (roads are never straight), at a believable speed, and park again. Every object's drive
 * follows from the seed and its id alone, so two simulators with one seed agree at every instant, and adding
 * a vehicle does not change how the others drive. Time only moves forward per object (legs already passed are
 * forgotten, so a week-long demo does not grow memory).
 */

export type SimulatedObject = Readonly<{ objectId: string; kind: 'vehicle' | 'engineer' }>;

type Leg = Readonly<{
  startAt: number;
  endAt: number;
  /** Parked legs have one point; drives have the start, the bend and the end. */
  points: readonly Point[];
  /** Cumulative km at each point of `points`. */
  km: readonly number[];
  speedKmh: number;
}>;

type Track = {
  readonly object: SimulatedObject;
  readonly rng: SeededStream;
  legs: Leg[];
  town: Town;
};

const NEIGHBOUR_KM = 260;
const MINUTE = 60_000;

function jitter(rng: SeededStream, town: Town, km: number): Point {
  const angle = rng.between(0, 2 * Math.PI);
  const r = Math.sqrt(rng.next()) * km;
  return {
    lat: town.lat + (r * Math.cos(angle)) / 111.2,
    lon: town.lon + (r * Math.sin(angle)) / (111.2 * Math.cos((town.lat * Math.PI) / 180)),
  };
}

function neighbours(town: Town): readonly Town[] {
  const near = TOWNS.filter((t) => t !== town && haversineKm(t, town) <= NEIGHBOUR_KM);
  return near.length > 0 ? near : TOWNS.filter((t) => t !== town);
}

function courseBetween(a: Point, b: Point): number {
  const y = Math.sin(((b.lon - a.lon) * Math.PI) / 180) * Math.cos((b.lat * Math.PI) / 180);
  const x =
    Math.cos((a.lat * Math.PI) / 180) * Math.sin((b.lat * Math.PI) / 180) -
    Math.sin((a.lat * Math.PI) / 180) * Math.cos((b.lat * Math.PI) / 180) * Math.cos(((b.lon - a.lon) * Math.PI) / 180);
  return ((Math.round((Math.atan2(y, x) * 180) / Math.PI) % 360) + 360) % 360;
}

export class PositionSimulator {
  private readonly tracks: Track[];
  private cursor = 0;

  constructor(
    readonly seed: number,
    objects: readonly SimulatedObject[],
    readonly startAt: number,
  ) {
    this.tracks = objects.map((object) => {
      const rng = new SeededStream(seedFor(seed, object.objectId));
      // Half the fleet is on the road at the start, the rest parked for up to two hours.
      const town = TOWNS[Math.floor(Math.pow(rng.next(), 2) * TOWNS.length)]!;
      const track: Track = { object, rng, legs: [], town };
      const place = jitter(rng, town, 6);
      const parkedFor = rng.next() < 0.5 ? 0 : rng.between(5, 120) * MINUTE;
      track.legs.push({ startAt, endAt: startAt + parkedFor, points: [place], km: [0], speedKmh: 0 });
      return track;
    });
  }

  get objectCount(): number {
    return this.tracks.length;
  }

  private nextLeg(track: Track, previous: Leg): Leg {
    const here = previous.points[previous.points.length - 1]!;
    if (previous.speedKmh > 0) {
      // Arrived: park between a quarter of an hour and three hours (a vehicle at its base, longer).
      const minutes = track.object.kind === 'engineer' ? track.rng.between(30, 120) : track.rng.between(15, 180);
      return {
        startAt: previous.endAt,
        endAt: previous.endAt + minutes * MINUTE,
        points: [here],
        km: [0],
        speedKmh: 0,
      };
    }
    const town = track.rng.pick(neighbours(track.town));
    track.town = town;
    const end = jitter(track.rng, town, 6);
    const length = haversineKm(here, end);
    // The bend: the midpoint pushed sideways by up to a sixth of the distance.
    const side = track.rng.between(-1, 1) * (length / 6);
    const mid = { lat: (here.lat + end.lat) / 2, lon: (here.lon + end.lon) / 2 };
    const perpLat = -(end.lon - here.lon) * Math.cos((mid.lat * Math.PI) / 180);
    const perpLon = end.lat - here.lat;
    const norm = Math.hypot(perpLat, perpLon) || 1;
    const bend = {
      lat: mid.lat + ((perpLat / norm) * side) / 111.2,
      lon: mid.lon + ((perpLon / norm) * side) / (111.2 * Math.cos((mid.lat * Math.PI) / 180)),
    };
    const first = haversineKm(here, bend);
    const total = first + haversineKm(bend, end);
    const speedKmh = track.rng.between(50, 85);
    return {
      startAt: previous.endAt,
      endAt: previous.endAt + (total / speedKmh) * 60 * MINUTE,
      points: [here, bend, end],
      km: [0, first, total],
      speedKmh,
    };
  }

  private legAt(track: Track, at: number): Leg {
    for (;;) {
      const last = track.legs[track.legs.length - 1]!;
      if (last.endAt > at) break;
      track.legs.push(this.nextLeg(track, last));
    }
    let i = 0;
    while (track.legs[i]!.endAt <= at) i += 1;
    if (i > 0) track.legs = track.legs.slice(i);
    return track.legs[0]!;
  }

  private positionOf(track: Track, at: number): Position {
    const leg = this.legAt(track, Math.max(at, leg0Start(track)));
    const objectId = track.object.objectId;
    if (leg.speedKmh === 0) {
      const p = leg.points[0]!;
      return { objectId, lat: p.lat, lon: p.lon, at, speedKmh: 0, course: 0 };
    }
    const km = ((at - leg.startAt) / (60 * MINUTE)) * leg.speedKmh;
    const segment = km <= leg.km[1]! ? 0 : 1;
    const a = leg.points[segment]!;
    const b = leg.points[segment + 1]!;
    const span = leg.km[segment + 1]! - leg.km[segment]!;
    const f = span > 0 ? Math.min(1, Math.max(0, (km - leg.km[segment]!) / span)) : 1;
    return {
      objectId,
      lat: a.lat + (b.lat - a.lat) * f,
      lon: a.lon + (b.lon - a.lon) * f,
      at,
      speedKmh: Math.round(leg.speedKmh),
      course: courseBetween(a, b),
    };
  }

  /** Every object's position at `at`. */
  positionsAt(at: number): readonly Position[] {
    return this.tracks.map((t) => this.positionOf(t, at));
  }

  /** The next `count` objects in turn, at `at`: a feed of `count` updates, as a real provider trickles them. */
  nextUpdates(at: number, count: number): readonly Position[] {
    const out: Position[] = [];
    const n = Math.min(count, this.tracks.length);
    for (let i = 0; i < n; i += 1) {
      out.push(this.positionOf(this.tracks[this.cursor]!, at));
      this.cursor = (this.cursor + 1) % this.tracks.length;
    }
    return out;
  }
}

function leg0Start(track: Track): number {
  return track.legs[0]!.startAt;
}

/** A timer the host supplies (core has no clock of its own). */
export type Ticker = Readonly<{
  now(): number;
  every(ms: number, run: () => void): () => void;
}>;

/**
 * The simulator as a provider: on start it reports every object, then `updatesPerSecond` objects a second
 * in turn, in ticks of `tickMs`.
 */
export class SimulatorProvider implements PositionProvider {
  private readonly positionListeners = new Set<(batch: PositionBatch) => void>();
  private readonly statusListeners = new Set<(status: ProviderStatus) => void>();
  private readonly health = new ProviderHealth();
  private cancel: (() => void) | null = null;

  constructor(
    private readonly simulator: PositionSimulator,
    private readonly ticker: Ticker,
    private readonly options: Readonly<{ updatesPerSecond: number; tickMs: number }> = {
      updatesPerSecond: 200,
      tickMs: 250,
    },
  ) {}

  start(): void {
    if (this.cancel) return;
    this.emit(this.simulator.positionsAt(this.ticker.now()));
    const perTick = Math.max(1, Math.round((this.options.updatesPerSecond * this.options.tickMs) / 1000));
    this.cancel = this.ticker.every(this.options.tickMs, () => {
      this.emit(this.simulator.nextUpdates(this.ticker.now(), perTick));
    });
  }

  stop(): void {
    this.cancel?.();
    this.cancel = null;
  }

  onPositions(listener: (batch: PositionBatch) => void): () => void {
    this.positionListeners.add(listener);
    return () => this.positionListeners.delete(listener);
  }

  onStatus(listener: (status: ProviderStatus) => void): () => void {
    this.statusListeners.add(listener);
    listener(this.health.status);
    return () => this.statusListeners.delete(listener);
  }

  private emit(positions: readonly Position[]): void {
    const batch: PositionBatch = { positions, dropped: {} };
    for (const l of this.positionListeners) l(batch);
    const status = this.health.ok(this.ticker.now());
    for (const l of this.statusListeners) l(status);
  }
}
