import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { formatPhone } from '../../core/phone';
import { errorText } from '../ui/error-message';
import { formatDateTime } from '../ui/format';
import { useApiQuery } from '../ui/useApiQuery';
import { useLocale } from '../ui/useLocale';
import { formatCallTimer } from './call-view';
import { callLogKind } from './callback-view';

const RECENT_CALLS = { limit: 50 } as const;

/** Whose calls a log shows: everyone's most recent, one client's, or one (callback) ticket's. */
export type CallLogScope = Readonly<{ clientId: string } | { ticketId: string } | Record<string, never>>;

/** The most recent calls of every desk and the PBX, live: what became of each, with whom and for how long. */
export function CallLogPanel() {
  const { t } = useTranslation();
  return (
    <Paper variant="outlined" sx={{ p: 2 }} data-testid="call-log">
      <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>
        {t('phone.log.title')}
      </Typography>
      <CallLogList scope={{}} limit={RECENT_CALLS.limit} />
    </Paper>
  );
}

/**
 * One client's or one ticket's calls, live, for the ticket drawer and the directory's client card: the same
 * rows as the phone pane's log, so a dispatcher reading a ticket or a client sees who called, what became of
 * each call, who took it, and the callback ticket a missed one went to (opened with `onOpenTicket`, where the
 * place showing the list can open a ticket; plain text elsewhere).
 */
export function CallLogList({
  scope,
  limit,
  onOpenTicket,
}: Readonly<{ scope: CallLogScope; limit: number; onOpenTicket?: (ticketId: string) => void }>) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const query = useApiQuery('calls:log', { ...scope, limit });
  const rows = query.data ?? [];
  return (
    <>
      {query.error && (
        <Alert severity="error" sx={{ mt: 1 }}>
          {errorText(t, query.error)}
        </Alert>
      )}
      {query.data && rows.length === 0 && (
        <Typography sx={{ color: 'text.secondary', mt: 1 }} data-testid="call-log-none">
          {t('phone.log.none')}
        </Typography>
      )}
      {rows.length > 0 && (
        <Box component="ul" sx={{ listStyle: 'none', m: 0, p: 0 }}>
          {rows.map((row) => {
            const kind = callLogKind(row);
            return (
              <Box
                component="li"
                key={row.id}
                data-testid="call-log-row"
                data-kind={kind}
                sx={{ py: 0.75, borderBottom: 1, borderColor: 'divider' }}
              >
                <Box sx={{ fontWeight: 500 }} data-testid="call-log-number">
                  {row.numberE164 ? formatPhone(row.numberE164) : row.numberRaw || t('phone.withheld')}
                  {` · ${row.clientName ?? t('phone.callbacks.unknownCaller')}`}
                </Box>
                <Box sx={{ fontSize: 13, color: kind === 'missed' ? 'error.main' : 'text.secondary' }}>
                  <span data-testid="call-log-kind">{t(`phone.outcome.${kind}`)}</span>
                  {` · ${formatDateTime(row.startedAt, locale)}`}
                  {row.durationMs !== null ? ` · ${formatCallTimer(row.durationMs)}` : ''}
                  {` · ${t(row.direction === 'out' ? 'phone.log.caller' : 'phone.log.by', {
                    name: row.agentName ?? t('phone.log.nobody'),
                  })}`}
                  {row.callbackTicketId !== null && row.callbackTicketNumber !== null && (
                    <>
                      {' · '}
                      <CallbackTicket
                        id={row.callbackTicketId}
                        number={row.callbackTicketNumber}
                        onOpen={onOpenTicket}
                      />
                    </>
                  )}
                </Box>
              </Box>
            );
          })}
        </Box>
      )}
    </>
  );
}

/** The callback ticket a call belongs to: a link that opens its drawer where one can be opened, else its number. */
function CallbackTicket({
  id,
  number,
  onOpen,
}: Readonly<{ id: string; number: number; onOpen: ((ticketId: string) => void) | undefined }>) {
  const { t } = useTranslation();
  const label = t('phone.log.callback', { number });
  if (!onOpen) return <span data-testid="call-log-ticket">{label}</span>;
  return (
    <Link
      component="button"
      type="button"
      onClick={() => onOpen(id)}
      aria-label={t('phone.log.openCallback', { number })}
      data-testid="call-log-ticket"
      data-ticket-id={id}
      sx={{ font: 'inherit', verticalAlign: 'baseline' }}
    >
      {label}
    </Link>
  );
}
