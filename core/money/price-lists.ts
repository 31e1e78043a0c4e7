/**
 * The two price lists: points for office staff, money for engineers. Zod-free, so the window can list them
 * without the schema library entering its bundle (core/money/price-list.ts holds the tables).
 */
export const PRICE_LISTS = ['points', 'money'] as const;
export type PriceListName = (typeof PRICE_LISTS)[number];
