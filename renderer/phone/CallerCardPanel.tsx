import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import IconButton from '@mui/material/IconButton';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallerMatch } from '../../core/calls/caller-card';
import { QuickClient } from '../directory/QuickClient';
import { NewTicketDialog } from '../tickets/deferred-parts';
import type { NewTicketPrefill } from '../tickets/NewTicketDialog';
import { useNow } from '../session/useNow';
import { DebtBadge } from '../ui/DebtBadge';
import { errorText } from '../ui/error-message';
import { formatDate, formatMoney } from '../ui/format';
import { useStatuses } from '../ui/statuses';
import { useToast } from '../ui/toast';
import { useApiQuery } from '../ui/useApiQuery';
import { useLocale } from '../ui/useLocale';
import { daysSince, dialableNumber, peerLabel, phaseOf } from './call-view';
import { usePhone } from './phone-context';
import type { SoftphoneCall } from './sip/softphone-types';

/**
 * The caller's card: who rings, read from the directory while the phone rings, over whatever pane is
 * showing. It stays after the call until the operator closes it, so the details are there while they
 * register the request.
 */
export function CallerCardPanel({ call }: Readonly<{ call: SoftphoneCall }>) {
  const { t } = useTranslation();
  const phone = usePhone();
  const toast = useToast();
  const number = dialableNumber(call.peer);
  const card = useApiQuery('calls:caller-card', number ? { number } : null);
  const [prefill, setPrefill] = useState<NewTicketPrefill | null>(null);
  const label = peerLabel(call.peer);
  const phase = phaseOf(call);

  return (
    <Paper
      elevation={8}
      role="dialog"
      aria-label={t('phone.card.title')}
      data-testid="caller-card"
      data-phase={phase}
      sx={{
        position: 'fixed',
        // Bottom right, clear of the status bar: the top bar grows a row in a narrow window, and the card
        // must never cover its answer and reject buttons.
        right: 16,
        bottom: 40,
        width: 380,
        maxHeight: 'calc(100vh - 160px)',
        overflow: 'auto',
        zIndex: (theme) => theme.zIndex.snackbar - 1,
        p: 2,
      }}
    >
      <Box sx={{ display: 'flex', alignItems: 'flex-start', gap: 1 }}>
        <Box sx={{ flex: 1, minWidth: 0 }}>
          <Typography variant="overline" sx={{ lineHeight: 1.5 }} data-testid="caller-card-phase">
            {t(`phone.phase.${phase}`)}
          </Typography>
          <Typography variant="h6" sx={{ fontSize: 18, fontWeight: 600 }} data-testid="caller-card-number">
            {label.withheld ? t('phone.withheld') : (label.number ?? t('phone.unknownCaller'))}
          </Typography>
          {label.name && (
            <Typography sx={{ color: 'text.secondary', overflowWrap: 'anywhere' }} data-testid="caller-card-display">
              {label.name}
            </Typography>
          )}
        </Box>
        <IconButton
          aria-label={t('phone.card.dismiss')}
          onClick={() => phone?.dismissCard()}
          data-testid="caller-card-close"
        >
          ×
        </IconButton>
      </Box>
      {phase === 'ringing' && phone && (
        <Box sx={{ display: 'flex', gap: 1, mt: 1 }}>
          <Button variant="contained" color="success" onClick={() => phone.answer(call.id)} data-testid="card-answer">
            {t('phone.answer')}
          </Button>
          <Button variant="outlined" color="error" onClick={() => phone.reject(call.id)} data-testid="card-reject">
            {t('phone.reject')}
          </Button>
        </Box>
      )}
      <Box sx={{ mt: 1.5 }}>
        {number === null ? (
          <Alert severity="info" data-testid="caller-card-no-number">
            {t('phone.card.noNumber')}
          </Alert>
        ) : card.error ? (
          <Alert severity="error">{errorText(t, card.error)}</Alert>
        ) : !card.data ? (
          <LinearProgress aria-label={t('app.loading')} />
        ) : card.data.matches.length === 0 ? (
          <Alert severity="warning" data-testid="caller-card-unknown">
            {t('phone.card.unknown')}
            <Box sx={{ mt: 1 }}>
              <QuickClient
                initialPhone={number}
                onCreated={(client) =>
                  toast({ severity: 'success', message: t('phone.card.clientCreated', { name: client.name }) })
                }
              />
            </Box>
          </Alert>
        ) : (
          card.data.matches.map((match) => (
            <MatchSection
              key={match.client.id}
              match={match}
              onNewTicket={() =>
                setPrefill({ clientId: match.client.id, contactId: match.contact?.id ?? null, source: 'phone' })
              }
            />
          ))
        )}
      </Box>
      <Suspense fallback={null}>
        <NewTicketDialog
          open={prefill !== null}
          prefill={prefill ?? undefined}
          onClose={() => setPrefill(null)}
          onCreated={(_id, created, provisional) => {
            setPrefill(null);
            toast({
              severity: 'success',
              message: t(provisional ? 'newTicket.createdProvisional' : 'newTicket.created', { number: created }),
            });
          }}
        />
      </Suspense>
    </Paper>
  );
}

function MatchSection({ match, onNewTicket }: Readonly<{ match: CallerMatch; onNewTicket: () => void }>) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const statuses = useStatuses();
  const now = useNow(60_000);
  const { client, contact, debt } = { ...match, debt: match.client.debt };
  return (
    <Box sx={{ '& + &': { mt: 2, pt: 2, borderTop: 1, borderColor: 'divider' } }} data-testid="caller-card-match">
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' }}>
        <Typography sx={{ fontWeight: 600 }} data-testid="caller-card-client">
          {client.name}
        </Typography>
        {debt && <DebtBadge debt={debt} />}
      </Box>
      {contact && (
        <Typography sx={{ fontSize: 14 }} data-testid="caller-card-contact">
          {contact.name}
          {contact.role ? `, ${contact.role}` : ''}
        </Typography>
      )}
      {debt && (
        <Alert severity="error" icon={false} sx={{ mt: 1, py: 0 }} data-testid="caller-card-debt">
          {t('phone.card.debt', {
            count: debt.count,
            sum: formatMoney(debt.sum, debt.currency, locale),
            date: debt.oldestAt === null ? '—' : formatDate(debt.oldestAt, locale),
            days: debt.oldestAt === null ? 0 : daysSince(debt.oldestAt, now),
          })}
        </Alert>
      )}
      <Typography variant="subtitle2" sx={{ mt: 1 }}>
        {t('phone.card.vehicles', { count: match.vehicleCount })}
      </Typography>
      <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.5 }} data-testid="caller-card-vehicles">
        {match.vehicles.map((v) => (
          <Chip
            key={v.id}
            size="small"
            label={[v.plate, v.make].filter(Boolean).join(' · ')}
            sx={{ fontFamily: 'monospace' }}
          />
        ))}
      </Box>
      <Typography variant="subtitle2" sx={{ mt: 1 }}>
        {t('phone.card.openTickets', { count: match.openTicketCount })}
      </Typography>
      <Box component="ul" sx={{ m: 0, pl: 2, fontSize: 13 }} data-testid="caller-card-tickets">
        {match.openTickets.map((ticket) => (
          <li key={ticket.id}>
            {`№ ${ticket.number} · ${ticket.title}`}
            <Box component="span" sx={{ color: 'text.secondary' }}>
              {` · ${statuses.name(ticket.status)}`}
            </Box>
          </li>
        ))}
      </Box>
      <Button variant="outlined" size="small" sx={{ mt: 1 }} onClick={onNewTicket} data-testid="caller-card-new-ticket">
        {t('phone.card.newTicket')}
      </Button>
    </Box>
  );
}
