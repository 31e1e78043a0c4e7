import { describe, expect, it } from 'vitest';
import { formatDate, formatDuration, formatInteger, formatMoney } from './format';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe('formatDuration: time in a status as a person says it', () => {
  it('says "2 ч 15 мин" in Russian and "2 hrs 15 mins" in English', () => {
    expect(formatDuration(2 * HOUR + 15 * MIN, 'ru-RU')).toBe('2 ч 15 мин');
    expect(formatDuration(2 * HOUR + 15 * MIN, 'en-GB')).toBe('2 hrs 15 mins');
  });

  it('keeps only the two largest units, rounding down', () => {
    expect(formatDuration(3 * DAY + 4 * HOUR + 59 * MIN + 59_999, 'ru-RU')).toBe('3 дн. 4 ч');
    expect(formatDuration(HOUR + 59 * MIN + 59_999, 'ru-RU')).toBe('1 ч 59 мин');
  });

  it('drops a zero second unit instead of saying "0 мин"', () => {
    expect(formatDuration(2 * HOUR, 'ru-RU')).toBe('2 ч');
    expect(formatDuration(5 * DAY, 'ru-RU')).toBe('5 дн.');
  });

  it('shows seconds only below a minute, and never a negative time', () => {
    expect(formatDuration(45_500, 'ru-RU')).toBe('45 с');
    expect(formatDuration(0, 'en-GB')).toBe('0 secs');
    expect(formatDuration(-5_000, 'ru-RU')).toBe('0 с');
    expect(formatDuration(MIN, 'ru-RU')).toBe('1 мин');
  });
});

describe('formatMoney: minor units in the client currency', () => {
  it('divides by 100 and names the currency in the locale', () => {
    expect(formatMoney(35_050, 'BYN', 'ru-RU').replace(/\s/g, ' ')).toBe('350,50 BYN');
    expect(formatMoney(35_050, 'RUB', 'ru-RU').replace(/\s/g, ' ')).toBe('350,50 ₽');
    expect(formatMoney(123_456_789, 'BYN', 'en-GB').replace(/\s/g, ' ')).toBe('BYN 1,234,567.89');
  });

  it('keeps kopecks exact for amounts a float would round', () => {
    expect(formatMoney(1, 'BYN', 'en-GB').replace(/\s/g, ' ')).toBe('BYN 0.01');
    expect(formatMoney(10_000_000_000_00 - 1, 'RUB', 'ru-RU').replace(/\s/g, ' ')).toBe('9 999 999 999,99 ₽');
  });
});

describe('numbers and dates follow the locale', () => {
  it('groups thousands the Russian and the British way', () => {
    expect(formatInteger(100_000, 'ru-RU').replace(/\s/g, ' ')).toBe('100 000');
    expect(formatInteger(100_000, 'en-GB')).toBe('100,000');
  });

  it('writes dates day first in both locales', () => {
    const at = Date.UTC(2026, 2, 5, 12);
    expect(formatDate(at, 'ru-RU', 'UTC')).toBe('05.03.2026');
    expect(formatDate(at, 'en-GB', 'UTC')).toBe('05/03/2026');
  });
});
