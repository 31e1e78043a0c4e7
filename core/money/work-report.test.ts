import { describe, expect, it } from 'vitest';
import { splitByMonths, type MonthSplit } from './work-report.js';

/**
 * The report sums a period from per-month totals plus or minus a few days of lines. Whatever the period — inside
 * one month, across a year's end, over a leap February, starting or ending on a month's first or last day —
 * every day of it must count exactly once and every other day not at all.
 */
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function weightOf(split: MonthSplit, day: string): number {
  const inRange = (r: { start: string; end: string }) => (day >= r.start && day < r.end ? 1 : 0);
  const month = day.slice(0, 7);
  const whole = split.months && month >= split.months.first && month <= split.months.last ? 1 : 0;
  return whole + split.add.reduce((n, r) => n + inRange(r), 0) - split.subtract.reduce((n, r) => n + inRange(r), 0);
}

describe('splitByMonths', () => {
  it('counts every day of any period exactly once and every day around it not at all', () => {
    const start = Date.parse('2023-11-20T00:00:00Z');
    const window = 900;
    let checked = 0;
    for (let a = 0; a < window; a += 3) {
      for (const length of [1, 2, 9, 15, 16, 27, 28, 29, 30, 31, 32, 45, 59, 60, 61, 100, 365, 366, 367]) {
        const from = iso(start + a * DAY);
        const to = iso(start + (a + length - 1) * DAY);
        const split = splitByMonths(from, to);
        for (let d = a - 40; d < a + length + 40; d++) {
          const day = iso(start + d * DAY);
          const expected = day >= from && day <= to ? 1 : 0;
          if (weightOf(split, day) !== expected) {
            throw new Error(`${from}..${to}: ${day} counts ${weightOf(split, day)} times (${JSON.stringify(split)})`);
          }
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(5000);
  });

  it('reads a year to today from whole months and the lines of at most half a month at each edge', () => {
    expect(splitByMonths('2025-12-02', '2026-12-02')).toEqual({
      months: { first: '2025-12', last: '2026-11' },
      add: [{ start: '2026-12-01', end: '2026-12-03' }],
      subtract: [{ start: '2025-12-01', end: '2025-12-02' }],
    });
    expect(splitByMonths('2026-01-01', '2026-12-31')).toEqual({
      months: { first: '2026-01', last: '2026-12' },
      add: [],
      subtract: [],
    });
    expect(splitByMonths('2026-02-10', '2026-02-12')).toEqual({
      months: null,
      add: [{ start: '2026-02-10', end: '2026-02-13' }],
      subtract: [],
    });
    for (let a = 0; a < 400; a++) {
      const from = iso(Date.parse('2025-01-01T00:00:00Z') + a * DAY);
      const to = iso(Date.parse('2025-01-01T00:00:00Z') + (a + 200) * DAY);
      const split = splitByMonths(from, to);
      const days = [...split.add, ...split.subtract].reduce(
        (n, r) => n + (Date.parse(r.end) - Date.parse(r.start)) / DAY,
        0,
      );
      expect(days, `${from}..${to}`).toBeLessThanOrEqual(32);
      for (const r of [...split.add, ...split.subtract]) {
        expect((Date.parse(r.end) - Date.parse(r.start)) / DAY, `${from}..${to}`).toBeLessThanOrEqual(16);
      }
    }
  });
});
