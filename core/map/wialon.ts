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
 * Wialon Remote API answers (`wialon/ajax.html?svc=…`). A unit's last position comes from `core/search_items`
 * with flags 1025 (1 base + 1024 last message and position); new positions come from polling `avl_evts` after
 * `core/update_data_flags`. In Wialon's `pos`, **x is the longitude and y the latitude**; times are UTC seconds.
 * Each item is parsed on its own, so one broken unit drops that unit (counted), not the answer.
 */

/** The flags asking for base properties and the last message with its position. */
export const WIALON_UNIT_FLAGS = 1025;

/** An answer that is a Wialon error: `{ "error": 1 }` is an invalid session (log in again). */
const WialonError = z.object({ error: z.number().int(), reason: str().optional() });
export const WIALON_INVALID_SESSION = 1;

const Pos = z.object({
  t: z.number().optional(),
  x: z.number(),
  y: z.number(),
  s: z.number().optional(),
  c: z.number().optional(),
});

const Unit = z.object({ id: z.number().int(), nm: str().optional(), pos: Pos.nullable().optional() });

const SearchItemsAnswer = z.object({ totalItemsCount: z.number().int().optional(), items: z.array(z.unknown()) });

const LoginAnswer = z.object({ eid: str().min(1) });

const EventsAnswer = z.object({ tm: z.number().optional(), events: z.array(z.unknown()) });
const Event = z.object({ i: z.number().int(), t: str(), d: z.unknown() });
const MessageData = z.object({ t: z.number(), pos: Pos.nullable().optional() });

export type WialonParsed<T> = Readonly<{ ok: true; value: T }> | Readonly<{ ok: false; error: string; code?: number }>;

function wialonError(raw: unknown): WialonParsed<never> | null {
  const error = WialonError.safeParse(raw);
  if (!error.success || error.data.error === 0) return null;
  return { ok: false, error: `Wialon error ${error.data.error}`, code: error.data.error };
}

/** `token/login` → the session id (`eid`) that later calls pass as `sid`. */
export function parseWialonLogin(raw: unknown): WialonParsed<string> {
  const error = wialonError(raw);
  if (error) return error;
  const login = LoginAnswer.safeParse(raw);
  return login.success ? { ok: true, value: login.data.eid } : { ok: false, error: 'Wialon login answer has no eid' };
}

function toPosition(
  objectId: string,
  pos: z.infer<typeof Pos>,
  at: number | undefined,
  dropped: Partial<Record<DropReason, number>>,
): Position | null {
  if (at === undefined || !Number.isFinite(at) || at <= 0) {
    countDrop(dropped, 'malformed');
    return null;
  }
  const lat = pos.y;
  const lon = pos.x;
  if (!validCoordinates(lat, lon)) {
    countDrop(dropped, 'coordinates-out-of-range');
    return null;
  }
  return {
    objectId,
    lat,
    lon,
    at: Math.round(at * 1000),
    speedKmh: Math.max(0, pos.s ?? 0),
    course: normaliseCourse(pos.c ?? 0),
  };
}

/** `core/search_items` with flags 1025 → the last position of every unit that has one. */
export function parseWialonUnits(raw: unknown): WialonParsed<PositionBatch> {
  const error = wialonError(raw);
  if (error) return error;
  const answer = SearchItemsAnswer.safeParse(raw);
  if (!answer.success) return { ok: false, error: 'Wialon search_items answer has no items list' };
  const positions: Position[] = [];
  const dropped: Partial<Record<DropReason, number>> = {};
  for (const item of answer.data.items) {
    const unit = Unit.safeParse(item);
    if (!unit.success) {
      countDrop(dropped, 'malformed');
      continue;
    }
    if (!unit.data.pos) {
      countDrop(dropped, 'no-position');
      continue;
    }
    const position = toPosition(String(unit.data.id), unit.data.pos, unit.data.pos.t, dropped);
    if (position) positions.push(position);
  }
  return { ok: true, value: { positions, dropped } };
}

/**
 * `avl_evts` → the positions of its new messages (`t: "m"`). Unit updates (`u`) and deletions (`d`) carry no
 * position; they are counted as `not-a-position-event` so a quiet map with a busy feed can be explained.
 */
export function parseWialonEvents(raw: unknown): WialonParsed<PositionBatch> {
  const error = wialonError(raw);
  if (error) return error;
  const answer = EventsAnswer.safeParse(raw);
  if (!answer.success) return { ok: false, error: 'Wialon avl_evts answer has no events list' };
  const positions: Position[] = [];
  const dropped: Partial<Record<DropReason, number>> = {};
  for (const item of answer.data.events) {
    const event = Event.safeParse(item);
    if (!event.success) {
      countDrop(dropped, 'malformed');
      continue;
    }
    if (event.data.t !== 'm') {
      countDrop(dropped, 'not-a-position-event');
      continue;
    }
    const message = MessageData.safeParse(event.data.d);
    if (!message.success) {
      countDrop(dropped, 'malformed');
      continue;
    }
    if (!message.data.pos) {
      countDrop(dropped, 'no-position');
      continue;
    }
    const position = toPosition(String(event.data.i), message.data.pos, message.data.t, dropped);
    if (position) positions.push(position);
  }
  return { ok: true, value: { positions, dropped } };
}

/** The `params` of the documented calls, as Wialon expects them (JSON in one query parameter). */
export const wialonParams = {
  login: (token: string) => ({ token }),
  searchUnits: () => ({
    spec: {
      itemsType: 'avl_unit',
      propName: 'sys_name',
      propValueMask: '*',
      sortType: 'sys_name',
    },
    force: 1,
    flags: WIALON_UNIT_FLAGS,
    from: 0,
    to: 0,
  }),
  subscribeUnits: () => ({ spec: [{ type: 'type', data: 'avl_unit', flags: WIALON_UNIT_FLAGS, mode: 0 }] }),
} as const;
