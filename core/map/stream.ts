import { z } from 'zod';
import { str } from '../schema/text.js';
import type { Position, ProviderStatus } from './position.js';

/**
 * What the server's position socket (`/api/positions/socket`) sends a desk. It is its own channel, apart
 * from the sync pokes: positions are not rows, are never pushed or pulled, and never enter a ticket's history.
 * First a snapshot of every known position with the provider's status, then changes as they come.
 */

const PositionSchema = z.object({
  objectId: str().min(1).max(100),
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  at: z.number().int().nonnegative(),
  speedKmh: z.number().nonnegative().max(2000),
  course: z.number().min(0).max(359),
});

const StatusSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('starting') }),
  z.object({ state: z.literal('ok'), lastOkAt: z.number() }),
  z.object({ state: z.literal('failing'), reason: str().max(500), since: z.number(), lastOkAt: z.number().nullable() }),
]);

export const PositionStreamMessage = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('snapshot'),
    provider: str().max(40),
    positions: z.array(PositionSchema),
    status: StatusSchema,
  }),
  z.object({ kind: z.literal('positions'), positions: z.array(PositionSchema) }),
  z.object({ kind: z.literal('status'), status: StatusSchema }),
]);
export type PositionStreamMessage =
  | Readonly<{ kind: 'snapshot'; provider: string; positions: readonly Position[]; status: ProviderStatus }>
  | Readonly<{ kind: 'positions'; positions: readonly Position[] }>
  | Readonly<{ kind: 'status'; status: ProviderStatus }>;

/** The server's socket path for positions (the sync pokes have `/api/sync/poke`). */
export const POSITIONS_SOCKET_PATH = '/api/positions/socket';

export const PROVIDER_KINDS = ['simulator', 'wialon', 'traccar', 'off'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];
