import { describe, expect, it } from 'vitest';
import { AGING_BUCKETS } from '../../core/money/debt';
import { agingBars, dayInputToMillis, fileBytes, followUpState, millisToDayInput } from './debt-view';

describe('follow-ups', () => {
  const noon = new Date(2026, 11, 2, 12, 0).getTime();
  it('a follow-up earlier today is due today, one before midnight yesterday is overdue, tomorrow is later', () => {
    expect(followUpState(new Date(2026, 11, 2, 0, 0).getTime(), noon)).toBe('today');
    expect(followUpState(new Date(2026, 11, 2, 23, 59).getTime(), noon)).toBe('today');
    expect(followUpState(new Date(2026, 11, 1, 23, 59).getTime(), noon)).toBe('overdue');
    expect(followUpState(new Date(2026, 11, 3, 0, 0).getTime(), noon)).toBe('later');
  });
});

describe('the aging chart', () => {
  it('the largest sum is full height, an empty bucket is flat, a tiny one still shows', () => {
    const bars = agingBars(
      [
        { bucket: '0-7', owed: 1, visits: 1 },
        { bucket: '31-90', owed: 1000, visits: 3 },
      ],
      AGING_BUCKETS,
      80,
    );
    expect(bars.map((b) => [b.bucket, b.height])).toEqual([
      ['0-7', 2],
      ['8-30', 0],
      ['31-90', 80],
      ['90+', 0],
    ]);
    expect(agingBars([], AGING_BUCKETS, 80).every((b) => b.height === 0)).toBe(true);
  });
});

describe('files and dates', () => {
  it('base64 from the desk becomes the same bytes', () => {
    expect([...fileBytes(btoa('%PDF-\u00ff'))]).toEqual([37, 80, 68, 70, 45, 255]);
  });
  it('a date input round-trips through the start of that day; nonsense is null', () => {
    const ms = dayInputToMillis('2026-12-02')!;
    expect(new Date(ms).getHours()).toBe(0);
    expect(millisToDayInput(ms)).toBe('2026-12-02');
    expect(dayInputToMillis('2026-02-30')).toBeNull();
    expect(dayInputToMillis('')).toBeNull();
  });
});
