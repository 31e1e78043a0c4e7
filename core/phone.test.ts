import { describe, expect, it } from 'vitest';
import { DEFAULT_PHONE_REGIONS, formatPhone, normalizePhone, phoneFormatter } from './phone.js';

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

  it.each(['290-66-83, доб. 4', '290-66-83 x4', '290-66-83 вн. 4'])(
    'the extension of a local number typed without its code, %s, is not read as part of a foreign number',
    (typed) => {
      expect(normalizePhone(typed)).toBeNull();
    },
  );

  it('reads a number in the region the office has set, not only in Belarus', () => {
    expect(normalizePhone('8 (916) 123-45-67', { defaultRegion: 'RU', fallbackRegions: [] })).toBe('+79161234567');
    expect(normalizePhone('029 123 45 67', { defaultRegion: 'RU', fallbackRegions: [] })).toBeNull();
  });
});

describe('phone display', () => {
  it.each([
    ['8 029 123-45-67', '8 029 123-45-67'],
    ['+375291234567', '8 029 123-45-67'],
    ['(029)1234567', '8 029 123-45-67'],
    ['+375 (17) 200-11-22', '8 017 200-11-22'],
    ['8 (495) 123-45-67', '+7 495 123 45 67'],
    ['+48 123456789', '+48 12 345 67 89'],
  ])('%s, however it was typed, is shown as %s', (typed, shown) => {
    expect(formatPhone(typed)).toBe(shown);
  });

  it('shows every spelling of one number the same way, so a row and a card never disagree', () => {
    const spellings = ['8 029 123-45-67', '+375291234567', '80291234567', '00375291234567', '375 29 1234567'];
    expect(new Set(spellings.map((s) => formatPhone(s)))).toEqual(new Set(['8 029 123-45-67']));
  });

  it('shows a number of the office’s own region nationally, whichever region that is', () => {
    const russia = { defaultRegion: 'RU', fallbackRegions: ['BY'] } as const;
    expect(formatPhone('+7 916 123-45-67', russia)).toBe('8 (916) 123-45-67');
    expect(formatPhone('+375291234567', russia)).toBe('+375 29 123 45 67');
  });

  it.each([
    ['  105 ', '105'],
    ['доб. 12, спросить Ивана', 'доб. 12, спросить Ивана'],
    ['+375 29 12', '+375 29 12'],
  ])('text that is not a full number, %j, is shown as typed', (typed, shown) => {
    expect(formatPhone(typed)).toBe(shown);
  });
});

describe('phone formatter with memory', () => {
  it('shows a stored E.164 number as formatPhone shows its typed spelling, and text without one as typed', () => {
    const format = phoneFormatter();
    for (const typed of ['8 029 123-45-67', '8 (495) 123-45-67', '+48 123456789', '+375 (17) 200-11-22']) {
      const e164 = normalizePhone(typed)!;
      expect(format(e164, DEFAULT_PHONE_REGIONS)).toBe(formatPhone(typed));
      expect(format(e164, DEFAULT_PHONE_REGIONS)).toBe(formatPhone(typed));
    }
    expect(format(' доб. 105 ', DEFAULT_PHONE_REGIONS)).toBe('доб. 105');
  });

  it('forgets what it formatted when the office’s region changes', () => {
    const format = phoneFormatter();
    expect(format('+79161234567', DEFAULT_PHONE_REGIONS)).toBe('+7 916 123 45 67');
    expect(format('+79161234567', { defaultRegion: 'RU', fallbackRegions: [] })).toBe('8 (916) 123-45-67');
    expect(format('+79161234567', { ...DEFAULT_PHONE_REGIONS })).toBe('+7 916 123 45 67');
  });
});
