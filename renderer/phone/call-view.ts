import type { Caller, CallOutcome } from '../../core/calls/index';
import type { IceServerSetting } from '../../core/calls/settings';
import { DEFAULT_PHONE_REGIONS } from '../../core/phone';
import { formatE164 } from '../../core/phone-display';
import { assertNever } from '../../core/result';
import type { SoftphoneCall } from './sip/softphone-types';

/** What the phone shows about calls, as pure functions the pane, the bar and the tests share. */

/** The number to dial back or to look up, or null when there is none (withheld, a SIP name). */
export function dialableNumber(peer: Caller): string | null {
  switch (peer.kind) {
    case 'number':
      return peer.e164 ?? peer.number;
    case 'withheld':
    case 'unknown':
      return null;
    default:
      return assertNever(peer, 'caller');
  }
}

export type PeerLabel = Readonly<{ number: string | null; name: string | null; withheld: boolean }>;

/**
 * Who is on the line, as the phone shows it: a public number as Pult shows numbers everywhere (8 017 238-89-84,
 * +7 495 123 45 67), whatever form the PBX sent it in; an extension or other non-public number as it came.
 */
export function peerLabel(peer: Caller, regions = DEFAULT_PHONE_REGIONS): PeerLabel {
  switch (peer.kind) {
    case 'number':
      return {
        number: peer.e164 ? formatE164(peer.e164, regions.defaultRegion) : peer.number,
        name: peer.displayName,
        withheld: false,
      };
    case 'withheld':
      return { number: null, name: peer.displayName, withheld: true };
    case 'unknown':
      return { number: peer.user || null, name: peer.displayName, withheld: false };
    default:
      return assertNever(peer, 'caller');
  }
}

/** `0:07`, `12:34`, `1:02:03`: a call's running time. */
export function formatCallTimer(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

export type CallPhase = 'ringing' | 'dialling' | 'in-call' | 'ended';

export function phaseOf(call: SoftphoneCall): CallPhase {
  const { record } = call;
  if (record.outcome === null) return call.direction === 'incoming' ? 'ringing' : 'dialling';
  if (record.outcome === 'answered' && record.endedAt === null) return 'in-call';
  return 'ended';
}

/** The word for a finished call in the recent list (`phone.outcome.*`). */
export type RecentKind = 'answered' | 'missed' | 'answered-elsewhere' | 'rejected' | 'outgoing' | 'not-connected';

export function recentKind(call: SoftphoneCall): RecentKind {
  const outcome: CallOutcome | null = call.record.outcome;
  if (call.direction === 'outgoing') return outcome === 'answered' ? 'outgoing' : 'not-connected';
  switch (outcome) {
    case 'answered':
      return 'answered';
    case 'answered-elsewhere':
      return 'answered-elsewhere';
    case 'rejected':
      return 'rejected';
    case 'missed':
    case 'ring-timeout':
    case null:
      return 'missed';
    default:
      return assertNever(outcome, 'call outcome');
  }
}

/** Whether a finished call is one the operator should be told about when the window is in the background. */
export function isMissed(call: SoftphoneCall): boolean {
  return recentKind(call) === 'missed';
}

/** How many finished calls the pane remembers for this session (the call log keeps all of them). */
export const RECENT_LIMIT = 50;

/** Newest first; a call reported twice (it cannot be, but a listener may be attached twice) appears once. */
export function addRecent(recent: readonly SoftphoneCall[], call: SoftphoneCall): readonly SoftphoneCall[] {
  return [call, ...recent.filter((c) => c.id !== call.id)].slice(0, RECENT_LIMIT);
}

/**
 * ICE servers as the settings dialog edits them: one per line, `URL` or `URL USERNAME CREDENTIAL`. Blank
 * lines are ignored; a line with two words (a user without a password) is an error naming the line.
 */
export function parseIceServers(
  text: string,
): Readonly<{ ok: true; servers: IceServerSetting[] }> | Readonly<{ ok: false; line: number }> {
  const servers: IceServerSetting[] = [];
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const parts = raw.trim().split(/\s+/).filter(Boolean);
    if (parts.length === 0) continue;
    const [urls, username, credential] = parts;
    if (!urls || !/^(stun|stuns|turn|turns):\S+$/i.test(urls) || parts.length === 2 || parts.length > 3) {
      return { ok: false, line: index + 1 };
    }
    servers.push(username && credential ? { urls, username, credential } : { urls });
  }
  return { ok: true, servers };
}

export function formatIceServers(servers: readonly IceServerSetting[]): string {
  return servers.map((s) => [s.urls, s.username, s.credential].filter(Boolean).join(' ')).join('\n');
}

/** Digits and the keys a phone's keypad has; anything else typed into the dial field is dropped. */
export function cleanDialInput(text: string): string {
  return text.replace(/[^0-9*#+]/g, '').slice(0, 40);
}

/** The days since `at`, for the debt's age on the caller card. */
export function daysSince(at: number, now: number): number {
  return Math.max(0, Math.floor((now - at) / 86_400_000));
}
