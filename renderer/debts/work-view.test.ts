import { describe, expect, it } from 'vitest';
import type { PriceDto } from '../../core/money/kpi-contract';
import { formatWorkValue, monthOf, offeredPrices, workBars } from './work-view';

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

describe('the work types the ticket drawer offers', () => {
  const price = (
    code: string,
    list: 'points' | 'money',
    value: number,
    effectiveFrom: string,
    setAt = 0,
  ): PriceDto => ({
    id: `0190${String(value).padStart(4, '0')}-0000-7000-8000-${String(setAt).padStart(12, '0')}`,
    list,
    code,
    name: code === 'a' ? 'Монтаж' : 'Диагностика',
    unit: 'шт',
    value,
    currency: list === 'money' ? 'BYN' : null,
    effectiveFrom,
    setAt,
    inForce: false,
  });
  it('are those of the list with a price in force on the completion day, at that price, never a later one', () => {
    const items = [
      price('a', 'money', 40_00, '2026-01-01'),
      price('a', 'money', 55_00, '2026-03-01'),
      // The same date set again later: the correction wins.
      price('a', 'money', 41_00, '2026-01-01', 5),
      price('b', 'money', 10_00, '2026-04-01'),
      price('b', 'points', 150, '2026-01-01'),
    ];
    expect(offeredPrices(items, 'money', '2026-02-28', 'ru').map((p) => [p.code, p.value])).toEqual([['a', 41_00]]);
    expect(offeredPrices(items, 'money', '2026-04-01', 'ru').map((p) => [p.code, p.value])).toEqual([
      ['b', 10_00],
      ['a', 55_00],
    ]);
    expect(offeredPrices(items, 'points', '2026-04-01', 'ru').map((p) => [p.code, p.value])).toEqual([['b', 150]]);
    expect(offeredPrices(items, 'money', '2025-12-31', 'ru')).toEqual([]);
  });
});
