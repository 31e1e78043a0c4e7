import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Tooltip from '@mui/material/Tooltip';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DebtSummary } from '../../core/contract';
import { formatDate, formatMoney } from './format';
import { useLocale } from './useLocale';

const chipSx = { height: 20, fontWeight: 600, flexShrink: 0, '& .MuiChip-label': { px: 0.75 } } as const;

/**
 * The mark of a debtor (a client with completed paid visits not yet paid). One component wherever a client
 * appears, so a dispatcher learns one sign: the grid row, the drawer, the client pickers.
 */
export function DebtBadge({ debt }: Readonly<{ debt: DebtSummary }>) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const sum = formatMoney(debt.sum, debt.currency, locale);
  // A tooltip costs a popper and its styled parts on every render even while closed, and the grid shows a
  // badge on every debtor's row; so it is mounted when the pointer or the focus first comes to the badge. The
  // chip is then remounted inside it: the browser sends the pointer's events to the new chip under the
  // pointer, and the focus is handed to it, so the tooltip opens as it always did.
  const [wanted, setWanted] = useState<'hover' | 'focus' | null>(null);
  const chipRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (wanted === 'focus') chipRef.current?.focus();
  }, [wanted]);
  const chip = (
    <Chip
      ref={chipRef}
      size="small"
      color="error"
      label={t('debt.badge', { count: debt.count })}
      aria-label={t('debt.badgeLabel', { count: debt.count, sum })}
      data-testid="debt-badge"
      data-debt-count={debt.count}
      sx={chipSx}
      onMouseEnter={wanted ? undefined : () => setWanted('hover')}
      onFocus={wanted ? undefined : () => setWanted('focus')}
    />
  );
  if (!wanted) return chip;
  const details = (
    <Box data-testid="debt-tooltip">
      <div>{t('debt.count', { count: debt.count })}</div>
      <div>{t('debt.sum', { sum })}</div>
      {debt.oldestAt !== null && <div>{t('debt.oldest', { date: formatDate(debt.oldestAt, locale) })}</div>}
    </Box>
  );
  return (
    <Tooltip title={details} arrow describeChild>
      {chip}
    </Tooltip>
  );
}
