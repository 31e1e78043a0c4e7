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
