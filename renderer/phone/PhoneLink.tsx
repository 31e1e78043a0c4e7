import type { MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { usePhone } from './phone-context';

/**
 * A phone number shown in Pult, as a link that calls it through the window's phone. Without a phone that
 * can call (not set up, not registered) it stays plain text with the reason on hover, never a dead link.
 *
 * A plain button styled by the first screen's stylesheet (`.p-phone-link`), not an MUI link: the ticket grid's
 * rows carry one each and are drawn before MUI loads. Its click is the call only: it never also reaches what
 * it sits in (a grid row would open its drawer and move the selection). Enter and Space press it, as any button.
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
  const call = (e: MouseEvent) => {
    e.stopPropagation();
    void phone.dial(number);
  };
  return (
    <button
      type="button"
      className="p-phone-link"
      onClick={call}
      title={t('phone.callNumber', { number })}
      data-testid="phone-link"
    >
      {number}
    </button>
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
