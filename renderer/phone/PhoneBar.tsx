import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import { useTranslation } from 'react-i18next';
import { assertNever } from '../../core/result';
import { hashOf } from '../app/routes';
import { useNow } from '../session/useNow';
import { formatCallTimer, peerLabel, phaseOf } from './call-view';
import { usePhone, type PhoneRegistration } from './phone-context';

function registrationColor(state: PhoneRegistration): 'success' | 'warning' | 'error' | 'default' {
  switch (state) {
    case 'registered':
      return 'success';
    case 'reconnecting':
      return 'warning';
    case 'unregistered':
      return 'error';
    case 'off':
      return 'default';
    default:
      return assertNever(state, 'registration');
  }
}

/**
 * The phone in the window's top bar, whatever pane is showing: whether the desk can take calls, the call
 * that rings (number, answer, reject) and the call in progress (its time, hang up).
 */
export function PhoneBar() {
  const { t } = useTranslation();
  const phone = usePhone();
  if (!phone) return null;
  const ringing = phone.calls.find((c) => phaseOf(c) === 'ringing');
  const inCall = phone.calls.find((c) => phaseOf(c) === 'in-call');
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, flexShrink: 0 }} data-testid="phone-bar">
      <Chip
        component="a"
        href={hashOf('calls')}
        clickable
        size="small"
        variant="outlined"
        color={registrationColor(phone.registration)}
        // Short in the bar (at 1024 px it shares the row with the pane's controls); the full words on hover.
        label={t(`phone.registrationShort.${phone.registration}`)}
        aria-label={t(`phone.registration.${phone.registration}`)}
        title={[t(`phone.registration.${phone.registration}`), phone.problem].filter(Boolean).join(' — ')}
        data-testid="phone-registration"
        data-state={phone.registration}
      />
      {ringing && (
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 0.75 }} data-testid="bar-ringing">
          <Box component="span" sx={{ fontWeight: 600, whiteSpace: 'nowrap' }} data-testid="bar-ringing-number">
            {(() => {
              const label = peerLabel(ringing.peer);
              return label.withheld ? t('phone.withheld') : (label.number ?? label.name ?? t('phone.unknownCaller'));
            })()}
          </Box>
          <Button
            size="small"
            variant="contained"
            color="success"
            onClick={() => phone.answer(ringing.id)}
            data-testid="bar-answer"
          >
            {t('phone.answer')}
          </Button>
          <Button
            size="small"
            variant="outlined"
            color="error"
            onClick={() => phone.reject(ringing.id)}
            data-testid="bar-reject"
          >
            {t('phone.reject')}
          </Button>
        </Box>
      )}
      {inCall && !ringing && (
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 0.75 }} data-testid="bar-in-call">
          <CallTimer since={inCall.record.answeredAt} />
          <Button
            size="small"
            variant="contained"
            color="error"
            onClick={() => phone.hangUp(inCall.id)}
            data-testid="bar-hang-up"
          >
            {t('phone.hangUp')}
          </Button>
        </Box>
      )}
    </Box>
  );
}

/** Ticks by itself, so only a call in progress re-renders every second, never the idle bar. */
function CallTimer({ since }: Readonly<{ since: number | null }>) {
  const now = useNow(1000);
  return (
    <Box component="span" sx={{ fontVariantNumeric: 'tabular-nums' }} data-testid="bar-timer">
      {formatCallTimer(now - (since ?? now))}
    </Box>
  );
}
