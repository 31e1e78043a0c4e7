import { Suspense, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DebtSummary } from '../../core/contract';
import { formatDate, formatMoney } from './format';
import { lazyMui } from './lazy-mui';
import { useLocale } from './useLocale';

const DebtTooltip = lazyMui(() => import('./DebtTooltip').then((m) => m.DebtTooltip));

/**
 * The mark of a debtor (a client with completed paid visits not yet paid). One component wherever a client
 * appears, so a dispatcher learns one sign: the grid row, the drawer, the client pickers. The badge is a plain
 * element (frame.css), since the grid draws it before MUI loads; its tooltip (count, sum, oldest date) is MUI's
 * and is loaded when the pointer or the focus first comes to a badge, then opened and closed by the badge's own
 * pointer and focus events.
 */
export function DebtBadge({ debt }: Readonly<{ debt: DebtSummary }>) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const sum = formatMoney(debt.sum, debt.currency, locale);
  const [hovered, setHovered] = useState(false);
  const [focused, setFocused] = useState(false);
  const [wanted, setWanted] = useState(false);
  const open = hovered || focused;
  const badge = (
    <span
      className="p-debt-badge"
      aria-label={t('debt.badgeLabel', { count: debt.count, sum })}
      data-testid="debt-badge"
      data-debt-count={debt.count}
      onMouseEnter={() => {
        setWanted(true);
        setHovered(true);
      }}
      onMouseLeave={() => setHovered(false)}
      onFocus={() => {
        setWanted(true);
        setFocused(true);
      }}
      onBlur={() => setFocused(false)}
    >
      {t('debt.badge', { count: debt.count })}
    </span>
  );
  if (!wanted) return badge;
  const details: ReactNode = (
    <div data-testid="debt-tooltip">
      <div>{t('debt.count', { count: debt.count })}</div>
      <div>{t('debt.sum', { sum })}</div>
      {debt.oldestAt !== null && <div>{t('debt.oldest', { date: formatDate(debt.oldestAt, locale) })}</div>}
    </div>
  );
  // While the tooltip's code loads, the badge itself stands in: the same element type and place, so the
  // pointer stays on it and its events keep coming.
  return (
    <Suspense fallback={badge}>
      <DebtTooltip title={details} open={open}>
        {badge}
      </DebtTooltip>
    </Suspense>
  );
}
