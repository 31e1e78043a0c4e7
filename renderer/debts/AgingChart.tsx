import Box from '@mui/material/Box';
import { useTranslation } from 'react-i18next';
import type { DebtList } from '../../core/contract';
import { AGING_BUCKETS } from '../../core/money/debt';
import { formatMoney } from '../ui/format';
import { useLocale } from '../ui/useLocale';
import { agingBars } from './debt-view';

const HEIGHT = 64;
const BAR = 44;
const GAP = 16;
const COLORS = ['#66bb6a', '#ffa726', '#ef6c00', '#c62828'] as const;

/**
 * Four bars, one per aging bucket, for each currency: plain SVG, because four rectangles need no chart
 * library in the pane's chunk. Each bar says its sum and count in its title (and to a screen reader).
 */
export function AgingChart({ buckets }: Readonly<{ buckets: DebtList['buckets'] }>) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const currencies = [...new Set(buckets.map((b) => b.currency))];
  return (
    <Box sx={{ display: 'flex', gap: 3, flexWrap: 'wrap' }} data-testid="aging-chart">
      {currencies.map((currency) => {
        const bars = agingBars(
          buckets.filter((b) => b.currency === currency),
          AGING_BUCKETS,
          HEIGHT,
        );
        const width = bars.length * (BAR + GAP);
        return (
          <svg
            key={currency}
            width={width}
            height={HEIGHT + 36}
            role="img"
            aria-label={t('debts.chart.label', { currency })}
          >
            {bars.map((bar, i) => {
              const x = i * (BAR + GAP);
              const label = t('debts.chart.bar', {
                bucket: t(`debts.bucket.${bar.bucket}`),
                sum: formatMoney(bar.owed, currency, locale),
                count: bar.visits,
              });
              return (
                <g key={bar.bucket} data-testid={`aging-${bar.bucket}`} data-owed={bar.owed}>
                  <title>{label}</title>
                  <rect x={x} y={HEIGHT - bar.height + 4} width={BAR} height={bar.height} fill={COLORS[i]} rx={2} />
                  <text x={x + BAR / 2} y={HEIGHT + 20} textAnchor="middle" fontSize={11} fill="currentColor">
                    {t(`debts.bucket.${bar.bucket}`)}
                  </text>
                  <text x={x + BAR / 2} y={HEIGHT + 33} textAnchor="middle" fontSize={10} fill="gray">
                    {bar.visits}
                  </text>
                </g>
              );
            })}
          </svg>
        );
      })}
    </Box>
  );
}
