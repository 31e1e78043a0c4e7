import { describe, expect, it } from 'vitest';
import { formatSince } from './relative-time';

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);
const S = 1000;
const MIN = 60 * S;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe('formatSince: the last sync as a person says it', () => {
  it('says "сейчас" / "now" for the last 45 seconds', () => {
    expect(formatSince(NOW, NOW, 'ru-RU')).toBe('сейчас');
    expect(formatSince(NOW - 44 * S, NOW, 'ru-RU')).toBe('сейчас');
    expect(formatSince(NOW - 10 * S, NOW, 'en-GB')).toBe('now');
  });

  it('counts minutes, then hours, then days, in the locale’s grammar', () => {
    expect(formatSince(NOW - 45 * S, NOW, 'ru-RU')).toBe('1 минуту назад');
    expect(formatSince(NOW - 2 * MIN, NOW, 'ru-RU')).toBe('2 минуты назад');
    expect(formatSince(NOW - 5 * MIN, NOW, 'ru-RU')).toBe('5 минут назад');
    expect(formatSince(NOW - 3 * HOUR, NOW, 'ru-RU')).toBe('3 часа назад');
    expect(formatSince(NOW - 3 * DAY, NOW, 'ru-RU')).toBe('3 дня назад');
    expect(formatSince(NOW - 5 * MIN, NOW, 'en-GB')).toBe('5 minutes ago');
  });

  it('counts whole units as a clock does: 2 min 59 s is still "2 минуты"', () => {
    expect(formatSince(NOW - (2 * MIN + 59 * S), NOW, 'ru-RU')).toBe('2 минуты назад');
    expect(formatSince(NOW - (HOUR - S), NOW, 'ru-RU')).toBe('59 минут назад');
    expect(formatSince(NOW - (2 * HOUR - S), NOW, 'en-GB')).toBe('1 hour ago');
  });

  it('says "1 день назад" rather than "вчера" for 30 hours: it counts time, not calendar days', () => {
    expect(formatSince(NOW - 30 * HOUR, NOW, 'ru-RU')).toBe('1 день назад');
  });

  it('gives the date and time for anything older than a week', () => {
    expect(formatSince(Date.UTC(2026, 10, 2, 9, 30), NOW, 'ru-RU', 'UTC')).toBe('02.11.2026, 09:30');
  });

  it('reads a stamp from slightly in the future (a clock that ticks every 15 s) as now', () => {
    expect(formatSince(NOW + 10 * S, NOW, 'ru-RU')).toBe('сейчас');
  });
});
