import type { Role } from '../staff/tables.js';
import { assertNever } from '../result.js';

/**
 * The two price lists: points for office staff, money for engineers. Zod-free, so the window can list them
 * without the schema library entering its bundle (core/money/price-list.ts holds the tables).
 */
export const PRICE_LISTS = ['points', 'money'] as const;
export type PriceListName = (typeof PRICE_LISTS)[number];

/** Which employees a list pays: money goes to engineers, points to office staff (anyone with another role). */
export function mayEarnFrom(list: PriceListName, employee: Readonly<{ roles: readonly Role[] }>): boolean {
  switch (list) {
    case 'money':
      return employee.roles.includes('engineer');
    case 'points':
      return employee.roles.some((role) => role !== 'engineer');
    default:
      return assertNever(list, 'price list');
  }
}

/** What decides which price of a work type is in force: a price row's date, when it was set, and its id. */
export type PriceChoice = Readonly<{ effectiveFrom: string; setAt: number; id: string }>;

/**
 * The price of each code in force on `day` among `rows` (all of one list and code): the latest `effectiveFrom`
 * not after the day, then the latest set, then the larger id, so every store picks the same row. The window uses
 * it too, to offer the prices a ticket's completion day will be charged at.
 */
export function priceInForce<T extends PriceChoice>(rows: readonly T[], day: string): T | undefined {
  let best: T | undefined;
  for (const row of rows) {
    if (row.effectiveFrom > day) continue;
    if (
      !best ||
      row.effectiveFrom > best.effectiveFrom ||
      (row.effectiveFrom === best.effectiveFrom &&
        (row.setAt > best.setAt || (row.setAt === best.setAt && row.id > best.id)))
    ) {
      best = row;
    }
  }
  return best;
}
