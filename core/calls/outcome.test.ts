import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { needsCallback, reduceCallEvents, type CallEvent } from './outcome.js';

describe('call outcome reducer', () => {
  it('a call cancelled without a Reason is missed and needs a callback', () => {
    const call = reduceCallEvents(0, [{ type: 'cancelled', at: 5, reason: [] }]);
    expect(call.outcome).toBe('missed');
    expect(call.endedAt).toBe(5);
    expect(needsCallback('missed')).toBe(true);
  });

  it('a call cancelled with SIP;cause=200 was answered elsewhere and needs no callback', () => {
    const call = reduceCallEvents(0, [{ type: 'cancelled', at: 5, reason: ['SIP;cause=200'] }]);
    expect(call.outcome).toBe('answered-elsewhere');
    expect(needsCallback('answered-elsewhere')).toBe(false);
  });

  it('an answered call stays answered when a late CANCEL or a dropped socket follows', () => {
    const call = reduceCallEvents(0, [
      { type: 'answered', at: 2 },
      { type: 'cancelled', at: 3, reason: [] },
      { type: 'transport-lost', at: 9 },
      { type: 'ended', at: 10 },
    ]);
    expect(call).toEqual({ ringingAt: 0, answeredAt: 2, endedAt: 9, outcome: 'answered' });
  });

  it('a socket lost while ringing records the call as missed', () => {
    expect(reduceCallEvents(0, [{ type: 'transport-lost', at: 4 }]).outcome).toBe('missed');
  });

  it('a rejected call and a ring timeout are told apart', () => {
    expect(reduceCallEvents(0, [{ type: 'rejected', at: 1 }]).outcome).toBe('rejected');
    expect(reduceCallEvents(0, [{ type: 'ring-timeout', at: 60 }]).outcome).toBe('ring-timeout');
    expect(needsCallback('ring-timeout')).toBe(true);
    expect(needsCallback('rejected')).toBe(false);
  });

  const event: fc.Arbitrary<CallEvent> = fc.oneof(
    fc.record({ type: fc.constant('answered' as const), at: fc.nat() }),
    fc.record({
      type: fc.constant('cancelled' as const),
      at: fc.nat(),
      reason: fc.array(fc.constantFrom('SIP;cause=200', 'Q.850;cause=16', 'junk')),
    }),
    fc.record({ type: fc.constant('rejected' as const), at: fc.nat() }),
    fc.record({ type: fc.constant('ring-timeout' as const), at: fc.nat() }),
    fc.record({ type: fc.constant('transport-lost' as const), at: fc.nat() }),
    fc.record({ type: fc.constant('ended' as const), at: fc.nat() }),
  );

  it('the first settling event decides the outcome; nothing after it changes it', () => {
    fc.assert(
      fc.property(fc.array(event, { minLength: 1 }), fc.array(event), (first, rest) => {
        const settledBy = reduceCallEvents(0, first.slice(0, 1));
        const full = reduceCallEvents(0, [...first.slice(0, 1), ...rest]);
        expect(full.outcome).toBe(settledBy.outcome);
        expect(full.outcome).not.toBeNull();
      }),
    );
  });

  it('no sequence of events makes an answered call need a callback', () => {
    fc.assert(
      fc.property(fc.array(event), (rest) => {
        const call = reduceCallEvents(0, [{ type: 'answered', at: 1 }, ...rest]);
        expect(call.outcome).toBe('answered');
      }),
    );
  });
});
