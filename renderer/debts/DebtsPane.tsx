import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DebtSort, Debtor, DebtVisit, ExportedFile } from '../../core/contract';
import type { Result } from '../../core/result';
import type { PaneProps } from '../app/pane-props';
import { PhoneLinks } from '../phone/PhoneLink';
import { useNow } from '../session/useNow';
import { useApi } from '../ui/api-context';
import { errorText } from '../ui/error-message';
import { formatDate, formatMoney } from '../ui/format';
import { useToast } from '../ui/toast';
import { PaneControls } from '../ui/TopBar';
import { useApiQuery } from '../ui/useApiQuery';
import { useLocale } from '../ui/useLocale';
import { AgingChart } from './AgingChart';
import { DebtDialogView, type DebtDialog } from './DebtDialogs';
import { followUpState } from './debt-view';
import { saveFile } from './save-file';
import { StatusTimesPanel } from './StatusTimesPanel';
import { WorkPanel } from './WorkPanel';

/** The accountant's pane has three tabs: the debts, the KPI system's work and points, time in status. */
const TABS = ['debts', 'work', 'status'] as const;
type AccountantTab = (typeof TABS)[number];

/**
 * The accountants' desk: every completed paid visit not fully paid, by client (the one debt rule decides
 * which), with its age, the client's phones to call, the last reminder and its follow-up; payments recorded,
 * corrected or cancelled and reminders recorded from the row; the list, its totals and aging as files.
 */
export function DebtsPane({ active }: PaneProps) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const api = useApi();
  const toast = useToast();
  const [tab, setTab] = useState<AccountantTab>('debts');
  const [sort, setSort] = useState<DebtSort>('age');
  const [dialog, setDialog] = useState<DebtDialog | null>(null);
  const [exporting, setExporting] = useState(false);
  const query = useApiQuery('debts:list', { sort });
  const list = query.data;

  const download = async (make: () => Promise<Result<ExportedFile>>) => {
    setExporting(true);
    const result = await make();
    setExporting(false);
    if (result.ok) saveFile(result.value);
    else toast({ severity: 'error', message: errorText(t, result.error) });
  };
  const letter = (debtor: Debtor) =>
    download(async () => {
      const result = await api.call('debts:letter', { clientId: debtor.clientId });
      // Without the letterhead there is no letter: ask for it at once instead of only saying so.
      if (!result.ok && result.error.code === 'invalid-input') setDialog({ kind: 'company' });
      return result;
    });

  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0 }} data-testid="pane-debts">
      <PaneControls active={active}>
        <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center', flex: 1, minWidth: 0 }}>
          <Typography component="h2" variant="h6" sx={{ fontSize: 18, fontWeight: 600, lineHeight: '52px' }}>
            {t('nav.debts')}
          </Typography>
          <ToggleButtonGroup
            size="small"
            exclusive
            value={tab}
            onChange={(_, v: AccountantTab | null) => v && setTab(v)}
            aria-label={t('kpi.tabs.label')}
          >
            {TABS.map((v) => (
              <ToggleButton key={v} value={v} data-testid={`accountant-tab-${v}`}>
                {t(`kpi.tabs.${v}`)}
              </ToggleButton>
            ))}
          </ToggleButtonGroup>
          {tab === 'debts' && (
            <>
              <ToggleButtonGroup
                size="small"
                exclusive
                value={sort}
                onChange={(_, v: DebtSort | null) => v && setSort(v)}
                aria-label={t('debts.sort.label')}
              >
                <ToggleButton value="age" data-testid="debts-sort-age">
                  {t('debts.sort.age')}
                </ToggleButton>
                <ToggleButton value="sum" data-testid="debts-sort-sum">
                  {t('debts.sort.sum')}
                </ToggleButton>
              </ToggleButtonGroup>
              <Box sx={{ flex: 1 }} />
              <Button
                size="small"
                disabled={exporting}
                onClick={() => void download(() => api.call('debts:export', { format: 'csv', sort }))}
                data-testid="debts-export-csv"
              >
                CSV
              </Button>
              <Button
                size="small"
                disabled={exporting}
                onClick={() => void download(() => api.call('debts:export', { format: 'xlsx', sort }))}
                data-testid="debts-export-xlsx"
              >
                XLSX
              </Button>
              <Button size="small" onClick={() => setDialog({ kind: 'company' })} data-testid="debts-company">
                {t('debts.company.open')}
              </Button>
            </>
          )}
        </Stack>
      </PaneControls>
      <Box component="main" sx={{ flex: 1, overflow: 'auto', p: 2 }}>
        {tab === 'work' && <WorkPanel />}
        {tab === 'status' && <StatusTimesPanel />}
        {tab === 'debts' && query.error && (
          <Alert severity="error" data-testid="debts-error">
            {errorText(t, query.error)}
          </Alert>
        )}
        {tab === 'debts' && list && (
          <>
            <Stack direction="row" spacing={4} sx={{ alignItems: 'flex-end', flexWrap: 'wrap', mb: 2 }}>
              <Box data-testid="debts-totals">
                {list.totals.length === 0 ? (
                  <Typography data-testid="debts-none">{t('debts.none')}</Typography>
                ) : (
                  list.totals.map((total) => (
                    <Typography key={total.currency} sx={{ fontWeight: 600 }}>
                      {t('debts.total', {
                        sum: formatMoney(total.owed, total.currency, locale),
                        debtors: total.debtors,
                        visits: total.visits,
                      })}
                    </Typography>
                  ))
                )}
                {list.debtorCount > list.debtors.length && (
                  <Typography variant="body2" sx={{ color: 'text.secondary' }}>
                    {t('debts.shown', { shown: list.debtors.length, count: list.debtorCount })}
                  </Typography>
                )}
              </Box>
              {list.buckets.length > 0 && <AgingChart buckets={list.buckets} />}
            </Stack>
            <Stack spacing={1.5} data-testid="debtors">
              {list.debtors.map((debtor) => (
                <DebtorCard
                  key={debtor.clientId}
                  debtor={debtor}
                  onDialog={setDialog}
                  onLetter={() => void letter(debtor)}
                />
              ))}
            </Stack>
          </>
        )}
      </Box>
      {dialog && <DebtDialogView dialog={dialog} onClose={() => setDialog(null)} />}
    </Box>
  );
}

function DebtorCard({
  debtor,
  onDialog,
  onLetter,
}: Readonly<{ debtor: Debtor; onDialog: (d: DebtDialog) => void; onLetter: () => void }>) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const now = useNow(60_000);
  const reminder = debtor.lastReminder;
  const follow = reminder?.followUpAt != null ? followUpState(reminder.followUpAt, now) : null;
  const due = follow === 'today' || follow === 'overdue';
  return (
    <Paper
      variant="outlined"
      sx={{ p: 1.5, borderColor: due ? 'warning.main' : undefined, borderWidth: due ? 2 : 1 }}
      data-testid="debtor"
      data-client-id={debtor.clientId}
      data-follow-up={follow ?? 'none'}
    >
      <Stack direction="row" spacing={2} sx={{ alignItems: 'baseline', flexWrap: 'wrap' }}>
        <Typography component="h3" sx={{ fontWeight: 600, fontSize: 16 }} data-testid="debtor-name">
          {debtor.name}
        </Typography>
        <Typography sx={{ fontWeight: 600, color: 'error.main' }} data-testid="debtor-owed">
          {formatMoney(debtor.owed, debtor.currency, locale)}
        </Typography>
        <Typography variant="body2" sx={{ color: 'text.secondary' }}>
          {t('debts.age', { count: debtor.ageDays })}
        </Typography>
        <Box sx={{ flex: 1 }} />
        <Button size="small" onClick={() => onDialog({ kind: 'remind', debtor })} data-testid="debtor-remind">
          {t('debts.remind.open')}
        </Button>
        <Button size="small" onClick={onLetter} data-testid="debtor-letter">
          {t('debts.letter')}
        </Button>
      </Stack>
      {debtor.contacts.length > 0 && (
        <Box sx={{ mt: 0.5, fontSize: 14 }} data-testid="debtor-contacts">
          {debtor.contacts.map((c) => (
            <Box component="span" key={c.contactId ?? 'client'} sx={{ mr: 2 }}>
              {c.name ? `${c.name}${c.role ? ` (${c.role})` : ''}: ` : ''}
              <PhoneLinks numbers={c.phones} />
            </Box>
          ))}
        </Box>
      )}
      {reminder && (
        <Typography variant="body2" sx={{ mt: 0.5 }} data-testid="debtor-reminder">
          {t('debts.lastReminder', {
            date: formatDate(reminder.at, locale),
            by: reminder.byName ?? '—',
            note: reminder.note,
          })}
          {reminder.promisedAt !== null &&
            ` · ${t('debts.promised', { date: formatDate(reminder.promisedAt, locale) })}`}
          {reminder.followUpAt !== null && (
            <Chip
              size="small"
              sx={{ ml: 1 }}
              color={due ? 'warning' : 'default'}
              label={t(`debts.followUp.${follow ?? 'later'}`, { date: formatDate(reminder.followUpAt, locale) })}
              data-testid="debtor-follow-up"
            />
          )}
        </Typography>
      )}
      <Box component="table" sx={{ width: '100%', mt: 1, borderCollapse: 'collapse', fontSize: 14 }}>
        <thead>
          <Box component="tr" sx={{ color: 'text.secondary', textAlign: 'left', '& th': { fontWeight: 500, pr: 2 } }}>
            <th>{t('debts.col.ticket')}</th>
            <th>{t('debts.col.completed')}</th>
            <th>{t('debts.col.age')}</th>
            <th>{t('debts.col.engineer')}</th>
            <th>{t('debts.col.amount')}</th>
            <th>{t('debts.col.paid')}</th>
            <th>{t('debts.col.owed')}</th>
            <th />
          </Box>
        </thead>
        <tbody>
          {debtor.visits.map((visit) => (
            <VisitRows key={visit.ticketId} debtor={debtor} visit={visit} onDialog={onDialog} />
          ))}
        </tbody>
      </Box>
    </Paper>
  );
}

function VisitRows({
  debtor,
  visit,
  onDialog,
}: Readonly<{ debtor: Debtor; visit: DebtVisit; onDialog: (d: DebtDialog) => void }>) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const money = (n: number) => formatMoney(n, debtor.currency, locale);
  return (
    <>
      <Box
        component="tr"
        sx={{ borderTop: 1, borderColor: 'divider', '& td': { pr: 2, py: 0.5 } }}
        data-testid="debt-visit"
        data-ticket-number={visit.ticketNumber}
      >
        <td>
          №{visit.ticketNumber} {visit.title}
        </td>
        <td>{formatDate(visit.completedAt, locale)}</td>
        <td>{t('debts.age', { count: visit.ageDays })}</td>
        <td>{visit.engineerName ?? '—'}</td>
        <td>{money(visit.amount)}</td>
        <td>{money(visit.paid)}</td>
        <Box component="td" sx={{ fontWeight: 600 }} data-testid="debt-visit-owed">
          {money(visit.owed)}
        </Box>
        <Box component="td" sx={{ textAlign: 'right' }}>
          <Button
            size="small"
            variant="outlined"
            onClick={() => onDialog({ kind: 'pay', debtor, visit })}
            data-testid="debt-visit-pay"
          >
            {t('debts.pay.open')}
          </Button>
        </Box>
      </Box>
      {visit.payments.map((p) => (
        <Box
          component="tr"
          key={p.id}
          sx={{ color: 'text.secondary', fontSize: 13, '& td': { pr: 2 } }}
          data-testid="debt-payment"
          data-cancelled={p.cancelledAt !== null}
        >
          <td colSpan={5}>
            <Box component="span" sx={{ textDecoration: p.cancelledAt !== null ? 'line-through' : undefined }}>
              {t('debts.payment', { date: formatDate(p.paidAt, locale), sum: money(p.amount) })}
            </Box>
            {p.comment && ` · ${p.comment}`}
            {p.correctedAt !== null && ` · ${t('debts.corrected', { date: formatDate(p.correctedAt, locale) })}`}
            {p.cancelledAt !== null &&
              ` · ${t('debts.cancelled', { date: formatDate(p.cancelledAt, locale), reason: p.cancelReason ?? '' })}`}
          </td>
          <Box component="td" colSpan={3} sx={{ textAlign: 'right' }}>
            {p.cancelledAt === null && (
              <>
                <Button
                  size="small"
                  onClick={() => onDialog({ kind: 'correct', debtor, payment: p })}
                  data-testid="payment-correct"
                >
                  {t('debts.correct.open')}
                </Button>
                <Button
                  size="small"
                  color="error"
                  onClick={() => onDialog({ kind: 'cancel', debtor, payment: p })}
                  data-testid="payment-cancel"
                >
                  {t('debts.cancelPayment.open')}
                </Button>
              </>
            )}
          </Box>
        </Box>
      ))}
    </>
  );
}
