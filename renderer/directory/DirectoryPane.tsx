import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Chip from '@mui/material/Chip';
import FormControlLabel from '@mui/material/FormControlLabel';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemText from '@mui/material/ListItemText';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { lazy, Suspense, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClientCard, DirectoryVehicle, VehicleCard } from '../../core/clients/contract';
import { canEditDirectory, canSuperviseDirectory } from '../../core/clients/roles';
import type { PaneProps } from '../app/pane-props';
import { PhoneLink } from '../phone/PhoneLink';
import type { NewTicketPrefill } from '../tickets/NewTicketDialog';
import { DebtBadge } from '../ui/DebtBadge';
import { formatDate, formatMoney } from '../ui/format';
import { StatusChip } from '../ui/StatusChip';
import { useToast } from '../ui/toast';
import { useApiQuery } from '../ui/useApiQuery';
import { useDebouncedValue } from '../ui/useDebouncedValue';
import { useLocale } from '../ui/useLocale';
import type { DirectoryDialogState } from './DirectoryDialogs';

// The forms and the new-ticket dialog load when first opened: browsing the directory needs neither.
const DirectoryDialogs = lazy(() => import('./DirectoryDialogs').then((m) => ({ default: m.DirectoryDialogs })));
const NewTicketDialog = lazy(() => import('../tickets/NewTicketDialog').then((m) => ({ default: m.NewTicketDialog })));

type Selection = Readonly<{ kind: 'client'; id: string }> | Readonly<{ kind: 'vehicle'; id: string }> | null;

/**
 * The directory: a searchable list of clients on the left, the chosen client's card (or one vehicle's card)
 * on the right. Every change goes through a named mutation; the card refreshes from the tables it reads.
 */
export function DirectoryPane({ active }: PaneProps) {
  const { t } = useTranslation();
  const toast = useToast();
  const [text, setText] = useState('');
  const [includeInactive, setIncludeInactive] = useState(false);
  const [selection, setSelection] = useState<Selection>(null);
  const [dialog, setDialog] = useState<DirectoryDialogState | null>(null);
  const [newTicket, setNewTicket] = useState<NewTicketPrefill | null>(null);
  const search = useRef<HTMLInputElement>(null);
  const debounced = useDebouncedValue(text, 200);
  const list = useApiQuery('directory:clients', { text: debounced.trim().slice(0, 200), includeInactive, limit: 200 });
  const info = useApiQuery('app:info', {});
  const roles = info.data?.user.roles ?? [];
  const mayEdit = canEditDirectory(roles);
  const maySupervise = canSuperviseDirectory(roles);

  useEffect(() => {
    if (!active) return;
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (e.key === '/' && !(target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement)) {
        e.preventDefault();
        search.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active]);

  const showClient = (id: string) => setSelection({ kind: 'client', id });

  return (
    <Box sx={{ display: 'flex', height: '100%', minHeight: 0 }} data-testid="directory-pane">
      <Box
        component="section"
        aria-label={t('directory.title')}
        sx={{
          width: 360,
          flexShrink: 0,
          borderRight: 1,
          borderColor: 'divider',
          display: 'flex',
          flexDirection: 'column',
        }}
      >
        <Box sx={{ p: 1.5, display: 'flex', flexDirection: 'column', gap: 1 }}>
          <Typography component="h1" variant="h6">
            {t('directory.title')}
          </Typography>
          <TextField
            size="small"
            inputRef={search}
            placeholder={t('directory.search')}
            value={text}
            onChange={(e) => setText(e.target.value)}
            slotProps={{ htmlInput: { 'aria-label': t('directory.search'), 'data-testid': 'directory-search' } }}
          />
          <Box sx={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between' }}>
            <FormControlLabel
              control={
                <Checkbox
                  size="small"
                  checked={includeInactive}
                  onChange={(e) => setIncludeInactive(e.target.checked)}
                />
              }
              label={t('directory.showInactive')}
            />
            {mayEdit && (
              <Button
                variant="contained"
                size="small"
                onClick={() => setDialog({ kind: 'client-create' })}
                data-testid="directory-new-client"
              >
                {t('directory.newClient')}
              </Button>
            )}
          </Box>
        </Box>
        <List dense sx={{ overflow: 'auto', flex: 1 }} data-testid="directory-list">
          {list.data?.length === 0 && (
            <Typography sx={{ p: 2, color: 'text.secondary' }} data-testid="directory-empty">
              {t('directory.empty')}
            </Typography>
          )}
          {list.data?.map((c) => (
            <ListItemButton
              key={c.id}
              selected={selection?.kind === 'client' && selection.id === c.id}
              onClick={() => showClient(c.id)}
              data-testid="directory-client-row"
              data-client-id={c.id}
            >
              <ListItemText
                primary={
                  <Box component="span" sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
                    <Box
                      component="span"
                      sx={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
                      title={c.name}
                    >
                      {c.name}
                    </Box>
                    {c.debt && <DebtBadge debt={c.debt} />}
                    {!c.active && <Chip size="small" label={t('directory.inactive')} />}
                  </Box>
                }
                secondary={[
                  c.taxId,
                  c.phones[0],
                  c.openTickets > 0 ? t('directory.openCount', { count: c.openTickets }) : null,
                ]
                  .filter((s) => s)
                  .join(' · ')}
              />
            </ListItemButton>
          ))}
        </List>
      </Box>
      <Box component="section" sx={{ flex: 1, overflow: 'auto', p: 2, minWidth: 0 }}>
        {selection === null && <Typography sx={{ color: 'text.secondary' }}>{t('directory.pick')}</Typography>}
        {selection?.kind === 'client' && (
          <ClientCardView
            id={selection.id}
            mayEdit={mayEdit}
            maySupervise={maySupervise}
            onDialog={setDialog}
            onClient={showClient}
            onVehicle={(id) => setSelection({ kind: 'vehicle', id })}
            onNewTicket={(clientId) => setNewTicket({ clientId, contactId: null, source: 'phone' })}
          />
        )}
        {selection?.kind === 'vehicle' && (
          <VehicleCardView
            id={selection.id}
            mayEdit={mayEdit}
            maySupervise={maySupervise}
            onDialog={setDialog}
            onClient={showClient}
          />
        )}
      </Box>
      <Suspense fallback={null}>
        {dialog && (
          <DirectoryDialogs
            state={dialog}
            onClose={() => setDialog(null)}
            onClient={showClient}
            onSaved={(message) => toast({ severity: 'success', message })}
          />
        )}
        {newTicket && (
          <NewTicketDialog
            open
            prefill={newTicket}
            onClose={() => setNewTicket(null)}
            onCreated={(_id, number) => {
              setNewTicket(null);
              toast({ severity: 'success', message: `№ ${number}` });
            }}
          />
        )}
      </Suspense>
    </Box>
  );
}

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

function TicketList({ tickets, empty }: Readonly<{ tickets: ClientCard['openTickets']; empty: string }>) {
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
          <Box component="span" sx={{ fontVariantNumeric: 'tabular-nums', minWidth: 64 }}>
            № {ticket.number}
          </Box>
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

function ClientCardView({
  id,
  mayEdit,
  maySupervise,
  onDialog,
  onClient,
  onVehicle,
  onNewTicket,
}: Readonly<{
  id: string;
  mayEdit: boolean;
  maySupervise: boolean;
  onDialog: (state: DirectoryDialogState) => void;
  onClient: (id: string) => void;
  onVehicle: (id: string) => void;
  onNewTicket: (clientId: string) => void;
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
        <TicketList tickets={openTickets} empty={t('directory.noTickets')} />
      </Section>
      <Section title={t('directory.section.pastTickets')}>
        <TicketList tickets={pastTickets} empty={t('directory.noTickets')} />
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

function VehicleCardView({
  id,
  mayEdit,
  maySupervise,
  onDialog,
  onClient,
}: Readonly<{
  id: string;
  mayEdit: boolean;
  maySupervise: boolean;
  onDialog: (state: DirectoryDialogState) => void;
  onClient: (id: string) => void;
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
        <TicketList tickets={tickets} empty={t('directory.noTickets')} />
      </Section>
    </Box>
  );
}
