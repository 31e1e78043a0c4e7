import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { DateField } from '../ui/DateField';
import { PeriodFields } from '../ui/PeriodFields';
import type { ExportedFile, PriceListing, WorkReportQuery, WorkTicket } from '../../core/contract';
import { CURRENCIES } from '../../core/clients/currencies';
import { PRICE_LISTS, type PriceListName as PriceList } from '../../core/money/price-lists';
import type { Result } from '../../core/result';
import { useApi } from '../ui/api-context';
import { errorText } from '../ui/error-message';
import { parseMoneyInput } from '../ui/money-input';
import { useToast } from '../ui/toast';
import { useActionIds } from '../ui/useActionIds';
import { useApiQuery } from '../ui/useApiQuery';
import { useLocale } from '../ui/useLocale';
import { saveFile } from './save-file';
import { WorkChart } from './WorkChart';
import { TicketWork } from './TicketWork';
import { formatWorkValue, monthOf } from './work-view';

/**
 * The KPI tab of the accountant's pane: the two price lists (a price is set from a date on, never rewritten),
 * the work recorded on a completed ticket, and the report per employee and period with its chart and files.
 */
export function WorkPanel() {
  const prices = useApiQuery('prices:list', {});
  return (
    <Stack spacing={2} data-testid="work-panel">
      {prices.error && <Alert severity="error">{prices.error.message}</Alert>}
      {prices.data && <PricesSection listing={prices.data} />}
      <RecordWorkSection />
      {prices.data && <ReportSection today={prices.data.today} />}
    </Stack>
  );
}

function Section({ title, testId, children }: Readonly<{ title: string; testId: string; children: ReactNode }>) {
  return (
    <Paper variant="outlined" sx={{ p: 1.5 }} data-testid={testId}>
      <Typography component="h3" sx={{ fontWeight: 600, fontSize: 16, mb: 1 }}>
        {title}
      </Typography>
      {children}
    </Paper>
  );
}

/** Runs a call and says a refusal in a toast; true when it went through. */
function useRun() {
  const { t } = useTranslation();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const run = async (call: () => Promise<Result<unknown>>, ok: string): Promise<boolean> => {
    setBusy(true);
    const result = await call();
    setBusy(false);
    if (!result.ok) {
      toast({ severity: 'error', message: errorText(t, result.error) });
      return false;
    }
    toast({ severity: 'success', message: ok });
    return true;
  };
  return { busy, run };
}

const cellSx = { '& td, & th': { pr: 2, py: 0.25, textAlign: 'left' } } as const;

function PricesSection({ listing }: Readonly<{ listing: PriceListing }>) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const api = useApi();
  const ids = useActionIds(['price']);
  const { busy, run } = useRun();
  const [list, setList] = useState<PriceList>('points');
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const [currency, setCurrency] = useState<string>('BYN');
  const [from, setFrom] = useState(listing.today);
  const parsed = parseMoneyInput(value);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (parsed === null) return;
    const done = await run(
      () =>
        api.call('price:set', {
          id: ids.take().price,
          list,
          code: code.trim(),
          name: name.trim(),
          value: parsed,
          currency: list === 'money' ? (currency as (typeof CURRENCIES)[number]) : null,
          effectiveFrom: from,
        }),
      t('kpi.prices.saved'),
    );
    if (done) {
      ids.done();
      setValue('');
    }
  };

  return (
    <Section title={t('kpi.prices.title')} testId="prices">
      <Box component="table" sx={{ borderCollapse: 'collapse', fontSize: 14, mb: 1.5, ...cellSx }}>
        <thead>
          <tr>
            <th>{t('kpi.prices.list')}</th>
            <th>{t('kpi.prices.code')}</th>
            <th>{t('kpi.prices.name')}</th>
            <th>{t('kpi.prices.value')}</th>
            <th>{t('kpi.prices.from')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {listing.items.map((item) => (
            <Box
              component="tr"
              key={item.id}
              sx={{ color: item.inForce ? undefined : 'text.secondary' }}
              data-testid="price-row"
              data-code={item.code}
              data-in-force={item.inForce}
            >
              <td>{t(`kpi.list.${item.list}`)}</td>
              <td>{item.code}</td>
              <td>{item.name}</td>
              <td>{formatWorkValue(item.value, item.currency, locale)}</td>
              <td>{item.effectiveFrom}</td>
              <td>{item.inForce && <Chip size="small" color="success" label={t('kpi.prices.inForce')} />}</td>
            </Box>
          ))}
        </tbody>
      </Box>
      <Stack component="form" direction="row" spacing={1} sx={{ flexWrap: 'wrap', gap: 1 }} onSubmit={submit}>
        <TextField
          select
          size="small"
          label={t('kpi.prices.list')}
          value={list}
          onChange={(e) => setList(e.target.value as PriceList)}
          slotProps={{ htmlInput: { 'data-testid': 'price-list' } }}
        >
          {PRICE_LISTS.map((l) => (
            <MenuItem key={l} value={l} data-testid={`price-list-${l}`}>
              {t(`kpi.list.${l}`)}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          size="small"
          label={t('kpi.prices.code')}
          value={code}
          onChange={(e) => setCode(e.target.value)}
          slotProps={{ htmlInput: { 'data-testid': 'price-code' } }}
        />
        <TextField
          size="small"
          label={t('kpi.prices.name')}
          value={name}
          onChange={(e) => setName(e.target.value)}
          slotProps={{ htmlInput: { 'data-testid': 'price-name' } }}
        />
        <TextField
          size="small"
          label={t('kpi.prices.value')}
          value={value}
          error={value !== '' && parsed === null}
          onChange={(e) => setValue(e.target.value)}
          sx={{ width: 110 }}
          slotProps={{ htmlInput: { 'data-testid': 'price-value', inputMode: 'decimal' } }}
        />
        {list === 'money' && (
          <TextField
            select
            size="small"
            label={t('kpi.prices.currency')}
            value={currency}
            onChange={(e) => setCurrency(e.target.value)}
          >
            {CURRENCIES.map((c) => (
              <MenuItem key={c} value={c}>
                {c}
              </MenuItem>
            ))}
          </TextField>
        )}
        <DateField size="small" label={t('kpi.prices.from')} value={from} onChange={setFrom} testId="price-from" />
        <Button
          type="submit"
          variant="contained"
          disabled={busy || parsed === null || code.trim() === '' || name.trim() === ''}
          data-testid="price-submit"
        >
          {t('kpi.prices.submit')}
        </Button>
      </Stack>
    </Section>
  );
}

/**
 * Work by ticket number, for a ticket that is not in front of the accountant: the same «Работы» the ticket's
 * drawer shows (its lines, the form, the refusals), found by its number.
 */
function RecordWorkSection() {
  const { t } = useTranslation();
  const [numberText, setNumberText] = useState('');
  const [number, setNumber] = useState<number | null>(null);
  const ticket = useApiQuery('work:ticket', number === null ? null : { number });
  const found: WorkTicket | null | undefined = ticket.data;

  const find = (e: FormEvent) => {
    e.preventDefault();
    const n = Number(numberText.trim());
    setNumber(Number.isSafeInteger(n) && n > 0 ? n : null);
  };

  return (
    <Section title={t('kpi.work.title')} testId="record-work">
      <Stack component="form" direction="row" spacing={1} sx={{ mb: 1 }} onSubmit={find}>
        <TextField
          size="small"
          label={t('kpi.work.number')}
          value={numberText}
          onChange={(e) => setNumberText(e.target.value)}
          sx={{ width: 140 }}
          slotProps={{ htmlInput: { 'data-testid': 'work-number', inputMode: 'numeric' } }}
        />
        <Button type="submit" data-testid="work-find">
          {t('kpi.work.find')}
        </Button>
      </Stack>
      {number !== null && found === null && <Typography data-testid="work-none">{t('kpi.work.none')}</Typography>}
      {found && (
        <Box data-testid="work-ticket" data-completed={found.completed}>
          <Typography sx={{ fontWeight: 600 }}>
            №{found.number} {found.title}
          </Typography>
          {found.completed && (
            <Typography variant="body2" sx={{ color: 'text.secondary', mb: 1 }}>
              {t('kpi.work.completedOn', { day: found.day ?? '' })}
            </Typography>
          )}
          <TicketWork number={found.number} />
        </Box>
      )}
    </Section>
  );
}

function ReportSection({ today }: Readonly<{ today: string }>) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const api = useApi();
  const toast = useToast();
  const [period, setPeriod] = useState(() => monthOf(today));
  const [employeeId, setEmployeeId] = useState<string>('');
  const employees = useApiQuery('employees:list', {});
  const query: WorkReportQuery = { ...period, employeeId: employeeId === '' ? null : employeeId };
  const report = useApiQuery('work:report', query);

  const download = async (format: 'csv' | 'xlsx') => {
    const result: Result<ExportedFile> = await api.call('work:export', { format, report: query });
    if (result.ok) saveFile(result.value);
    else toast({ severity: 'error', message: errorText(t, result.error) });
  };

  return (
    <Section title={t('kpi.report.title')} testId="work-report">
      <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 1, mb: 1.5, alignItems: 'center' }}>
        <PeriodFields value={period} onChange={setPeriod} testId="report" />
        <TextField
          select
          size="small"
          label={t('kpi.report.employee')}
          value={employeeId}
          onChange={(e) => setEmployeeId(e.target.value)}
          sx={{ minWidth: 200 }}
        >
          <MenuItem value="">{t('kpi.report.everyone')}</MenuItem>
          {(employees.data ?? []).map((e) => (
            <MenuItem key={e.id} value={e.id}>
              {e.name}
            </MenuItem>
          ))}
        </TextField>
        <Box sx={{ flex: 1 }} />
        <Button size="small" onClick={() => void download('csv')} data-testid="report-export-csv">
          CSV
        </Button>
        <Button size="small" onClick={() => void download('xlsx')} data-testid="report-export-xlsx">
          XLSX
        </Button>
      </Stack>
      {report.error && <Alert severity="error">{errorText(t, report.error)}</Alert>}
      {report.data?.scope === 'own' && (
        <Typography variant="body2" sx={{ color: 'text.secondary', mb: 1 }}>
          {t('kpi.report.own')}
        </Typography>
      )}
      {report.data && report.data.rows.length === 0 && (
        <Typography data-testid="report-none">{t('kpi.report.none')}</Typography>
      )}
      <Stack spacing={2}>
        {report.data?.rows.map((row) => (
          <Box
            key={`${row.employeeId}|${row.list}|${row.currency ?? ''}`}
            data-testid="report-row"
            data-employee-id={row.employeeId}
            data-total={row.total}
          >
            <Typography sx={{ fontWeight: 600 }}>
              {row.name} · {t(`kpi.list.${row.list}`)}:{' '}
              <span data-testid="report-total">{formatWorkValue(row.total, row.currency, locale)}</span>
            </Typography>
            <WorkChart row={row} />
          </Box>
        ))}
      </Stack>
    </Section>
  );
}
