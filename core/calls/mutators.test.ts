import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { callbackRuleSuite } from '../test-support/callback-rule-suite.js';
import { createMemoryStore } from '../test-support/memory-store.js';
import { callerNumber, storedOutcome } from './mutators.js';

callbackRuleSuite('the memory store', () => {
  const store = createMemoryStore();
  return { access: store, put: store.put };
});

describe('the number a callback is keyed by', () => {
  it.each([
    ['+375291234567', '+375291234567'],
    ['8 029 123-45-67', '+375291234567'],
    ['80291234567', '+375291234567'],
    ['sip:+375291234567@pbx', '+375291234567'],
    ['"Пётр" <sip:8029-123-45-67@pbx;user=phone>', '+375291234567'],
    ['<tel:+375-29-123-45-67>', '+375291234567'],
    ['8 (916) 123-45-67', '+79161234567'],
    ['101', '101'],
  ])('%s is keyed %s', (raw, key) => {
    expect(callerNumber(raw).key).toBe(key);
  });

  it.each(['', '  ', 'anonymous', 'Anonymous', 'restricted', 'sip:anonymous@anonymous.invalid', 'sip:alice@pbx'])(
    '%j has no number to dial',
    (raw) => {
      expect(callerNumber(raw)).toEqual({ key: null, e164: null });
    },
  );

  it('never throws, whatever a PBX writes', () => {
    fc.assert(fc.property(fc.string(), (raw) => void callerNumber(raw)));
  });
});

describe('the stored outcome of a report', () => {
  it('a ring timeout is a miss, and a Reason of cause=200 on either makes it answered elsewhere', () => {
    expect(storedOutcome('ring-timeout', [])).toBe('missed');
    expect(storedOutcome('missed', ['Q.850;cause=16'])).toBe('missed');
    expect(storedOutcome('missed', ['Q.850;cause=16, SIP;cause=200'])).toBe('answered_elsewhere');
    expect(storedOutcome('ring-timeout', ['sip;CAUSE=200'])).toBe('answered_elsewhere');
    // A Reason never turns a call that was answered or rejected here into something else.
    expect(storedOutcome('answered', ['SIP;cause=200'])).toBe('answered');
    expect(storedOutcome('rejected', ['SIP;cause=200'])).toBe('rejected');
  });
});
