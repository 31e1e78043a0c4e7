import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Link from '@mui/material/Link';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Typography from '@mui/material/Typography';
import { type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClientCard, DirectoryVehicle, VehicleCard } from '../../core/clients/contract';
import { CallLogList } from '../phone/CallLogPanel';
import { PhoneLink } from '../phone/PhoneLink';
import { DebtBadge } from '../ui/DebtBadge';
import { formatDate, formatMoney } from '../ui/format';
import { StatusChip } from '../ui/StatusChip';
import { useApiQuery } from '../ui/useApiQuery';
import { useLocale } from '../ui/useLocale';
import type { DirectoryDialogState } from './DirectoryDialogs';

// The directory's cards: a client's and a vehicle's details, people, vehicles and tickets.

type DetailField = 'taxId' | 'category' | 'address' | 'currency' | 'notes' | 'make' | 'model' | 'vin' | 'unitId';

/** A card's details as a term list: the field's label, its value or a dash. */
function Details({
  rows,
  testIdPrefix,
}: Readonly<{ rows: readonly (readonly [DetailField, string | null])[]; testIdPrefix?: string }>) {
  const { t } = useTranslation();
  return (
    <Box
      component="dl"
      sx={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 2, rowGap: 0.5, m: 0 }}
    >
      {rows.map(([key, value]) => (
        <Box key={key} sx={{ display: 'contents' }}>
          <Box component="dt" sx={{ color: 'text.secondary' }}>
            {t(`directory.field.${key}`)}
          </Box>
          <Box
            component="dd"
            sx={{ m: 0, whiteSpace: 'pre-wrap' }}
            data-testid={testIdPrefix ? `${testIdPrefix}-${key}` : undefined}
          >
            {value ?? '—'}
          </Box>
        </Box>
      ))}
    </Box>
  );
}

function Section({ title, action, children }: Readonly<{ title: string; action?: ReactNode; children: ReactNode }>) {
  return (
    <Box component="section" sx={{ mt: 3 }}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 1 }}>
        <Typography component="h3" variant="subtitle1" sx={{ fontWeight: 600 }}>
          {title}
        </Typography>
        {action}
      </Box>
      {children}
    </Box>
  );
}

function Muted({ children }: Readonly<{ children: ReactNode }>) {
  return <Typography sx={{ color: 'text.secondary' }}>{children}</Typography>;
}

/** A card's tickets; the number opens the ticket's drawer, as a row of the grid does. */
function TicketList({
  tickets,
  empty,
  onOpen,
}: Readonly<{ tickets: ClientCard['openTickets']; empty: string; onOpen: (ticketId: string) => void }>) {
  const { locale } = useLocale();
  if (tickets.length === 0) return <Muted>{empty}</Muted>;
  return (
    <Box component="ul" sx={{ listStyle: 'none', p: 0, m: 0 }}>
      {tickets.map((ticket) => (
        <Box
          component="li"
          key={ticket.id}
          data-testid="card-ticket"
          sx={{ display: 'flex', gap: 1, alignItems: 'center', py: 0.25 }}
        >
          <Link
            component="button"
            type="button"
            onClick={() => onOpen(ticket.id)}
            data-testid="card-ticket-open"
            sx={{ fontVariantNumeric: 'tabular-nums', minWidth: 64, textAlign: 'left' }}
          >
            № {ticket.number}
          </Link>
          <StatusChip status={ticket.status} />
          <Box
            component="span"
            sx={{ flex: 1, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
            title={ticket.title}
          >
            {ticket.title}
          </Box>
          {ticket.plate && <Box component="span">{ticket.plate}</Box>}
          <Box component="span" sx={{ color: 'text.secondary' }}>
            {formatDate(ticket.createdAt, locale)}
          </Box>
        </Box>
      ))}
    </Box>
  );
}

export function ClientCardView({
  id,
  mayEdit,
  maySupervise,
  onDialog,
  onClient,
  onVehicle,
  onNewTicket,
  onTicket,
}: Readonly<{
  id: string;
  mayEdit: boolean;
  maySupervise: boolean;
  onDialog: (state: DirectoryDialogState) => void;
  onClient: (id: string) => void;
  onVehicle: (id: string) => void;
  onNewTicket: (clientId: string) => void;
  onTicket: (ticketId: string) => void;
}>) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const card = useApiQuery('directory:client', { id });
  if (card.error) return <Alert severity="error">{card.error.message}</Alert>;
  if (!card.data) return null;
  const { client, phones, contacts, vehicles, openTickets, pastTickets, debt, merges } = card.data;
  const editable = mayEdit && client.active;
  const add = (label: string, testId: string, state: DirectoryDialogState) =>
    editable && (
      <Button size="small" onClick={() => onDialog(state)} data-testid={testId}>
        + {label}
      </Button>
    );

  return (
    <Box data-testid="client-card" data-client-id={client.id}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' }}>
        <Typography component="h2" variant="h5" data-testid="client-card-name">
          {client.name}
        </Typography>
        {!client.active && <Chip label={t('directory.inactive')} data-testid="client-inactive" />}
        {debt && <DebtBadge debt={debt} />}
      </Box>
      {client.mergedInto && (
        <Alert severity="info" sx={{ mt: 1 }} data-testid="merged-into">
          {t('directory.mergedInto', { name: client.mergedInto.name })}{' '}
          <Button size="small" onClick={() => onClient(client.mergedInto!.id)}>
            {t('directory.openMerged')}
          </Button>
        </Alert>
      )}
      <Box sx={{ display: 'flex', gap: 1, mt: 1.5, flexWrap: 'wrap' }}>
        {client.active && (
          <Button variant="contained" onClick={() => onNewTicket(client.id)} data-testid="client-new-ticket">
            {t('directory.action.newTicket')}
          </Button>
        )}
        {editable && (
          <Button onClick={() => onDialog({ kind: 'client-edit', card: card.data! })} data-testid="client-edit">
            {t('directory.action.edit')}
          </Button>
        )}
        {maySupervise && client.active && (
          <>
            <Button
              onClick={() => onDialog({ kind: 'merge', clientId: client.id, name: client.name })}
              data-testid="client-merge"
            >
              {t('directory.action.merge')}
            </Button>
            <Button
              color="warning"
              onClick={() => onDialog({ kind: 'deactivate', clientId: client.id, name: client.name })}
              data-testid="client-deactivate"
            >
              {t('directory.action.deactivate')}
            </Button>
          </>
        )}
      </Box>

      <Section title={t('directory.section.details')}>
        <Details
          testIdPrefix="client"
          rows={[
            ['taxId', client.taxId],
            ['category', client.category],
            ['address', client.address],
            ['currency', client.currency],
            ['notes', client.notes],
          ]}
        />
        <Typography sx={{ mt: 1 }} data-testid="client-debt">
          {debt
            ? t('directory.debt', { count: debt.count, sum: formatMoney(debt.sum, debt.currency, locale) })
            : t('directory.noDebt')}
        </Typography>
      </Section>

      <Section
        title={t('directory.section.phones')}
        action={add(t('directory.action.addPhone'), 'add-phone', { kind: 'phone-add', clientId: client.id })}
      >
        {phones.length === 0 ? (
          <Muted>{t('directory.noPhones')}</Muted>
        ) : (
          <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }} data-testid="client-phones">
            {phones.map((p) => (
              <Box component="span" key={p.id} data-testid="client-phone">
                <PhoneLink number={p.raw} />
                {editable && (
                  <Button
                    size="small"
                    aria-label={t('directory.action.removePhone', { number: p.raw })}
                    title={t('directory.action.removePhone', { number: p.raw })}
                    onClick={() => onDialog({ kind: 'confirm', action: 'phone:remove', id: p.id, name: p.raw })}
                    sx={{ minWidth: 0 }}
                  >
                    ×
                  </Button>
                )}
              </Box>
            ))}
          </Box>
        )}
      </Section>

      <Section
        title={t('directory.section.contacts')}
        action={add(t('directory.action.addContact'), 'add-contact', { kind: 'contact-create', clientId: client.id })}
      >
        {contacts.length === 0 ? (
          <Muted>{t('directory.noContacts')}</Muted>
        ) : (
          contacts.map((c) => (
            <Box
              key={c.id}
              data-testid="contact-row"
              sx={{
                display: 'flex',
                gap: 1.5,
                alignItems: 'center',
                flexWrap: 'wrap',
                py: 0.25,
                opacity: c.active ? 1 : 0.6,
              }}
            >
              <Box component="span" sx={{ fontWeight: 500 }}>
                {c.name}
              </Box>
              {c.role && (
                <Box component="span" sx={{ color: 'text.secondary' }}>
                  {c.role}
                </Box>
              )}
              {c.phones.map((p) => (
                <PhoneLink key={p.id} number={p.raw} />
              ))}
              {c.email && <Box component="span">{c.email}</Box>}
              {!c.active && <Chip size="small" label={t('directory.inactive')} />}
              {maySupervise && c.active && client.active && (
                <Button
                  size="small"
                  color="warning"
                  onClick={() => onDialog({ kind: 'confirm', action: 'contact:deactivate', id: c.id, name: c.name })}
                  data-testid="contact-deactivate"
                >
                  {t('directory.action.deactivate')}
                </Button>
              )}
            </Box>
          ))
        )}
      </Section>

      <Section
        title={t('directory.section.vehicles')}
        action={add(t('directory.action.addVehicle'), 'add-vehicle', { kind: 'vehicle-create', clientId: client.id })}
      >
        {vehicles.length === 0 ? (
          <Muted>{t('directory.noVehicles')}</Muted>
        ) : (
          vehicles.map((v) => <VehicleLine key={v.id} vehicle={v} onOpen={() => onVehicle(v.id)} />)
        )}
      </Section>

      <Section title={t('directory.section.openTickets')}>
        <TicketList tickets={openTickets} empty={t('directory.noTickets')} onOpen={onTicket} />
      </Section>
      <Section title={t('directory.section.pastTickets')}>
        <TicketList tickets={pastTickets} empty={t('directory.noTickets')} onOpen={onTicket} />
      </Section>
      <Section title={t('directory.section.calls')}>
        <CallLogList scope={{ clientId: client.id }} limit={20} onOpenTicket={onTicket} />
      </Section>
      {merges.length > 0 && (
        <Section title={t('directory.section.merges')}>
          {merges.map((m) => (
            <Box key={m.id} data-testid="merge-row">
              <Button size="small" onClick={() => onClient(m.mergedId)}>
                {m.mergedName}
              </Button>{' '}
              {formatDate(m.at, locale)}
            </Box>
          ))}
        </Section>
      )}
    </Box>
  );
}

function VehicleLine({ vehicle, onOpen }: Readonly<{ vehicle: DirectoryVehicle; onOpen: () => void }>) {
  const { t } = useTranslation();
  const fitted = vehicle.equipment.filter((e) => e.removedAt === null);
  return (
    <Box data-testid="vehicle-row" sx={{ py: 0.5, opacity: vehicle.active ? 1 : 0.6 }}>
      <Button size="small" onClick={onOpen} data-testid="open-vehicle" title={t('directory.action.openVehicle')}>
        {vehicle.plate}
      </Button>{' '}
      {[vehicle.make, vehicle.model].filter(Boolean).join(' ')}
      {vehicle.unitId && ` · ${vehicle.unitId}`}
      {fitted.length > 0 && (
        <Box component="span" sx={{ color: 'text.secondary' }}>
          {' · '}
          {fitted.map((e) => [e.kind, e.model].filter(Boolean).join(' ')).join(', ')}
        </Box>
      )}
      {!vehicle.active && <Chip size="small" sx={{ ml: 1 }} label={t('directory.inactive')} />}
    </Box>
  );
}

export function VehicleCardView({
  id,
  mayEdit,
  maySupervise,
  onDialog,
  onClient,
  onTicket,
}: Readonly<{
  id: string;
  mayEdit: boolean;
  maySupervise: boolean;
  onDialog: (state: DirectoryDialogState) => void;
  onClient: (id: string) => void;
  onTicket: (ticketId: string) => void;
}>) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const card = useApiQuery('directory:vehicle', { id });
  if (card.error) return <Alert severity="error">{card.error.message}</Alert>;
  if (!card.data) return null;
  const { vehicle, client, tickets }: VehicleCard = card.data;
  const editable = mayEdit && vehicle.active && client.active;
  return (
    <Box data-testid="vehicle-card">
      <Button size="small" onClick={() => onClient(client.id)} data-testid="vehicle-back">
        ← {client.name}
      </Button>
      <Typography component="h2" variant="h5" sx={{ mt: 1 }}>
        {vehicle.plate}
      </Typography>
      {editable && (
        <Box sx={{ display: 'flex', gap: 1, mt: 1 }}>
          <Button onClick={() => onDialog({ kind: 'vehicle-edit', vehicle })} data-testid="vehicle-edit">
            {t('directory.action.edit')}
          </Button>
          <Button
            onClick={() => onDialog({ kind: 'equipment-install', vehicleId: vehicle.id })}
            data-testid="install-equipment"
          >
            {t('directory.action.install')}
          </Button>
          {maySupervise && (
            <Button
              color="warning"
              onClick={() =>
                onDialog({ kind: 'confirm', action: 'vehicle:deactivate', id: vehicle.id, name: vehicle.plate })
              }
              data-testid="vehicle-deactivate"
            >
              {t('directory.action.deactivate')}
            </Button>
          )}
        </Box>
      )}
      <Section title={t('directory.section.details')}>
        <Details
          rows={[
            ['make', vehicle.make],
            ['model', vehicle.model],
            ['vin', vehicle.vin],
            ['unitId', vehicle.unitId],
          ]}
        />
      </Section>
      <Section title={t('directory.section.vehicles')}>
        {vehicle.equipment.length === 0 ? (
          <Muted>{t('directory.noEquipment')}</Muted>
        ) : (
          vehicle.equipment.map((e) => (
            <Box key={e.id} data-testid="equipment-row" sx={{ py: 0.25, opacity: e.removedAt === null ? 1 : 0.6 }}>
              {[e.kind, e.model, e.serial].filter(Boolean).join(' · ')}
              {e.installedAt !== null && ` · ${formatDate(e.installedAt, locale, 'UTC')}`}
              {e.removedAt !== null && ` · ${t('directory.removed', { date: formatDate(e.removedAt, locale) })}`}
              {editable && e.removedAt === null && (
                <Button
                  size="small"
                  onClick={() =>
                    onDialog({
                      kind: 'confirm',
                      action: 'equipment:remove',
                      id: e.id,
                      name: [e.kind, e.model].filter(Boolean).join(' '),
                    })
                  }
                  data-testid="equipment-remove"
                >
                  {t('directory.action.removeEquipment')}
                </Button>
              )}
            </Box>
          ))
        )}
      </Section>
      <Section title={t('directory.section.tickets')}>
        <TicketList tickets={tickets} empty={t('directory.noTickets')} onOpen={onTicket} />
      </Section>
    </Box>
  );
}
