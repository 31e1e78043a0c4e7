import { describe, expect, it } from 'vitest';
import { dateError, formErrors, parseDay, phoneError, requiredError, taxIdError, vinError } from './directory-form';

describe('the directory forms point at a mistake before anything is sent', () => {
  it('a tax id is checked by length and by check digit; an empty one is allowed', () => {
    expect(taxIdError('')).toBeNull();
    expect(taxIdError('100325912')).toBeNull();
    expect(taxIdError('7707083893')).toBeNull();
    expect(taxIdError('100325913')).toBe('taxIdChecksum');
    expect(taxIdError('12345')).toBe('taxIdFormat');
  });

  it('phones are Belarusian or Russian; plates are required; a VIN has no I, O or Q', () => {
    expect(phoneError('8 029 123-45-67')).toBeNull();
    expect(phoneError('8 (916) 123-45-67')).toBeNull();
    expect(phoneError('12-34')).toBe('phone');
    expect(requiredError('  ')).toBe('required');
    expect(vinError('xta21099043512345')).toBeNull();
    expect(vinError('XTA2109904351234O')).toBe('vin');
  });

  it('a date is read day first, as typed in Russia, and an impossible one is refused', () => {
    expect(parseDay('01.12.2026')).toBe(Date.UTC(2026, 11, 1));
    expect(parseDay('01122026')).toBe(Date.UTC(2026, 11, 1));
    expect(parseDay('')).toBeNull();
    expect(parseDay('31.02.2026')).toBeUndefined();
    // A date field holds its day as ISO, and says `invalid` while what was typed is not a date.
    expect(parseDay('2026-12-01')).toBe(Date.UTC(2026, 11, 1));
    expect(parseDay('2026-02-31')).toBeUndefined();
    expect(dateError('invalid')).toBe('date');
  });

  it('each field reports its first problem only', () => {
    expect(formErrors({ name: [requiredError('')], taxId: [taxIdError('1'), requiredError('1')] })).toEqual({
      name: 'required',
      taxId: 'taxIdFormat',
    });
    expect(formErrors({ name: [requiredError('x')] })).toEqual({});
  });
});
