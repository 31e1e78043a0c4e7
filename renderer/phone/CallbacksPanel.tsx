import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpenCallback } from '../../core/calls/contract';
import { formatPhone } from '../../core/phone';
import type { PultErrorData } from '../../core/result';
import { QuickClient } from '../directory/QuickClient';
import { useNow } from '../session/useNow';
import { useApi } from '../ui/api-context';
import { errorText } from '../ui/error-message';
import { formatDateTime } from '../ui/format';
import { newId } from '../ui/ids';
import { useToast } from '../ui/toast';
import { useApiQuery } from '../ui/useApiQuery';
import { useLocale } from '../ui/useLocale';
import { callbackDialNumber, isOverdue, takenBy } from './callback-view';
import type { Phone } from './phone-context';

const OPEN_CALLBACKS = { limit: 200 } as const;

/**
 * The open callbacks, live: every missed call is one row per number (its counter says how many), the one
 * who claimed it is named, and the three things an operator does with it are one click each.
 */
export function CallbacksPanel({ phone }: Readonly<{ phone: Phone | null }>) {
  const { t } = useTranslation();
  const query = useApiQuery('callbacks:open', OPEN_CALLBACKS);
  const list = query.data ?? [];
  return (
    <Paper variant="outlined" sx={{ p: 2 }} data-testid="callbacks">
      <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>
        {t('phone.callbacks.title')}
        {list.length > 0 ? ` · ${list.length}` : ''}
      </Typography>
      {query.error && (
        <Alert severity="error" sx={{ mt: 1 }} data-testid="callbacks-error">
          {errorText(t, query.error)}
        </Alert>
      )}
      {query.data && list.length === 0 && (
        <Typography sx={{ color: 'text.secondary', mt: 1 }} data-testid="callbacks-none">
          {t('phone.callbacks.none')}
        </Typography>
      )}
      {list.length > 0 && (
        <Box component="ul" sx={{ listStyle: 'none', m: 0, p: 0 }} data-testid="callbacks-list">
          {list.map((callback) => (
            <CallbackRow key={callback.id} callback={callback} phone={phone} />
          ))}
        </Box>
      )}
    </Paper>
  );
}

function CallbackRow({ callback, phone }: Readonly<{ callback: OpenCallback; phone: Phone | null }>) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const api = useApi();
  const toast = useToast();
  const now = useNow(30_000);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const number = callbackDialNumber(callback);

  /** Someone else holding it is said in the row itself, by name: the operator must not call too. */
  const refused = (error: PultErrorData) => {
    const owner = takenBy(error);
    if (owner !== null) setRefusal(t('phone.callbacks.takenBy', { name: owner }));
    else toast({ severity: 'error', message: errorText(t, error) });
  };

  const claim = async () => {
    setBusy(true);
    setRefusal(null);
    const result = await api.call('callback:claim', { id: callback.id, logId: newId() });
    setBusy(false);
    if (!result.ok) return refused(result.error);
    if (number !== null && phone && phone.registration !== 'off') await phone.dial(number);
  };
  const later = async () => {
    setBusy(true);
    const result = await api.call('callback:later', { id: callback.id });
    setBusy(false);
    if (result.ok) toast({ severity: 'success', message: t('phone.callbacks.laterDone') });
    else refused(result.error);
  };
  const done = async () => {
    setBusy(true);
    const result = await api.call('callback:resolve', { id: callback.id, logId: newId() });
    setBusy(false);
    if (result.ok) toast({ severity: 'success', message: t('phone.callbacks.resolved') });
    else refused(result.error);
  };

  return (
    <Box
      component="li"
      data-testid="callback-row"
      data-callback-id={callback.id}
      data-number={callback.numberKey ?? ''}
      sx={{ py: 1, borderBottom: 1, borderColor: 'divider' }}
    >
      <Box sx={{ display: 'flex', alignItems: 'baseline', gap: 1, flexWrap: 'wrap' }}>
        <Box component="span" sx={{ fontWeight: 600 }} data-testid="callback-number">
          {number === null ? t('phone.callbacks.noNumber') : formatPhone(number)}
        </Box>
        <Box component="span" data-testid="callback-client">
          {callback.clientName ?? t('phone.callbacks.unknownCaller')}
        </Box>
        <Box
          component="span"
          sx={{ color: 'error.main' }}
          data-testid="callback-count"
          data-count={callback.missedCount}
        >
          {t('phone.callbacks.missed', { count: callback.missedCount })}
        </Box>
      </Box>
      <Box sx={{ fontSize: 13, color: 'text.secondary' }}>
        {t('phone.callbacks.lastMissed', { time: formatDateTime(callback.lastMissedAt, locale) })}
        {' · '}
        <Box
          component="span"
          data-testid="callback-due"
          sx={{ color: isOverdue(callback, now) ? 'error.main' : undefined }}
        >
          {t('phone.callbacks.due', { time: formatDateTime(callback.dueAt, locale) })}
        </Box>
        {callback.claimedByName && (
          <Box component="span" data-testid="callback-claimed-by">
            {' · '}
            {t('phone.callbacks.claimedBy', { name: callback.claimedByName })}
          </Box>
        )}
      </Box>
      {refusal && (
        <Alert severity="warning" sx={{ mt: 0.5 }} data-testid="callback-refusal" onClose={() => setRefusal(null)}>
          {refusal}
        </Alert>
      )}
      <Box sx={{ display: 'flex', gap: 1, mt: 0.5 }}>
        <Button
          size="small"
          variant="contained"
          disabled={busy}
          onClick={() => void claim()}
          data-testid="callback-claim"
        >
          {t('phone.callbacks.claim')}
        </Button>
        <Button
          size="small"
          variant="outlined"
          disabled={busy}
          onClick={() => void later()}
          data-testid="callback-later"
        >
          {t('phone.callbacks.later')}
        </Button>
        <Button size="small" variant="outlined" disabled={busy} onClick={() => void done()} data-testid="callback-done">
          {t('phone.callbacks.done')}
        </Button>
        {callback.clientId === null && callback.numberKey !== null && (
          // The new client takes this callback, its ticket and its calls along (core's linkCallbacksToPhones).
          <QuickClient
            initialPhone={callback.numberRaw}
            onCreated={(client) =>
              toast({ severity: 'success', message: t('phone.callbacks.clientCreated', { name: client.name }) })
            }
          />
        )}
      </Box>
    </Box>
  );
}
