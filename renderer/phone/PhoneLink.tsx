import Link from '@mui/material/Link';
import { useTranslation } from 'react-i18next';
import { usePhone } from './phone-context';

/**
 * A phone number shown in Pult, as a link that calls it through the window's phone. Without a phone that
 * can call (not set up, not registered) it stays plain text with the reason on hover, never a dead link.
 */
export function PhoneLink({ number }: Readonly<{ number: string }>) {
  const { t } = useTranslation();
  const phone = usePhone();
  if (!phone || phone.registration !== 'registered') {
    return (
      <span data-testid="phone-number" title={phone ? t(`phone.registration.${phone.registration}`) : undefined}>
        {number}
      </span>
    );
  }
  return (
    <Link
      component="button"
      type="button"
      underline="hover"
      onClick={() => void phone.dial(number)}
      title={t('phone.callNumber', { number })}
      data-testid="phone-link"
      sx={{ font: 'inherit', verticalAlign: 'baseline' }}
    >
      {number}
    </Link>
  );
}

/** Several numbers, each callable, separated by commas. */
export function PhoneLinks({ numbers }: Readonly<{ numbers: readonly string[] }>) {
  return (
    <>
      {numbers.map((n, i) => (
        <span key={n}>
          {i > 0 && ', '}
          <PhoneLink number={n} />
        </span>
      ))}
    </>
  );
}
