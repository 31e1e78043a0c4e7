import { useTranslation } from 'react-i18next';
import type { WorkReportRow } from '../../core/contract';
import { useLocale } from '../ui/useLocale';
import { formatWorkValue, workBars } from './work-view';

const LABEL = 180;
const BAR_MAX = 220;
const ROW = 18;

/**
 * One employee's points or earnings by work type as horizontal bars: plain SVG like the aging chart, because a
 * few rectangles need no chart library in the pane's chunk. Each bar says its total in its title.
 */
export function WorkChart({ row }: Readonly<{ row: WorkReportRow }>) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const bars = workBars(row.lines, BAR_MAX);
  const height = bars.length * ROW + 4;
  return (
    <svg
      width={LABEL + BAR_MAX + 110}
      height={height}
      role="img"
      aria-label={t('kpi.report.chart', { name: row.name })}
      data-testid="work-chart"
    >
      {bars.map((bar, i) => {
        const y = i * ROW + 2;
        const value = formatWorkValue(bar.total, row.currency, locale);
        return (
          <g key={bar.code} data-testid="work-bar" data-code={bar.code} data-total={bar.total}>
            <title>{`${bar.name}: ${value} (${bar.quantity})`}</title>
            <text x={LABEL - 6} y={y + 12} textAnchor="end" fontSize={12} fill="currentColor">
              {bar.name.length > 28 ? `${bar.name.slice(0, 27)}…` : bar.name}
            </text>
            <rect x={LABEL} y={y + 2} width={bar.width} height={ROW - 6} fill="#1976d2" rx={2} />
            <text x={LABEL + bar.width + 6} y={y + 12} fontSize={12} fill="gray">
              {value}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
