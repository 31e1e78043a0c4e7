import { DateTime } from 'luxon';
import { describe, expect, test } from 'vitest';
import { dayFromPicker, INVALID_DAY, pickerFromDay, pickerLocale } from './date-field-value';

describe('a date field holds a yyyy-MM-dd day', () => {
  test('a real day goes to the picker and back unchanged', () => {
    expect(dayFromPicker(pickerFromDay('2026-12-01'))).toBe('2026-12-01');
    expect(pickerFromDay('2026-12-01')?.day).toBe(1);
  });

  test('empty and impossible days give the picker nothing; a half-typed picker value is invalid, a cleared one empty', () => {
    expect(pickerFromDay('')).toBeNull();
    expect(pickerFromDay('2026-02-31')).toBeNull();
    expect(pickerFromDay(INVALID_DAY)).toBeNull();
    expect(dayFromPicker(null)).toBe('');
    expect(dayFromPicker(DateTime.invalid('half typed'))).toBe(INVALID_DAY);
  });

  test('Russian writes the day first with dots, English the British way, day first', () => {
    const day = DateTime.fromISO('2026-12-01');
    expect(day.setLocale(pickerLocale('ru')).toLocaleString(DateTime.DATE_SHORT)).toBe('01.12.2026');
    expect(day.setLocale(pickerLocale('en')).toLocaleString(DateTime.DATE_SHORT)).toBe('01/12/2026');
  });
});
