import { assertNever } from '../result.js';
import { classifyCancel } from './reason.js';

/**
 * What became of an incoming call at this desk. `missed` and `ring-timeout` make (or add to) a callback
 * ticket; `answered-elsewhere` does not (a colleague in the ring group took it); `rejected` is a decision
 * a person made here.
 */
export type CallOutcome = 'answered' | 'answered-elsewhere' | 'missed' | 'rejected' | 'ring-timeout';

export type CallEvent =
  | Readonly<{ type: 'answered'; at: number }>
  /** The caller or the PBX cancelled the ringing call; `reason` holds the raw `Reason` header lines. */
  | Readonly<{ type: 'cancelled'; at: number; reason: readonly string[] }>
  | Readonly<{ type: 'rejected'; at: number }>
  /** This desk stopped ringing on its own (no answer within its timeout). */
  | Readonly<{ type: 'ring-timeout'; at: number }>
  /** The connection to the PBX went away; the call cannot be answered here any more. */
  | Readonly<{ type: 'transport-lost'; at: number }>
  /** The established call ended (BYE either way). */
  | Readonly<{ type: 'ended'; at: number }>;

export type CallRecord = Readonly<{
  ringingAt: number;
  answeredAt: number | null;
  endedAt: number | null;
  /** Null while the call still rings; set once and never changed by later events. */
  outcome: CallOutcome | null;
}>;

export function startCall(ringingAt: number): CallRecord {
  return { ringingAt, answeredAt: null, endedAt: null, outcome: null };
}

function finish(call: CallRecord, outcome: CallOutcome, at: number): CallRecord {
  return { ...call, outcome, endedAt: at };
}

/**
 * Folds one event into the record. The first event that settles the call wins: SIP races are real (a
 * CANCEL crossing our 200 OK, a socket dropping after a BYE) and a late event must not turn an answered
 * call into a missed one, or a missed one into two callbacks.
 */
export function reduceCall(call: CallRecord, event: CallEvent): CallRecord {
  const ringing = call.outcome === null;
  const inProgress = call.outcome === 'answered' && call.endedAt === null;
  switch (event.type) {
    case 'answered':
      return ringing ? { ...call, outcome: 'answered', answeredAt: event.at } : call;
    case 'cancelled':
      return ringing ? finish(call, classifyCancel(event.reason), event.at) : call;
    case 'rejected':
      return ringing ? finish(call, 'rejected', event.at) : call;
    case 'ring-timeout':
      return ringing ? finish(call, 'ring-timeout', event.at) : call;
    case 'transport-lost':
      if (ringing) return finish(call, 'missed', event.at);
      return inProgress ? { ...call, endedAt: event.at } : call;
    case 'ended':
      if (ringing) return finish(call, 'missed', event.at);
      return inProgress ? { ...call, endedAt: event.at } : call;
    default:
      return assertNever(event, 'call event');
  }
}

export function reduceCallEvents(ringingAt: number, events: readonly CallEvent[]): CallRecord {
  return events.reduce(reduceCall, startCall(ringingAt));
}

/** Whether this outcome asks for a callback ticket. */
export function needsCallback(outcome: CallOutcome): boolean {
  switch (outcome) {
    case 'missed':
    case 'ring-timeout':
      return true;
    case 'answered':
    case 'answered-elsewhere':
    case 'rejected':
      return false;
    default:
      return assertNever(outcome, 'call outcome');
  }
}

export function isSettled(call: CallRecord): boolean {
  return call.outcome !== null && (call.outcome !== 'answered' || call.endedAt !== null);
}
