import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClientOption, OutputOf } from '../../core/contract';
import {
  BILLINGS,
  PRIORITIES,
  SOURCES,
  TICKET_TYPES,
  type Billing,
  type Priority,
  type TicketType,
} from '../../core/tickets/values';
import type { PultErrorData } from '../../core/result';
import { useApi } from '../ui/api-context';
import { useActionIds } from '../ui/useActionIds';
import { ClientPicker } from '../ui/ClientPicker';
import { QuickClient } from '../directory/QuickClient';
import { DebtBadge } from '../ui/DebtBadge';
import { errorText } from '../ui/error-message';
import { formatDate, formatMoney } from '../ui/format';
import { parseMoneyInput } from '../ui/money-input';
import { plateMatches } from '../../core/clients/plate';
import { useApiQuery } from '../ui/useApiQuery';
import { useLocale } from '../ui/useLocale';

type Contact = OutputOf<'client:contacts'>[number];
type Vehicle = OutputOf<'client:vehicles'>[number];
type Source = (typeof SOURCES)[number];

/** What a caller's card fills in: the client (and the contact) who is on the phone, and where it came from. */
export type NewTicketPrefill = Readonly<{ clientId: string; contactId: string | null; source: Source }>;

type Props = Readonly<{
  open: boolean;
  onClose: () => void;
  onCreated: (id: string, number: number, provisional: boolean) => void;
  prefill?: NewTicketPrefill;
}>;

export function NewTicketDialog({ open, onClose, onCreated, prefill }: Props) {
  const { t } = useTranslation();
  return (
    <Dialog
      open={open}
      onClose={onClose}
      maxWidth="sm"
      fullWidth
      aria-labelledby="new-ticket-title"
      data-testid="new-ticket-dialog"
    >
      <DialogTitle id="new-ticket-title">{t('newTicket.title')}</DialogTitle>
      {/* Mounted only while open, so every dialog starts with an empty form and a new ticket id. */}
      {open && <NewTicketForm onClose={onClose} onCreated={onCreated} prefill={prefill} />}
    </Dialog>
  );
}

function NewTicketForm({ onClose, onCreated, prefill }: Omit<Props, 'open'>) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const api = useApi();
  const [client, setClient] = useState<ClientOption | null>(null);
  const [contact, setContact] = useState<Contact | null>(null);
  const [vehicle, setVehicle] = useState<Vehicle | null>(null);
  const [type, setType] = useState<TicketType>('incident');
  const [priority, setPriority] = useState<Priority>('normal');
  const [source, setSource] = useState<Source>(prefill?.source ?? 'phone');
  const [billing, setBilling] = useState<Billing>('warranty');
  const [amount, setAmount] = useState('');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [acknowledged, setAcknowledged] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<PultErrorData | null>(null);
  // One set of ids per dialog: a retried submit after a lost answer cannot create the ticket twice.
  const actionIds = useActionIds(['id', 'logId', 'ackId']);

  const contacts = useApiQuery('client:contacts', client ? { clientId: client.id } : null);
  const vehicles = useApiQuery('client:vehicles', client ? { clientId: client.id } : null);

  // A prefilled client is read fresh (its debt with it), so the debt acknowledgement applies as usual.
  const prefillClient = useApiQuery('client:get', prefill ? { id: prefill.clientId } : null);
  const [prefilled, setPrefilled] = useState(false);
  if (!prefilled && prefillClient.data) {
    setPrefilled(true);
    setClient(prefillClient.data);
  }
  const [contactPrefilled, setContactPrefilled] = useState(false);
  if (!contactPrefilled && prefill?.contactId && contacts.data && client?.id === prefill.clientId) {
    setContactPrefilled(true);
    setContact(contacts.data.find((c) => c.id === prefill.contactId) ?? null);
  }

  const debt = client?.debt ?? null;
  const amountMinor = billing === 'paid' ? parseMoneyInput(amount) : 0;
  const amountInvalid = billing === 'paid' && amount.trim() !== '' && amountMinor === null;
  const canCreate =
    client !== null && title.trim() !== '' && (debt === null || acknowledged) && amountMinor !== null && !busy;

  const chooseClient = (next: ClientOption | null) => {
    setClient(next);
    setContact(null);
    setVehicle(null);
    setAcknowledged(false);
    setError(null);
  };

  /** The debt the user acknowledged is stale: show the current one and ask again. */
  const refreshDebt = async (clientId: string) => {
    const fresh = await api.call('client:get', { id: clientId });
    if (fresh.ok) setClient(fresh.value);
    setAcknowledged(false);
  };

  const create = async () => {
    if (!client || !canCreate || amountMinor === null) return;
    setBusy(true);
    setError(null);
    const ids = actionIds.take();
    const result = await api.call('ticket:create', {
      id: ids.id,
      logId: ids.logId,
      ackId: ids.ackId,
      clientId: client.id,
      contactId: contact?.id ?? null,
      vehicleId: vehicle?.id ?? null,
      type,
      priority,
      source,
      billing,
      amount: amountMinor,
      title: title.trim(),
      description: description.trim(),
      debtAcknowledged: debt ? { count: debt.count, sum: debt.sum } : null,
    });
    setBusy(false);
    if (result.ok) {
      onCreated(result.value.id, result.value.number, result.value.provisional);
      return;
    }
    setError(result.error);
    if (result.error.code === 'debt-not-acknowledged') await refreshDebt(client.id);
  };

  const currency = client?.currency ?? 'BYN';

  return (
    <Box
      component="form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void create();
      }}
    >
      <DialogContent dividers sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
        {error && (
          <Alert severity="error" data-testid="new-ticket-error">
            {errorText(t, error)}
          </Alert>
        )}
        <ClientPicker
          label={t('newTicket.client')}
          placeholder={t('newTicket.clientPlaceholder')}
          value={client}
          onChange={chooseClient}
          autoFocus
          required
          testId="new-ticket-client"
        />
        {!client && !prefill && <QuickClient onCreated={chooseClient} />}
        {debt && (
          <Alert
            severity="error"
            data-testid="debt-alert"
            icon={false}
            sx={{ '& .MuiAlert-message': { width: '100%' } }}
          >
            <AlertTitle sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
              {t('debt.alertTitle')}
              <DebtBadge debt={debt} />
            </AlertTitle>
            <Box data-testid="debt-alert-text">
              {debt.oldestAt === null
                ? t('debt.alertBodyNoDate', { count: debt.count, sum: formatMoney(debt.sum, debt.currency, locale) })
                : t('debt.alertBody', {
                    count: debt.count,
                    sum: formatMoney(debt.sum, debt.currency, locale),
                    date: formatDate(debt.oldestAt, locale),
                  })}
            </Box>
            <FormControlLabel
              sx={{ mt: 0.5 }}
              control={
                <Checkbox
                  checked={acknowledged}
                  onChange={(e) => setAcknowledged(e.target.checked)}
                  required
                  slotProps={{ input: { 'data-testid': 'debt-ack' } as object }}
                />
              }
              label={t('debt.acknowledge')}
            />
          </Alert>
        )}
        <Box sx={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 2 }}>
          <Autocomplete
            options={contacts.data ?? []}
            value={contact}
            onChange={(_e, next) => setContact(next)}
            disabled={!client}
            getOptionLabel={(c) => c.name}
            isOptionEqualToValue={(a, b) => a.id === b.id}
            noOptionsText={t('newTicket.noContacts')}
            loading={contacts.loading}
            loadingText={t('app.loading')}
            filterOptions={(options, state) => {
              const q = state.inputValue.trim().toLowerCase();
              return q
                ? options.filter(
                    (c) => c.name.toLowerCase().includes(q) || c.phones.some((p) => p.replace(/\D/g, '').includes(q)),
                  )
                : options;
            }}
            renderOption={(props, c) => {
              const { key, ...rest } = props;
              return (
                <Box
                  component="li"
                  key={key}
                  {...rest}
                  sx={{ flexDirection: 'column', alignItems: 'flex-start !important' }}
                >
                  <span>
                    {c.name}
                    {c.role ? `, ${c.role}` : ''}
                  </span>
                  <Box component="span" sx={{ fontSize: 12, color: 'text.secondary' }}>
                    {c.phones.join(', ')}
                  </Box>
                </Box>
              );
            }}
            renderInput={(params) => (
              <TextField {...params} label={t('newTicket.contact')} data-testid="new-ticket-contact" />
            )}
          />
          <Autocomplete
            options={vehicles.data ?? []}
            value={vehicle}
            onChange={(_e, next) => setVehicle(next)}
            disabled={!client}
            getOptionLabel={(v) => v.plate}
            isOptionEqualToValue={(a, b) => a.id === b.id}
            noOptionsText={t('newTicket.noVehicles')}
            loading={vehicles.loading}
            loadingText={t('app.loading')}
            filterOptions={(options, state) => options.filter((v) => plateMatches(v.plate, state.inputValue))}
            renderOption={(props, v) => {
              const { key, ...rest } = props;
              return (
                <Box component="li" key={key} {...rest} sx={{ gap: 1 }}>
                  <Box component="span" sx={{ fontFamily: 'monospace', fontWeight: 600 }}>
                    {v.plate}
                  </Box>
                  <Box component="span" sx={{ color: 'text.secondary', fontSize: 13 }}>
                    {[v.make, v.model].filter(Boolean).join(' ')}
                  </Box>
                </Box>
              );
            }}
            renderInput={(params) => (
              <TextField
                {...params}
                label={t('newTicket.vehicle')}
                placeholder={t('newTicket.vehiclePlaceholder')}
                data-testid="new-ticket-vehicle"
              />
            )}
          />
          <TextField
            select
            label={t('newTicket.type')}
            value={type}
            onChange={(e) => setType(TICKET_TYPES.find((x) => x === e.target.value) ?? type)}
            data-testid="new-ticket-type"
          >
            {TICKET_TYPES.map((x) => (
              <MenuItem key={x} value={x}>
                {t(`type.${x}`)}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            select
            label={t('newTicket.priority')}
            value={priority}
            onChange={(e) => setPriority(PRIORITIES.find((x) => x === e.target.value) ?? priority)}
            data-testid="new-ticket-priority"
          >
            {PRIORITIES.map((x) => (
              <MenuItem key={x} value={x}>
                {t(`priority.${x}`)}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            select
            label={t('newTicket.source')}
            value={source}
            onChange={(e) => setSource(SOURCES.find((x) => x === e.target.value) ?? source)}
            data-testid="new-ticket-source"
          >
            {SOURCES.map((x) => (
              <MenuItem key={x} value={x}>
                {t(`source.${x}`)}
              </MenuItem>
            ))}
          </TextField>
          <ToggleButtonGroup
            exclusive
            fullWidth
            value={billing}
            onChange={(_e, next: unknown) => {
              const b = BILLINGS.find((x) => x === next);
              if (b) setBilling(b);
            }}
            aria-label={t('newTicket.billing')}
            sx={{ height: 40 }}
          >
            {BILLINGS.map((x) => (
              <ToggleButton key={x} value={x} data-testid={`billing-${x}`}>
                {t(`billing.${x}`)}
              </ToggleButton>
            ))}
          </ToggleButtonGroup>
          {billing === 'paid' && (
            <TextField
              label={t('newTicket.amount', { currency })}
              value={amount}
              onChange={(e) => setAmount(e.target.value)}
              error={amountInvalid}
              helperText={amountInvalid ? t('newTicket.amountInvalid') : undefined}
              required
              slotProps={{ htmlInput: { inputMode: 'decimal', 'data-testid': 'new-ticket-amount', maxLength: 20 } }}
            />
          )}
        </Box>
        <TextField
          label={t('newTicket.ticketTitle')}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          required
          slotProps={{ htmlInput: { 'data-testid': 'new-ticket-title', maxLength: 300 } }}
        />
        <TextField
          label={t('newTicket.description')}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          multiline
          minRows={3}
          maxRows={10}
          slotProps={{ htmlInput: { 'data-testid': 'new-ticket-description', maxLength: 20_000 } }}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('newTicket.cancel')}</Button>
        <Button type="submit" variant="contained" disabled={!canCreate} data-testid="new-ticket-create">
          {t('newTicket.create')}
        </Button>
      </DialogActions>
    </Box>
  );
}
