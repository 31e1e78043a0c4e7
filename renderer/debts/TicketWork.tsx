import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { WorkTicket } from '../../core/contract';
import { mayEarnFrom, PRICE_LISTS, type PriceListName } from '../../core/money/price-lists';
import type { PultErrorData, Result } from '../../core/result';
import { useApi } from '../ui/api-context';
import { errorText } from '../ui/error-message';
import { useToast } from '../ui/toast';
import { useActionIds } from '../ui/useActionIds';
import { useApiQuery } from '../ui/useApiQuery';
import { useLocale } from '../ui/useLocale';
import { formatWorkValue, offeredPrices } from './work-view';

/**
 * The ticket drawer's «Работы»: the work lines a completed ticket has recorded, a form to add one (a work type
 * priced as on the ticket's completion day, a quantity, who did it) and a way to take one back. A cancelled line
 * stays, struck out: pay is never silently deleted. A refusal (an engineer recording pay, a type with no price
 * that day) stays on screen above the form until the next try, not only in a passing toast.
 */
export function TicketWork({ number }: Readonly<{ number: number }>) {
  const work = useApiQuery('work:ticket', { number });
  if (work.error) return <RefusalAlert error={work.error} />;
  if (!work.data) return null;
  return <WorkLines key={work.data.ticketId} ticket={work.data} />;
}

function RefusalAlert({ error }: Readonly<{ error: PultErrorData }>) {
  const { t } = useTranslation();
  return (
    <Alert severity="error" role="alert" data-testid="ticket-work-error" data-code={error.code} sx={{ mb: 1 }}>
      {errorText(t, error)}
      {error.code === 'forbidden' && <Box sx={{ mt: 0.5 }}>{t('ticketWork.forbidden')}</Box>}
    </Alert>
  );
}

function WorkLines({ ticket }: Readonly<{ ticket: WorkTicket }>) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const api = useApi();
  const toast = useToast();
  const [refusal, setRefusal] = useState<PultErrorData | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (call: () => Promise<Result<unknown>>, ok: string): Promise<boolean> => {
    setBusy(true);
    const result = await call();
    setBusy(false);
    if (!result.ok) {
      setRefusal(result.error);
      return false;
    }
    setRefusal(null);
    toast({ severity: 'success', message: ok });
    return true;
  };

  return (
    <Box data-testid="ticket-work" data-completed={ticket.completed}>
      {refusal && <RefusalAlert error={refusal} />}
      {ticket.lines.length === 0 ? (
        <Typography variant="body2" sx={{ color: 'text.secondary', mb: 1 }} data-testid="ticket-work-empty">
          {t('ticketWork.none')}
        </Typography>
      ) : (
        <Box component="ul" sx={{ listStyle: 'none', p: 0, m: 0, mb: 1 }}>
          {ticket.lines.map((line) => (
            <Box
              component="li"
              key={line.id}
              data-testid="ticket-work-line"
              data-line-id={line.id}
              data-cancelled={line.cancelled}
              sx={{ display: 'flex', alignItems: 'center', gap: 1, py: 0.25, fontSize: 14 }}
            >
              <Box
                sx={{
                  flex: 1,
                  minWidth: 0,
                  textDecoration: line.cancelled ? 'line-through' : undefined,
                  color: line.cancelled ? 'text.secondary' : undefined,
                }}
              >
                <span data-testid="ticket-work-line-name">{line.name}</span> × {line.quantity} ·{' '}
                <span data-testid="ticket-work-line-employee">{line.employeeName}</span>
              </Box>
              <Box component="span" sx={{ fontWeight: 500, whiteSpace: 'nowrap' }} data-testid="ticket-work-line-value">
                {formatWorkValue(line.unitValue * line.quantity, line.currency, locale)}
                {line.currency === null ? ` ${t('ticketWork.points')}` : ''}
              </Box>
              {line.cancelled ? (
                <Chip size="small" label={t('ticketWork.cancelled')} />
              ) : (
                <Button
                  size="small"
                  color="error"
                  disabled={busy}
                  aria-label={t('ticketWork.cancelLine', { name: line.name, employee: line.employeeName })}
                  data-testid="ticket-work-line-cancel"
                  onClick={() =>
                    void run(() => api.call('work-line:cancel', { id: line.id }), t('ticketWork.lineCancelled'))
                  }
                >
                  {t('ticketWork.cancel')}
                </Button>
              )}
            </Box>
          ))}
        </Box>
      )}
      {ticket.completed && ticket.day !== null ? (
        <AddLine ticket={ticket} day={ticket.day} busy={busy} run={run} />
      ) : (
        <Typography variant="body2" sx={{ color: 'text.secondary' }} data-testid="ticket-work-not-completed">
          {t('ticketWork.notCompleted')}
        </Typography>
      )}
    </Box>
  );
}

function AddLine({
  ticket,
  day,
  busy,
  run,
}: Readonly<{
  ticket: WorkTicket;
  day: string;
  busy: boolean;
  run: (call: () => Promise<Result<unknown>>, ok: string) => Promise<boolean>;
}>) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const api = useApi();
  const ids = useActionIds(['line']);
  const prices = useApiQuery('prices:list', {});
  const employees = useApiQuery('employees:list', {});
  const [list, setList] = useState<PriceListName>('money');
  const [code, setCode] = useState('');
  const [employeeId, setEmployeeId] = useState('');
  const [quantity, setQuantity] = useState('1');
  const offered = offeredPrices(prices.data?.items ?? [], list, day, locale);
  const earners = (employees.data ?? []).filter((e) => e.active && mayEarnFrom(list, e));
  const qty = Number(quantity);
  const quantityOk = /^\d{1,5}$/.test(quantity.trim()) && qty >= 1;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!quantityOk || code === '' || employeeId === '') return;
    const done = await run(
      () =>
        api.call('ticket:record-work', {
          ticketId: ticket.ticketId,
          lines: [{ id: ids.take().line, list, code, quantity: qty, employeeId }],
        }),
      t('ticketWork.saved'),
    );
    if (done) {
      ids.done();
      setQuantity('1');
    }
  };

  return (
    <Stack
      component="form"
      onSubmit={submit}
      aria-label={t('ticketWork.add')}
      data-testid="ticket-work-form"
      sx={{ gap: 1 }}
    >
      <Typography variant="body2" sx={{ color: 'text.secondary' }}>
        {t('ticketWork.pricedOn', { day })}
      </Typography>
      <Stack direction="row" sx={{ gap: 1, flexWrap: 'wrap' }}>
        <TextField
          select
          size="small"
          label={t('kpi.prices.list')}
          value={list}
          onChange={(e) => {
            setList(e.target.value as PriceListName);
            setCode('');
            setEmployeeId('');
          }}
          sx={{ width: 130 }}
          slotProps={{ select: { SelectDisplayProps: { 'data-testid': 'ticket-work-list' } as object } }}
        >
          {PRICE_LISTS.map((l) => (
            <MenuItem key={l} value={l} data-testid={`ticket-work-list-${l}`}>
              {t(`kpi.list.${l}`)}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          size="small"
          label={t('kpi.work.kind')}
          value={code}
          onChange={(e) => setCode(e.target.value)}
          sx={{ flex: 1, minWidth: 200 }}
          helperText={offered.length === 0 ? t('ticketWork.noPrices') : undefined}
          slotProps={{ select: { SelectDisplayProps: { 'data-testid': 'ticket-work-code' } as object } }}
        >
          {offered.map((p) => (
            <MenuItem key={p.code} value={p.code} data-testid={`ticket-work-code-${p.code}`}>
              {p.name} — {formatWorkValue(p.value, p.currency, locale)}
              {p.currency === null ? ` ${t('ticketWork.points')}` : ''} / {p.unit}
            </MenuItem>
          ))}
        </TextField>
      </Stack>
      <Stack direction="row" sx={{ gap: 1, flexWrap: 'wrap', alignItems: 'flex-start' }}>
        <TextField
          select
          size="small"
          label={t('kpi.work.employee')}
          value={employeeId}
          onChange={(e) => setEmployeeId(e.target.value)}
          sx={{ flex: 1, minWidth: 200 }}
          slotProps={{ select: { SelectDisplayProps: { 'data-testid': 'ticket-work-employee' } as object } }}
        >
          {earners.map((e) => (
            <MenuItem key={e.id} value={e.id}>
              {e.name}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          size="small"
          label={t('kpi.work.quantity')}
          value={quantity}
          error={!quantityOk}
          onChange={(e) => setQuantity(e.target.value)}
          sx={{ width: 90 }}
          slotProps={{ htmlInput: { inputMode: 'numeric', 'data-testid': 'ticket-work-quantity' } }}
        />
        <Button
          type="submit"
          variant="contained"
          disabled={busy || code === '' || employeeId === '' || !quantityOk}
          data-testid="ticket-work-submit"
        >
          {t('kpi.work.submit')}
        </Button>
      </Stack>
    </Stack>
  );
}
