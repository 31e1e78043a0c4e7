/**
 * Live positions of vehicles and engineers' cars. They come from a telematics provider (Wialon, Traccar or the
 * demo simulator), never from the synced tables: a position is a fact about now, it is not part of a ticket's
 * history and it is never pushed, pulled or replayed.
 */

/** One object's position at one instant. */
export type Position = Readonly<{
  /** The provider's id of the tracked object: a vehicle's telematics unit id, or the simulator's object id. */
  objectId: string;
  lat: number;
  lon: number;
  /** When the device fixed the position, milliseconds since the epoch. */
  at: number;
  speedKmh: number;
  /** Heading in degrees clockwise from north, 0–359. */
  course: number;
}>;

/** Why an item of an answer was left out. The counts travel with the batch so a bad feed is visible. */
export const DROP_REASONS = [
  'malformed',
  'no-position',
  'coordinates-out-of-range',
  'unknown-device',
  'not-a-position-event',
] as const;
export type DropReason = (typeof DROP_REASONS)[number];
export type DropCounts = Readonly<Partial<Record<DropReason, number>>>;

/** What one answer of a provider yielded: the good positions, and how many items were dropped and why. */
export type PositionBatch = Readonly<{
  positions: readonly Position[];
  dropped: DropCounts;
}>;

export type ProviderStatus =
  | Readonly<{ state: 'starting' }>
  | Readonly<{ state: 'ok'; lastOkAt: number }>
  | Readonly<{ state: 'failing'; reason: string; since: number; lastOkAt: number | null }>;

/**
 * A source of live positions. A provider that fails keeps running (it retries on its own schedule) and says so
 * through `onStatus`; whoever listens keeps the last positions it had.
 */
export interface PositionProvider {
  start(): void;
  stop(): void;
  onPositions(listener: (batch: PositionBatch) => void): () => void;
  onStatus(listener: (status: ProviderStatus) => void): () => void;
}

/** Adds one dropped item to the counts. */
export function countDrop(counts: Partial<Record<DropReason, number>>, reason: DropReason): void {
  counts[reason] = (counts[reason] ?? 0) + 1;
}

export function totalDropped(counts: DropCounts): number {
  let total = 0;
  for (const reason of DROP_REASONS) total += counts[reason] ?? 0;
  return total;
}

export function validCoordinates(lat: number, lon: number): boolean {
  return Number.isFinite(lat) && Number.isFinite(lon) && lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180;
}

/** Courses wrap into 0–359 whatever a device reports (some send -1 or 360). */
export function normaliseCourse(course: number): number {
  if (!Number.isFinite(course)) return 0;
  return ((Math.round(course) % 360) + 360) % 360;
}

/**
 * The status machine every provider shares: the first failure after a success starts "failing since"; more
 * failures keep that start; a success clears it.
 */
export class ProviderHealth {
  private current: ProviderStatus = { state: 'starting' };

  get status(): ProviderStatus {
    return this.current;
  }

  ok(at: number): ProviderStatus {
    this.current = { state: 'ok', lastOkAt: at };
    return this.current;
  }

  failed(at: number, reason: string): ProviderStatus {
    const previous = this.current;
    this.current =
      previous.state === 'failing'
        ? { ...previous, reason }
        : { state: 'failing', reason, since: at, lastOkAt: previous.state === 'ok' ? previous.lastOkAt : null };
    return this.current;
  }
}

/**
 * The last known position of every object. A batch never removes anything: a provider that stops answering
 * leaves the map as it was, and each position shows its age instead. An older fix never overwrites a newer one
 * (a poll and a push can deliver the same object out of order).
 */
export class PositionStore {
  private readonly byObject = new Map<string, Position>();

  apply(batch: PositionBatch): readonly Position[] {
    const changed: Position[] = [];
    for (const p of batch.positions) {
      const known = this.byObject.get(p.objectId);
      if (known && known.at > p.at) continue;
      this.byObject.set(p.objectId, p);
      changed.push(p);
    }
    return changed;
  }

  get(objectId: string): Position | undefined {
    return this.byObject.get(objectId);
  }

  all(): readonly Position[] {
    return [...this.byObject.values()];
  }

  get size(): number {
    return this.byObject.size;
  }
}

/** How old a position is, in whole minutes, and whether that is old enough to say so on the map. */
export function positionAge(position: Pick<Position, 'at'>, now: number, staleAfterMs = 10 * 60_000) {
  const ageMs = Math.max(0, now - position.at);
  return { ageMinutes: Math.floor(ageMs / 60_000), stale: ageMs >= staleAfterMs } as const;
}
