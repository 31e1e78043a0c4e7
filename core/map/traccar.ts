import { z } from 'zod';
import { str } from '../schema/text.js';
import {
  countDrop,
  normaliseCourse,
  validCoordinates,
  type DropReason,
  type Position,
  type PositionBatch,
} from './position.js';

/**
 * Traccar answers: `GET /api/devices`, `GET /api/positions` (latest of every device) and the messages of its
 * WebSocket `/api/socket`, which are objects with one key — `positions`, `devices` or `events` — or `{}` as a
 * keepalive. Traccar's `speed` is in KNOTS. A position names its device by Traccar's numeric id; Pult knows
 * the device by its `uniqueId` (the tracker's IMEI, a vehicle's unit id), so positions are mapped through the
 * device list and a position of a device not (yet) listed is dropped as `unknown-device`.
 */

export const KMH_PER_KNOT = 1.852;

const Device = z.object({ id: z.number().int(), uniqueId: str().min(1), name: str().optional() });

const TraccarPosition = z.object({
  deviceId: z.number().int(),
  latitude: z.number(),
  longitude: z.number(),
  fixTime: str().optional(),
  deviceTime: str().optional(),
  serverTime: str().optional(),
  speed: z.number().optional(),
  course: z.number().optional(),
  valid: z.boolean().optional(),
});

export type TraccarDevices = ReadonlyMap<number, string>;

export type TraccarMessage =
  | Readonly<{ kind: 'keepalive' }>
  | Readonly<{ kind: 'devices'; devices: TraccarDevices; dropped: number }>
  | Readonly<{ kind: 'positions'; raw: readonly unknown[] }>
  | Readonly<{ kind: 'events'; count: number }>
  | Readonly<{ kind: 'unknown'; reason: string }>;

/** `GET /api/devices` → Traccar id → uniqueId; devices that do not parse are counted and left out. */
export function parseTraccarDevices(raw: unknown): Readonly<{ devices: TraccarDevices; dropped: number }> | null {
  if (!Array.isArray(raw)) return null;
  const devices = new Map<number, string>();
  let dropped = 0;
  for (const item of raw) {
    const device = Device.safeParse(item);
    if (device.success) devices.set(device.data.id, device.data.uniqueId);
    else dropped += 1;
  }
  return { devices, dropped };
}

/** Positions (from `GET /api/positions` or a socket message) → Pult positions, speed converted to km/h. */
export function parseTraccarPositions(raw: unknown, devices: TraccarDevices): PositionBatch | null {
  if (!Array.isArray(raw)) return null;
  const positions: Position[] = [];
  const dropped: Partial<Record<DropReason, number>> = {};
  for (const item of raw) {
    const parsed = TraccarPosition.safeParse(item);
    if (!parsed.success) {
      countDrop(dropped, 'malformed');
      continue;
    }
    const p = parsed.data;
    const objectId = devices.get(p.deviceId);
    if (objectId === undefined) {
      countDrop(dropped, 'unknown-device');
      continue;
    }
    const at = Date.parse(p.fixTime ?? p.deviceTime ?? p.serverTime ?? '');
    if (!Number.isFinite(at)) {
      countDrop(dropped, 'malformed');
      continue;
    }
    if (!validCoordinates(p.latitude, p.longitude)) {
      countDrop(dropped, 'coordinates-out-of-range');
      continue;
    }
    positions.push({
      objectId,
      lat: p.latitude,
      lon: p.longitude,
      at,
      speedKmh: Math.max(0, (p.speed ?? 0) * KMH_PER_KNOT),
      course: normaliseCourse(p.course ?? 0),
    });
  }
  return { positions, dropped };
}

/** One WebSocket message of `/api/socket`, by its one key. */
export function parseTraccarMessage(text: string): TraccarMessage {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { kind: 'unknown', reason: 'not JSON' };
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    return { kind: 'unknown', reason: 'not an object' };
  const record = raw as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length === 0) return { kind: 'keepalive' };
  if ('positions' in record) {
    return Array.isArray(record.positions)
      ? { kind: 'positions', raw: record.positions }
      : { kind: 'unknown', reason: 'positions is not a list' };
  }
  if ('devices' in record) {
    const devices = parseTraccarDevices(record.devices);
    return devices ? { kind: 'devices', ...devices } : { kind: 'unknown', reason: 'devices is not a list' };
  }
  if ('events' in record) {
    return Array.isArray(record.events)
      ? { kind: 'events', count: record.events.length }
      : { kind: 'unknown', reason: 'events is not a list' };
  }
  return { kind: 'unknown', reason: `unexpected keys ${keys.slice(0, 3).join(', ')}` };
}
