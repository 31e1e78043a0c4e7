import { describe, expect, it } from 'vitest';
import { reduceCall, startCall } from '../../core/calls/index';
import {
  addRecent,
  cleanDialInput,
  daysSince,
  dialableNumber,
  formatCallTimer,
  formatIceServers,
  parseIceServers,
  peerLabel,
  phaseOf,
  RECENT_LIMIT,
  recentKind,
} from './call-view';
import type { SoftphoneCall } from './sip/softphone-types';

const caller = {
  kind: 'number',
  number: '8 029 123-45-67',
  e164: '+375291234567',
  displayName: null,
  source: 'from',
} as const;
const call = (id: string, over: Partial<SoftphoneCall> = {}): SoftphoneCall => ({
  id,
  direction: 'incoming',
  peer: caller,
  record: startCall(1000),
  muted: false,
  held: false,
  ...over,
});

describe('the phone’s view of calls', () => {
  it('shows a caller’s number as Pult shows numbers, whatever form it came in; an extension as it came', () => {
    expect(peerLabel({ ...caller, number: '80291234567' }).number).toBe('8 029 123-45-67');
    expect(peerLabel({ ...caller, number: '+79161234567', e164: '+79161234567' }).number).toBe('+7 916 123 45 67');
    expect(peerLabel({ ...caller, e164: null, number: '101' }).number).toBe('101');
  });

  it('dials back the E.164 form, and has nothing to dial for a withheld or SIP-name caller', () => {
    expect(dialableNumber(caller)).toBe('+375291234567');
    expect(dialableNumber({ ...caller, e164: null, number: '101' })).toBe('101');
    expect(dialableNumber({ kind: 'withheld', displayName: 'Anonymous' })).toBeNull();
    expect(dialableNumber({ kind: 'unknown', user: 'alice', displayName: null })).toBeNull();
  });

  it('times a call as m:ss, and h:mm:ss past an hour', () => {
    expect(formatCallTimer(0)).toBe('0:00');
    expect(formatCallTimer(7_900)).toBe('0:07');
    expect(formatCallTimer(754_000)).toBe('12:34');
    expect(formatCallTimer(3_723_000)).toBe('1:02:03');
    expect(formatCallTimer(-5)).toBe('0:00');
  });

  it('tells ringing, in-call and ended apart, and words every outcome', () => {
    const ringing = call('a');
    expect(phaseOf(ringing)).toBe('ringing');
    const answered = { ...ringing, record: reduceCall(ringing.record, { type: 'answered', at: 2000 }) };
    expect(phaseOf(answered)).toBe('in-call');
    const ended = { ...answered, record: reduceCall(answered.record, { type: 'ended', at: 9000 }) };
    expect(phaseOf(ended)).toBe('ended');
    expect(recentKind(ended)).toBe('answered');
    const elsewhere = {
      ...ringing,
      record: reduceCall(ringing.record, { type: 'cancelled', at: 2000, reason: ['SIP;cause=200;text="elsewhere"'] }),
    };
    expect(recentKind(elsewhere)).toBe('answered-elsewhere');
    const missed = { ...ringing, record: reduceCall(ringing.record, { type: 'cancelled', at: 2000, reason: [] }) };
    expect(recentKind(missed)).toBe('missed');
    expect(recentKind({ ...ringing, record: reduceCall(ringing.record, { type: 'ring-timeout', at: 2 }) })).toBe(
      'missed',
    );
    expect(
      recentKind({
        ...ringing,
        direction: 'outgoing',
        record: reduceCall(ringing.record, { type: 'rejected', at: 2 }),
      }),
    ).toBe('not-connected');
    expect(phaseOf({ ...ringing, direction: 'outgoing' })).toBe('dialling');
  });

  it('keeps the recent calls newest first, each call once, and no more than the limit', () => {
    let recent: readonly SoftphoneCall[] = [];
    for (let i = 0; i < RECENT_LIMIT + 5; i++) recent = addRecent(recent, call(`c${i}`));
    recent = addRecent(recent, call(`c${RECENT_LIMIT + 4}`));
    expect(recent).toHaveLength(RECENT_LIMIT);
    expect(recent[0]?.id).toBe(`c${RECENT_LIMIT + 4}`);
    expect(new Set(recent.map((c) => c.id)).size).toBe(RECENT_LIMIT);
  });

  it('reads ICE servers one per line, with optional credentials, and names the bad line', () => {
    expect(parseIceServers('')).toEqual({ ok: true, servers: [] });
    const text = 'stun:stun.example.by:3478\n\n  turn:turn.example.by user secret  ';
    const parsed = parseIceServers(text);
    expect(parsed).toEqual({
      ok: true,
      servers: [
        { urls: 'stun:stun.example.by:3478' },
        { urls: 'turn:turn.example.by', username: 'user', credential: 'secret' },
      ],
    });
    if (parsed.ok) expect(parseIceServers(formatIceServers(parsed.servers))).toEqual(parsed);
    expect(parseIceServers('stun:a\nhttp://b')).toEqual({ ok: false, line: 2 });
    expect(parseIceServers('turn:a user')).toEqual({ ok: false, line: 1 });
  });

  it('keeps only keypad characters in the dial field, and counts a debt’s age in whole days', () => {
    expect(cleanDialInput('+375 (29) 123-45-67 ext*#')).toBe('+375291234567*#');
    expect(daysSince(0, 3 * 86_400_000 + 5)).toBe(3);
    expect(daysSince(10, 0)).toBe(0);
  });
});
