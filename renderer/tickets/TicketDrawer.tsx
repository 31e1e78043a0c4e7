import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Divider from '@mui/material/Divider';
import IconButton from '@mui/material/IconButton';
import LinearProgress from '@mui/material/LinearProgress';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TicketDetail } from '../../core/contract';
import { usePaneLinks } from '../app/pane-links';
import { TicketWork } from '../debts/TicketWork';
import { CallLogList } from '../phone/CallLogPanel';
import { PhoneLinks } from '../phone/PhoneLink';
import { DebtBadge } from '../ui/DebtBadge';
import { errorText } from '../ui/error-message';
import { formatDateTime, formatMoney } from '../ui/format';
import { StatusChip } from '../ui/StatusChip';
import { useApiQuery } from '../ui/useApiQuery';
import { useDebouncedValue } from '../ui/useDebouncedValue';
import { useLocale } from '../ui/useLocale';
import { TicketComments } from './TicketComments';
import { TicketPriorityControl } from './TicketPriorityControl';
import { TicketStatusControl } from './TicketStatusControl';
import { TicketStatusHistory } from './TicketStatusHistory';

type Props = Readonly<{ ticketId: string; onClose: () => void; onOpenTicket: (id: string) => void }>;

export const DRAWER_WIDTH = 500;

/** The ticket card on the right of the grid; stays open while the user arrows through the grid. */
export function TicketDrawer({ ticketId, onClose, onOpenTicket }: Props) {
  const { t } = useTranslation();
  // Arrowing through the grid moves the drawer too; wait until the selection rests before asking.
  const shownId = useDebouncedValue(ticketId, 150);
  const detail = useApiQuery('ticket:get', { id: shownId });
  const d = detail.data;
  return (
    <Paper
      component="aside"
      square
      elevation={0}
      aria-label={d ? t('drawer.label', { number: d.ticket.number }) : t('app.loading')}
      data-testid="ticket-drawer"
      data-ticket-id={shownId}
      sx={{
        width: DRAWER_WIDTH,
        flexShrink: 0,
        borderLeft: 1,
        borderColor: 'divider',
        display: 'flex',
        flexDirection: 'column',
        minHeight: 0,
        boxShadow: '-2px 0 8px rgba(0,0,0,0.06)',
      }}
    >
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, px: 2, pt: 1.5, pb: 1 }}>
        <Typography component="h2" variant="h6" sx={{ fontWeight: 700 }} data-testid="drawer-number">
          {d ? t(d.ticket.provisional ? 'drawer.numberProvisional' : 'drawer.number', { number: d.ticket.number }) : ''}
        </Typography>
        {d && <StatusChip status={d.ticket.status} />}
        <Box sx={{ flex: 1 }} />
        <IconButton aria-label={t('drawer.close')} onClick={onClose} data-testid="drawer-close" size="small">
          <Box component="span" aria-hidden sx={{ fontSize: 22, lineHeight: 1, width: 24, height: 24 }}>
            ×
          </Box>
        </IconButton>
      </Box>
      <Box sx={{ height: 4 }}>{detail.loading && <LinearProgress />}</Box>
      <Box data-testid="drawer-scroll" sx={{ flex: 1, overflowY: 'auto', overflowX: 'hidden', px: 2, pb: 3 }}>
        {detail.error && (
          <Alert severity="error" data-testid="drawer-error" sx={{ mt: 1 }}>
            {t('drawer.loadFailed')}: {errorText(t, detail.error)}
          </Alert>
        )}
        {d && <DrawerBody detail={d} reload={detail.reload} onOpenTicket={onOpenTicket} />}
      </Box>
    </Paper>
  );
}

function DrawerBody({
  detail,
  reload,
  onOpenTicket,
}: Readonly<{ detail: TicketDetail; reload: () => void; onOpenTicket: (id: string) => void }>) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { ticket, client, contact, vehicle, assignee } = detail;
  const links = usePaneLinks();
  const none = t('drawer.none');
  const date = (ms: number | null) => (ms === null ? none : formatDateTime(ms, locale));
  const money = (minor: number) => formatMoney(minor, client.currency, locale);
  return (
    <>
      <Typography variant="subtitle1" sx={{ fontWeight: 600, overflowWrap: 'anywhere' }} data-testid="drawer-title">
        {ticket.title}
      </Typography>

      <Section title={t('drawer.changeStatus')}>
        <TicketStatusControl
          key={`${ticket.id}:${ticket.status}`}
          ticketId={ticket.id}
          allowedStatuses={detail.allowedStatuses}
          onChanged={reload}
        />
      </Section>

      <Box
        component="dl"
        data-testid="drawer-fields"
        sx={{ display: 'grid', gridTemplateColumns: '130px 1fr', columnGap: 1.5, rowGap: 0.75, my: 2, fontSize: 14 }}
      >
        <Field label={t('drawer.client')}>
          <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' }}>
            <span data-testid="drawer-client">{client.name}</span>
            {client.debt && <DebtBadge debt={client.debt} />}
          </Box>
          {client.taxId && (
            <Box sx={{ fontSize: 12, color: 'text.secondary' }}>{t('newTicket.taxId', { taxId: client.taxId })}</Box>
          )}
          {client.phones.length > 0 && (
            <Box sx={{ fontSize: 13, color: 'text.secondary' }} data-testid="drawer-client-phones">
              <PhoneLinks numbers={client.phones} />
            </Box>
          )}
        </Field>
        <Field label={t('drawer.contact')}>
          {contact ? (
            <>
              {contact.name}
              {contact.role && <Box component="span" sx={{ color: 'text.secondary' }}>{`, ${contact.role}`}</Box>}
              {contact.phones.length > 0 && (
                <Box sx={{ fontSize: 13, color: 'text.secondary' }} data-testid="drawer-contact-phones">
                  <PhoneLinks numbers={contact.phones} />
                </Box>
              )}
            </>
          ) : (
            none
          )}
        </Field>
        <Field label={t('drawer.vehicle')}>
          {vehicle ? (
            <>
              <Box component="span" sx={{ fontWeight: 600, fontFamily: 'monospace', fontSize: 14 }}>
                {vehicle.plate}
              </Box>
              {(vehicle.make || vehicle.model) && (
                <Box component="span" sx={{ color: 'text.secondary' }}>
                  {` ${[vehicle.make, vehicle.model].filter(Boolean).join(' ')}`}
                </Box>
              )}
              {links.sees('map') && (
                <Button
                  size="small"
                  sx={{ ml: 1, py: 0, minWidth: 0 }}
                  onClick={() => links.showOnMap({ ticketId: ticket.id, vehicleId: vehicle.id })}
                  data-testid="drawer-show-on-map"
                >
                  {t('drawer.showOnMap')}
                </Button>
              )}
            </>
          ) : (
            none
          )}
        </Field>
        <Field label={t('drawer.assignee')}>{assignee?.name ?? none}</Field>
        <Field label={t('drawer.type')}>{t(`type.${ticket.type}`)}</Field>
        <Field label={t('drawer.priority')}>
          <TicketPriorityControl ticketId={ticket.id} priority={ticket.priority} />
        </Field>
        <Field label={t('drawer.source')}>{t(`source.${ticket.source}`)}</Field>
        <Field label={t('drawer.billing')}>{t(`billing.${ticket.billing}`)}</Field>
        {ticket.billing === 'paid' && (
          <>
            <Field label={t('drawer.amount')}>{money(ticket.amount)}</Field>
            <Field label={t('drawer.paid')}>
              <Box
                component="span"
                sx={{ color: ticket.paid < ticket.amount ? 'error.main' : 'success.main', fontWeight: 500 }}
              >
                {money(ticket.paid)}
              </Box>
            </Field>
            {ticket.paid < ticket.amount && (
              <Field label={t('drawer.owed')}>
                <Box component="span" data-testid="drawer-owed" sx={{ color: 'error.main', fontWeight: 500 }}>
                  {money(ticket.amount - ticket.paid)}
                </Box>
              </Field>
            )}
          </>
        )}
        <Field label={t('drawer.created')}>{date(ticket.createdAt)}</Field>
        <Field label={t('drawer.updated')}>{date(ticket.updatedAt)}</Field>
        <Field label={t('drawer.planned')}>{date(ticket.plannedAt)}</Field>
        <Field label={t('drawer.resolved')}>{date(ticket.resolvedAt)}</Field>
        {ticket.parentId !== null && (
          <Field label={t('drawer.parent')}>
            <Link
              component="button"
              type="button"
              onClick={() => ticket.parentId && onOpenTicket(ticket.parentId)}
              data-testid="drawer-parent"
              sx={{ fontSize: 14 }}
            >
              {ticket.parentNumber === null ? t('drawer.parent') : t('drawer.number', { number: ticket.parentNumber })}
            </Link>
          </Field>
        )}
      </Box>

      {ticket.description && (
        <Section title={t('drawer.description')}>
          <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {ticket.description}
          </Typography>
        </Section>
      )}

      {detail.children.length > 0 && (
        <Section title={t('drawer.children')}>
          <Box component="ul" sx={{ listStyle: 'none', p: 0, m: 0 }} data-testid="drawer-children">
            {detail.children.map((child) => (
              <Box component="li" key={child.id} sx={{ display: 'flex', alignItems: 'center', gap: 1, py: 0.25 }}>
                <Link
                  component="button"
                  type="button"
                  onClick={() => onOpenTicket(child.id)}
                  aria-label={t('drawer.openTicket', { number: child.number })}
                  sx={{ fontSize: 14 }}
                >
                  {t('drawer.number', { number: child.number })}
                </Link>
                <Box
                  component="span"
                  sx={{ flex: 1, minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', fontSize: 14 }}
                >
                  {child.title}
                </Box>
                <StatusChip status={child.status} />
              </Box>
            ))}
          </Box>
        </Section>
      )}

      {ticket.resolvedAt !== null && !ticket.provisional && (
        <Section title={t('drawer.work')}>
          <TicketWork number={ticket.number} />
        </Section>
      )}

      <Section title={t('drawer.calls')}>
        {/* A callback ticket's own missed calls; any other ticket shows its client's calls. */}
        <CallLogList
          scope={ticket.type === 'callback' ? { ticketId: ticket.id } : { clientId: client.id }}
          limit={20}
          onOpenTicket={onOpenTicket}
        />
      </Section>

      <Section title={t('drawer.history')}>
        <TicketStatusHistory log={detail.statusLog} totals={detail.timeInStatus} />
      </Section>

      <Section title={t('drawer.comments')}>
        <TicketComments ticketId={ticket.id} comments={detail.comments} onAdded={reload} />
      </Section>
    </>
  );
}

function Section({ title, children }: Readonly<{ title: string; children: ReactNode }>) {
  return (
    <Box component="section" sx={{ mt: 2 }}>
      <Divider sx={{ mb: 1.5 }} />
      <Typography
        component="h3"
        variant="subtitle2"
        sx={{ mb: 1, color: 'text.secondary', textTransform: 'uppercase', fontSize: 12 }}
      >
        {title}
      </Typography>
      {children}
    </Box>
  );
}

function Field({ label, children }: Readonly<{ label: string; children: ReactNode }>) {
  return (
    <>
      <Box component="dt" sx={{ color: 'text.secondary' }}>
        {label}
      </Box>
      <Box component="dd" sx={{ m: 0, minWidth: 0, overflowWrap: 'anywhere' }}>
        {children}
      </Box>
    </>
  );
}
