import { z } from 'zod';
import { Id, Millis, text } from '../schema/text.js';

/** Where a call record came from: a desk's softphone, the PBX's webhook, or the PBX's missed-call e-mail. */
export const CALL_SOURCES = ['desk', 'pbx', 'mail'] as const;
export const CallSource = z.enum(CALL_SOURCES);
export type CallSource = z.infer<typeof CallSource>;

/** A call's stored outcome. A ring timeout is stored as `missed`: both ask for the same callback. */
export const CALL_OUTCOMES = ['answered', 'missed', 'answered_elsewhere', 'rejected'] as const;
export const StoredCallOutcome = z.enum(CALL_OUTCOMES);
export type StoredCallOutcome = z.infer<typeof StoredCallOutcome>;

/**
 * One call, once: several desks of a ring group and the PBX itself may all report the same SIP Call-ID, and
 * they merge into the row already there (`call:record`).
 */
export const CallRow = z.object({
  id: Id,
  sipCallId: text(200),
  direction: z.enum(['in', 'out']),
  numberRaw: text(64),
  numberE164: text(20).nullable(),
  startedAt: Millis,
  answeredAt: Millis.nullable(),
  endedAt: Millis.nullable(),
  outcome: StoredCallOutcome,
  agentId: Id.nullable(),
  callbackTicketId: Id.nullable(),
  /** Who reported the call first. */
  source: CallSource,
  /** The PBX that reported it (webhook token owner or mailbox), when a PBX did. */
  pbxId: text(100).nullable(),
  /** The caller's (or callee's) client, when the number is in the directory. */
  clientId: Id.nullable(),
});

export const CALLBACK_STATES = ['open', 'resolved'] as const;
export const CallbackState = z.enum(CALLBACK_STATES);
export type CallbackState = z.infer<typeof CallbackState>;

/**
 * How a callback ended: the operator's call back connected, the client called again and was answered, or
 * someone closed it by hand.
 */
export const CALLBACK_RESOLUTIONS = ['called-back', 'answered', 'manual'] as const;
export const CallbackResolution = z.enum(CALLBACK_RESOLUTIONS);
export type CallbackResolution = z.infer<typeof CallbackResolution>;

/**
 * The callback side of a callback ticket; its id is the ticket's id. `numberKey` is what "one open callback
 * per number" compares: the E.164 form, or the bare digits of a number that has none (an internal
 * extension); null when the caller withheld the number, and then there is nothing to dial.
 */
export const CallbackRow = z.object({
  id: Id,
  numberKey: text(64).nullable(),
  numberRaw: text(64),
  clientId: Id.nullable(),
  missedCount: z.number().int().positive(),
  firstMissedAt: Millis,
  lastMissedAt: Millis,
  /** The planned time of the call back ("later" moves it). */
  dueAt: Millis,
  claimedBy: Id.nullable(),
  claimedAt: Millis.nullable(),
  state: CallbackState,
  resolvedAt: Millis.nullable(),
  resolution: CallbackResolution.nullable(),
});

export const CALL_TABLES = { calls: CallRow, callbacks: CallbackRow } as const;
