import type { SessionDescriptionHandlerFactory } from 'sip.js';
import type { Caller, CallRecord } from '../../../core/calls/index.js';
import type { PhoneRegions } from '../../../core/phone.js';

/** The softphone's public vocabulary: its settings, what it says about calls, and its refusals. */

export type IceServer = Readonly<{ urls: string | readonly string[]; username?: string; credential?: string }>;

export type SoftphoneOptions = Readonly<{
  /** `wss://pbx.example:8089/ws` (or `ws://` on a trusted network). */
  server: string;
  /** `sip:101@pbx.example`: the desk's own extension, or a ring group's AOR several desks register to. */
  aor: string;
  authorizationUsername?: string;
  authorizationPassword?: string;
  displayName?: string;
  /** STUN/TURN servers. None by default: sip.js would otherwise ask a public STUN host on every call. */
  iceServers?: readonly IceServer[];
  phoneRegions?: PhoneRegions;
  /** Seconds before this desk stops ringing by itself (a PBX usually gives up first). */
  ringTimeoutSeconds?: number;
  registrationExpiresSeconds?: number;
  /** Reconnect backoff: the first delay, doubled after each failure up to the maximum. */
  reconnect?: Readonly<{ initialDelayMs: number; maxDelayMs: number }>;
  /** Media. sip.js's WebRTC handler by default; tests in Node give a static one. */
  sessionDescriptionHandlerFactory?: SessionDescriptionHandlerFactory;
}>;

export type RegistrationState = 'registered' | 'unregistered' | 'reconnecting';
export type CallDirection = 'incoming' | 'outgoing';

export type SoftphoneCall = Readonly<{
  /** The SIP Call-ID: what the call log stores, and what every method below takes. */
  id: string;
  direction: CallDirection;
  /** The other party: the caller of an incoming call, the callee of an outgoing one. */
  peer: Caller;
  record: CallRecord;
  muted: boolean;
  held: boolean;
}>;

export type SoftphoneEvent =
  | Readonly<{ type: 'registration'; state: RegistrationState }>
  | Readonly<{ type: 'incoming'; call: SoftphoneCall }>
  | Readonly<{ type: 'answered'; call: SoftphoneCall }>
  /** Once per call, when its outcome is final (for an answered call: when it hung up). */
  | Readonly<{ type: 'ended'; call: SoftphoneCall }>
  | Readonly<{ type: 'error'; message: string }>;

export type SoftphoneListener = (event: SoftphoneEvent) => void;

/** A refused command: nothing was sent and no call changed. */
export class SoftphoneError extends Error {
  override readonly name = 'SoftphoneError';
}
