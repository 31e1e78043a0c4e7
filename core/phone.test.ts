import { describe, expect, it } from 'vitest';
import { normalizePhone } from './phone.js';

describe('phone normalisation', () => {
  it.each([
    ['8 029 123-45-67', '+375291234567'],
    ['+375291234567', '+375291234567'],
    ['80291234567', '+375291234567'],
    ['(029) 123 45 67', '+375291234567'],
    ['375 29 1234567', '+375291234567'],
    ['00375291234567', '+375291234567'],
    ['+375 (17) 200-11-22', '+375172001122'],
    ['8-017-2001122', '+375172001122'],
    ['8 (495) 123-45-67', '+74951234567'],
    ['+7 916 123-45-67', '+79161234567'],
    ['89161234567', '+79161234567'],
  ])('the way people type it, %s, is the same client as %s', (typed, e164) => {
    expect(normalizePhone(typed)).toBe(e164);
  });

  it.each(['', '123', 'позвонить завтра', '+375 29 12', '1'.repeat(30)])('"%s" is not a phone number', (typed) => {
    expect(normalizePhone(typed)).toBeNull();
  });

  it('reads a number in the region the office has set, not only in Belarus', () => {
    expect(normalizePhone('8 (916) 123-45-67', { defaultRegion: 'RU', fallbackRegions: [] })).toBe('+79161234567');
    expect(normalizePhone('029 123 45 67', { defaultRegion: 'RU', fallbackRegions: [] })).toBeNull();
  });
});
