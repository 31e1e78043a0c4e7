import { z } from 'zod';
import { empty, query } from '../contract-method.js';
import { Id, Millis, str } from '../schema/text.js';
import { TicketFilter } from '../tickets/contract.js';
import { Priority, TicketType } from '../tickets/tables.js';

/**
 * The map's contract. The objects (vehicles with open tickets, engineers) are replica data and refetch when
 * their tables change; positions are not: they come from the telematics stream (`positions` events) and
 * the `map:positions` snapshot, and never enter a synced table.
 */

const Coordinate = z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }).strict();

export const MapTicket = z.object({
  id: Id,
  number: z.number().int(),
  title: str(),
  status: str(),
  type: TicketType,
  priority: Priority,
  assigneeId: Id.nullable(),
  plannedAt: Millis.nullable(),
});

export const MapVehicle = z.object({
  id: Id,
  /** The id the telematics provider knows it by (its unit id), when it has a tracker. */
  unitId: str().nullable(),
  plate: str(),
  clientId: Id,
  clientName: str(),
  /** The client's first phone, for "call the client". */
  clientPhone: str().nullable(),
  debtor: z.boolean(),
  tickets: z.array(MapTicket),
});
export type MapVehicle = z.infer<typeof MapVehicle>;

export const MapEngineer = z.object({ id: Id, name: str(), color: str() });

export const MapObjects = z.object({ vehicles: z.array(MapVehicle), engineers: z.array(MapEngineer) });
export type MapObjects = z.infer<typeof MapObjects>;

const PositionDto = z.object({
  objectId: str(),
  lat: z.number(),
  lon: z.number(),
  at: z.number(),
  speedKmh: z.number(),
  course: z.number(),
});
const StatusDto = z.discriminatedUnion('state', [
  z.object({ state: z.literal('starting') }),
  z.object({ state: z.literal('ok'), lastOkAt: z.number() }),
  z.object({ state: z.literal('failing'), reason: str(), since: z.number(), lastOkAt: z.number().nullable() }),
]);
export const PositionsSnapshot = z.object({
  provider: str(),
  positions: z.array(PositionDto),
  status: StatusDto,
});

export const MapSettings = z.object({
  /** A Leaflet tile URL template, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png. */
  tileUrl: str(),
  attribution: str(),
  roadFactor: z.number(),
  averageSpeedKmh: z.number(),
});
export type MapSettings = z.infer<typeof MapSettings>;

export const GapQueryInput = z
  .object({
    engineerId: Id,
    windowStart: Millis,
    windowEnd: Millis,
    /** Where the engineer must be at the window's end (the next visit's place), when known. */
    nextStop: Coordinate.nullable().default(null),
    filter: TicketFilter.default({}),
    limit: z.number().int().min(1).max(500).default(50),
  })
  .strict()
  .refine((q) => q.windowEnd > q.windowStart, { message: 'The window must end after it starts' });

export const GapFitDto = z.object({
  ticketId: Id,
  number: z.number().int(),
  title: str(),
  priority: Priority,
  vehicleId: Id,
  plate: str(),
  clientName: str(),
  clientPhone: str().nullable(),
  travelMinutes: z.number(),
  arriveAt: z.number(),
  doneAt: z.number(),
  durationMinutes: z.number(),
  workTypeId: Id.nullable(),
  lat: z.number(),
  lon: z.number(),
});
export type GapFitDto = z.infer<typeof GapFitDto>;

export const GapAnswerDto = z.object({
  /** Where the engineer is now by the telematics, or null when their car has no position. */
  from: PositionDto.nullable(),
  fits: z.array(GapFitDto),
  reachable: z.number().int(),
});

export const NearestEngineersDto = z.array(
  z.object({ engineerId: Id, name: str(), travelMinutes: z.number(), positionAt: z.number() }),
);

const OBJECT_TABLES = ['tickets', 'vehicles', 'clients', 'phones', 'employees'] as const;

export const MAP_CONTRACT = {
  'map:objects': query(z.object({ filter: TicketFilter.default({}) }).strict(), MapObjects, [...OBJECT_TABLES]),
  'map:positions': query(empty, PositionsSnapshot, 'session'),
  'map:settings': query(empty, MapSettings, ['planning_settings']),
  'map:gap': query(GapQueryInput, GapAnswerDto, [...OBJECT_TABLES, 'work_types', 'planning_settings']),
  'map:nearest': query(
    z.object({ vehicleId: Id, limit: z.number().int().min(1).max(20).default(5) }).strict(),
    NearestEngineersDto,
    ['vehicles', 'employees', 'planning_settings'],
  ),
} as const;
