import type { PriceDto } from '../../core/money/kpi-contract';
import { priceInForce, type PriceListName } from '../../core/money/price-lists';
import type { WorkReportLine } from '../../core/money/work-report';
import { formatMoney } from '../ui/format';

/**
 * The KPI tab's pure rules: how points and money are shown, typed and drawn. Both are kept in hundredths
 * (core/money/price-list.ts): money as minor units, points so that half a point stays exact.
 */

/** Points as a plain number ("1,5"), money in its currency. */
export function formatWorkValue(hundredths: number, currency: string | null, locale: string): string {
  if (currency !== null) return formatMoney(hundredths, currency, locale);
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(hundredths / 100);
}

export type WorkBar = Readonly<{ code: string; name: string; total: number; quantity: number; width: number }>;

/**
 * One bar per work type, the largest full width; a type worth anything keeps at least 2 px so it is seen,
 * and a row without any total draws flat bars rather than dividing by zero.
 */
export function workBars(lines: readonly WorkReportLine[], maxWidth: number): readonly WorkBar[] {
  const max = Math.max(0, ...lines.map((l) => l.total));
  return lines.map((l) => ({
    code: l.code,
    name: l.name,
    total: l.total,
    quantity: l.quantity,
    width: max === 0 || l.total === 0 ? 0 : Math.max(2, Math.round((l.total / max) * maxWidth)),
  }));
}

/** The first and last day of the month a day falls in (YYYY-MM-DD), the report's default period. */
export function monthOf(day: string): Readonly<{ from: string; to: string }> {
  const [y, m] = day.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const mm = String(m).padStart(2, '0');
  return { from: `${y}-${mm}-01`, to: `${y}-${mm}-${String(last).padStart(2, '0')}` };
}

/** A work type the drawer offers on a ticket: the price that its completion day will charge. */
export type OfferedPrice = Readonly<{
  code: string;
  name: string;
  unit: string;
  value: number;
  currency: string | null;
}>;

/**
 * The work types of one list that have a price in force on `day` (core's priceInForce, the rule the mutator
 * prices a line by), by name: a type priced only from a later date is not offered, and an older price of an
 * offered type is not what is shown.
 */
export function offeredPrices(
  items: readonly PriceDto[],
  list: PriceListName,
  day: string,
  locale: string,
): readonly OfferedPrice[] {
  const byCode = new Map<string, PriceDto[]>();
  for (const item of items) {
    if (item.list !== list) continue;
    byCode.set(item.code, [...(byCode.get(item.code) ?? []), item]);
  }
  const offered: OfferedPrice[] = [];
  for (const group of byCode.values()) {
    const price = priceInForce(group, day);
    if (price) {
      offered.push({
        code: price.code,
        name: price.name,
        unit: price.unit,
        value: price.value,
        currency: price.currency,
      });
    }
  }
  return offered.sort((a, b) => a.name.localeCompare(b.name, locale) || a.code.localeCompare(b.code));
}
