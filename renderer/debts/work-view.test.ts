import { describe, expect, it } from 'vitest';
import { formatWorkValue, monthOf, workBars } from './work-view';

describe('points and money', () => {
  it('points show as a number with up to two decimals, money in its currency', () => {
    expect(formatWorkValue(150, null, 'ru')).toBe('1,5');
    expect(formatWorkValue(300, null, 'en')).toBe('3');
    expect(formatWorkValue(190_00, 'BYN', 'en').replace(/\s/g, ' ')).toBe('BYN 190.00');
  });
});

describe('the work chart', () => {
  it('the largest total is full width, a zero is flat, a tiny one still shows', () => {
    const bars = workBars(
      [
        { code: 'a', name: 'A', quantity: 1, total: 10_000 },
        { code: 'b', name: 'B', quantity: 1, total: 1 },
        { code: 'c', name: 'C', quantity: 0, total: 0 },
      ],
      200,
    );
    expect(bars.map((b) => b.width)).toEqual([200, 2, 0]);
    expect(workBars([{ code: 'z', name: 'Z', quantity: 0, total: 0 }], 200)[0]?.width).toBe(0);
  });
});

describe('the default period', () => {
  it('is the calendar month of the day, February of a leap year included', () => {
    expect(monthOf('2026-12-02')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(monthOf('2028-02-10')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
  });
});
