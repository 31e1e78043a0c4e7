import { z } from 'zod';
import type { PbxCallEvent } from '../../core/calls/pbx-event.js';
import { assertNever } from '../../core/result.js';
import { text } from '../../core/schema/text.js';
import type { Db } from '../db/schema.js';
import { toInt } from '../db/rows.js';

/**
 * Zammad's generic CTI, as a PBX's dial-plan hook or CDR script sends it: one request per event of a call
 * (`newCall`, `answer`, `hangup` with a `cause`), the same fields on each. Fields Zammad's shape does not have
 * are dropped rather than refused: scripts written for sipgate.io's push API (which Zammad's shape follows)
 * also send `xcid`, `origCallId`, `diversion`…, and refusing those would lose the call. `queue` is ours:
 * a PBX that knows the queue may say it.
 */
export const CtiRequest = z.object({
  event: z.enum(['newCall', 'answer', 'hangup']),
  callId: text(200).trim().min(1),
  direction: z.enum(['in', 'out']).optional(),
  from: text(200).optional(),
  to: text(200).optional(),
  cause: text(100).optional(),
  answeringNumber: text(200).optional(),
  /** Who answered (Zammad: the user's name; for an outgoing newCall, every user the call is for). */
  user: z.union([text(200), z.array(text(200)).max(50)]).optional(),
  queue: text(200).optional(),
});
export type CtiRequest = z.infer<typeof CtiRequest>;

/** Where a call stands between its events. */
export type CallState = 'ringing' | 'answered' | 'ended';

export type CallRecord = Readonly<{
  pbxId: string;
  callId: string;
  direction: 'in' | 'out';
  from: string;
  to: string | null;
  queue: string | null;
  state: CallState;
  cause: string | null;
  startedAt: number;
  answeredAt: number | null;
  answeredBy: string | null;
  endedAt: number | null;
}>;

export type Step = Readonly<
  | { kind: 'advance'; record: CallRecord; emit: PbxCallEvent | null }
  /** The event adds nothing (a replay, or an event after the call ended): nothing is recorded. */
  | { kind: 'nothing-new' }
  | { kind: 'refused'; message: string }
>;

/**
 * Causes after which an unanswered incoming call is not a missed one: the PBX sent it on to another number,
 * whose own leg is that call's fate. Every other cause (`cancel`, `noAnswer`, `busy`, `congestion`,
 * `normalClearing` before anyone answered, causes we do not know) leaves a caller who did not get through.
 */
const NOT_MISSED = new Set(['forwarded']);

function answeredByOf(request: CtiRequest): string | null {
  const user = Array.isArray(request.user) ? request.user[0] : request.user;
  const who = user?.trim() || request.answeringNumber?.trim() || '';
  return who === '' ? null : who;
}

function eventOf(record: CallRecord, state: PbxCallEvent['state']): PbxCallEvent {
  return {
    pbxId: record.pbxId,
    callId: record.callId,
    direction: record.direction,
    from: record.from,
    to: record.to,
    queue: record.queue,
    startedAt: record.startedAt,
    answeredAt: record.answeredAt,
    endedAt: record.endedAt,
    state,
    answeredBy: record.answeredBy,
  };
}

/** The event a hangup settles the call with. */
function settled(record: CallRecord): PbxCallEvent {
  if (record.answeredAt !== null) return eventOf(record, 'ended');
  if (record.direction === 'in' && !NOT_MISSED.has(record.cause ?? '')) return eventOf(record, 'missed');
  return eventOf(record, 'ended');
}

/** A call the server first hears of now: its event must say who calls and which way. */
function opened(pbxId: string, request: CtiRequest, now: number): CallRecord | string {
  if (request.direction === undefined || request.from === undefined) {
    return `Invalid request: a ${request.event} for a call not seen before needs direction and from`;
  }
  return {
    pbxId,
    callId: request.callId,
    direction: request.direction,
    from: request.from.trim(),
    to: request.to?.trim() || null,
    queue: request.queue?.trim() || null,
    state: 'ringing',
    cause: null,
    startedAt: now,
    answeredAt: null,
    answeredBy: null,
    endedAt: null,
  };
}

/**
 * One CTI event applied to what the server knows of its call. The sink hears of a call when something is
 * settled: `answered` when someone answers (a client who called again and got through resolves their
 * callback at once), then `ended` at the hangup; `missed` when an incoming call hangs up unanswered; `ended`
 * for an outgoing call nobody answered. `newCall` alone tells the sink nothing: with no desk online there is
 * nobody to show a ringing call to, and the hangup settles it. Events arrive out of order or twice (a PBX
 * retries); anything that does not move the call forward is `nothing-new`.
 */
export function step(pbxId: string, current: CallRecord | null, request: CtiRequest, now: number): Step {
  let record = current;
  if (record === null) {
    const made = opened(pbxId, request, now);
    if (typeof made === 'string') return { kind: 'refused', message: made };
    record = made;
    if (request.event === 'newCall') return { kind: 'advance', record, emit: null };
  } else if (record.state === 'ended') {
    return { kind: 'nothing-new' };
  }
  const event = request.event;
  switch (event) {
    case 'newCall':
      return { kind: 'nothing-new' };
    case 'answer': {
      if (record.state === 'answered') return { kind: 'nothing-new' };
      const answered: CallRecord = { ...record, state: 'answered', answeredAt: now, answeredBy: answeredByOf(request) };
      return { kind: 'advance', record: answered, emit: eventOf(answered, 'answered') };
    }
    case 'hangup': {
      const ended: CallRecord = { ...record, state: 'ended', endedAt: now, cause: request.cause?.trim() || null };
      return { kind: 'advance', record: ended, emit: settled(ended) };
    }
    default:
      return assertNever(event, 'CTI event');
  }
}

/** A call's state is kept this long after its last event; a call that never hangs up is forgotten then. */
export const CALL_STATE_TTL_MS = 24 * 3_600_000;

type CallRow = {
  pbx_id: string;
  call_id: string;
  direction: string;
  from_number: string;
  to_number: string | null;
  queue: string | null;
  state: string;
  cause: string | null;
  started_at: unknown;
  answered_at: unknown;
  answered_by: string | null;
  ended_at: unknown;
};

const intOrNull = (value: unknown) => (value === null ? null : toInt(value));

function toRecord(r: CallRow): CallRecord {
  return {
    pbxId: r.pbx_id,
    callId: r.call_id,
    direction: r.direction === 'out' ? 'out' : 'in',
    from: r.from_number,
    to: r.to_number,
    queue: r.queue,
    state: r.state === 'answered' || r.state === 'ended' ? r.state : 'ringing',
    cause: r.cause,
    startedAt: toInt(r.started_at),
    answeredAt: intOrNull(r.answered_at),
    answeredBy: r.answered_by,
    endedAt: intOrNull(r.ended_at),
  };
}

export async function loadCall(db: Db, pbxId: string, callId: string): Promise<CallRecord | null> {
  const r = await db
    .selectFrom('pbx_calls')
    .selectAll()
    .where('pbx_id', '=', pbxId)
    .where('call_id', '=', callId)
    .executeTakeFirst();
  return r ? toRecord(r) : null;
}

/**
 * Stores the call's new state, unless another request moved it meanwhile (the same event delivered twice at
 * once): then false, and the caller treats this request as a replay. The sink may have heard of the call
 * twice by then, with the same call id, which the callback rule records once.
 */
export async function saveCall(db: Db, before: CallRecord | null, after: CallRecord, now: number): Promise<boolean> {
  const values = {
    direction: after.direction,
    from_number: after.from,
    to_number: after.to,
    queue: after.queue,
    state: after.state,
    cause: after.cause,
    started_at: after.startedAt,
    answered_at: after.answeredAt,
    answered_by: after.answeredBy,
    ended_at: after.endedAt,
    updated_at: now,
  };
  if (before === null) {
    const inserted = await db
      .insertInto('pbx_calls')
      .values({ pbx_id: after.pbxId, call_id: after.callId, ...values })
      .onConflict((oc) => oc.columns(['pbx_id', 'call_id']).doNothing())
      .executeTakeFirst();
    return (inserted.numInsertedOrUpdatedRows ?? 0n) > 0n;
  }
  const updated = await db
    .updateTable('pbx_calls')
    .set(values)
    .where('pbx_id', '=', after.pbxId)
    .where('call_id', '=', after.callId)
    .where('state', '=', before.state)
    .executeTakeFirst();
  return updated.numUpdatedRows > 0n;
}

/** Forgets calls nobody has reported on for a day. */
export async function pruneCalls(db: Db, now: number): Promise<void> {
  await db
    .deleteFrom('pbx_calls')
    .where('updated_at', '<', now - CALL_STATE_TTL_MS)
    .execute();
}
