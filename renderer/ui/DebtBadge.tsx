import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Tooltip from '@mui/material/Tooltip';
import { useTranslation } from 'react-i18next';
import type { DebtSummary } from '../../core/contract';
import { formatDate, formatMoney } from './format';
import { useLocale } from './useLocale';

/**
 * The mark of a debtor (a client with completed paid visits not yet paid). One component wherever a client
 * appears, so a dispatcher learns one sign: the grid row, the drawer, the client pickers.
 */
export function DebtBadge({ debt }: Readonly<{ debt: DebtSummary }>) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const sum = formatMoney(debt.sum, debt.currency, locale);
  const tooltip = (
    <Box data-testid="debt-tooltip">
      <div>{t('debt.count', { count: debt.count })}</div>
      <div>{t('debt.sum', { sum })}</div>
      {debt.oldestAt !== null && <div>{t('debt.oldest', { date: formatDate(debt.oldestAt, locale) })}</div>}
    </Box>
  );
  return (
    <Tooltip title={tooltip} arrow describeChild>
      <Chip
        size="small"
        color="error"
        label={t('debt.badge', { count: debt.count })}
        aria-label={t('debt.badgeLabel', { count: debt.count, sum })}
        data-testid="debt-badge"
        data-debt-count={debt.count}
        sx={{ height: 20, fontWeight: 600, flexShrink: 0, '& .MuiChip-label': { px: 0.75 } }}
      />
    </Tooltip>
  );
}
