import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CompanyDetails, DebtPayment, Debtor, DebtVisit } from '../../core/contract';
import type { Result } from '../../core/result';
import { assertNever } from '../../core/result';
import { useApi } from '../ui/api-context';
import { DateField } from '../ui/DateField';
import { errorText } from '../ui/error-message';
import { formatMoney } from '../ui/format';
import { parseMoneyInput } from '../ui/money-input';
import { useToast } from '../ui/toast';
import { useActionIds } from '../ui/useActionIds';
import { useApiQuery } from '../ui/useApiQuery';
import { useLocale } from '../ui/useLocale';
import { dayInputToMillis, millisToDayInput } from './debt-view';

/** What the pane asks the accountant for: one dialog at a time. */
export type DebtDialog =
  | Readonly<{ kind: 'pay'; debtor: Debtor; visit: DebtVisit }>
  | Readonly<{ kind: 'correct'; debtor: Debtor; payment: DebtPayment }>
  | Readonly<{ kind: 'cancel'; debtor: Debtor; payment: DebtPayment }>
  | Readonly<{ kind: 'remind'; debtor: Debtor }>
  | Readonly<{ kind: 'company' }>;

type Props = Readonly<{ dialog: DebtDialog; onClose: () => void }>;

export function DebtDialogView({ dialog, onClose }: Props) {
  switch (dialog.kind) {
    case 'pay':
    case 'correct':
      return <PaymentDialog dialog={dialog} onClose={onClose} />;
    case 'cancel':
      return <CancelDialog dialog={dialog} onClose={onClose} />;
    case 'remind':
      return <ReminderDialog debtor={dialog.debtor} onClose={onClose} />;
    case 'company':
      return <CompanyDialog onClose={onClose} />;
    default:
      return assertNever(dialog, 'dialog');
  }
}

/** Runs a call, says a refusal in a toast (the dialog stays open to fix it), closes on success. */
function useSubmit(onClose: () => void, okMessage: string) {
  const { t } = useTranslation();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const submit = async (run: () => Promise<Result<unknown>>, done?: () => void) => {
    setBusy(true);
    const result = await run();
    setBusy(false);
    if (!result.ok) {
      toast({ severity: 'error', message: errorText(t, result.error) });
      return;
    }
    done?.();
    toast({ severity: 'success', message: okMessage });
    onClose();
  };
  return { busy, submit };
}

function Frame({
  title,
  testId,
  busy,
  submitLabel,
  onClose,
  onSubmit,
  children,
  disabled = false,
}: Readonly<{
  title: string;
  testId: string;
  busy: boolean;
  submitLabel: string;
  onClose: () => void;
  onSubmit: () => void;
  children: ReactNode;
  disabled?: boolean;
}>) {
  const { t } = useTranslation();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!busy && !disabled) onSubmit();
  };
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="xs" data-testid={testId}>
      <form onSubmit={submit} noValidate>
        <DialogTitle>{title}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            {children}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{t('debts.dialog.cancel')}</Button>
          <Button type="submit" variant="contained" disabled={busy || disabled} data-testid={`${testId}-submit`}>
            {submitLabel}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

function PaymentDialog({
  dialog,
  onClose,
}: Readonly<{ dialog: Extract<DebtDialog, { kind: 'pay' | 'correct' }>; onClose: () => void }>) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const api = useApi();
  const ids = useActionIds(['payment']);
  const { currency } = dialog.debtor;
  const start = dialog.kind === 'pay' ? dialog.visit.owed : dialog.payment.amount;
  const [amount, setAmount] = useState((start / 100).toFixed(2));
  const [day, setDay] = useState(() => millisToDayInput(dialog.kind === 'pay' ? Date.now() : dialog.payment.paidAt));
  const [comment, setComment] = useState(dialog.kind === 'correct' ? (dialog.payment.comment ?? '') : '');
  const { busy, submit } = useSubmit(onClose, dialog.kind === 'pay' ? t('debts.pay.saved') : t('debts.correct.saved'));
  const minor = parseMoneyInput(amount);
  const paidAt = dayInputToMillis(day);
  const amountError = minor === null || minor <= 0 ? t('debts.pay.badAmount') : null;
  const go = () => {
    if (minor === null || paidAt === null) return;
    if (dialog.kind === 'pay') {
      void submit(
        () =>
          api.call('payment:add', {
            id: ids.take().payment,
            ticketId: dialog.visit.ticketId,
            amount: minor,
            paidAt,
            comment,
          }),
        ids.done,
      );
    } else {
      void submit(() => api.call('payment:correct', { id: dialog.payment.id, amount: minor, paidAt, comment }));
    }
  };
  return (
    <Frame
      title={
        dialog.kind === 'pay' ? t('debts.pay.title', { number: dialog.visit.ticketNumber }) : t('debts.correct.title')
      }
      testId={dialog.kind === 'pay' ? 'pay-dialog' : 'correct-dialog'}
      busy={busy}
      disabled={amountError !== null || paidAt === null}
      submitLabel={dialog.kind === 'pay' ? t('debts.pay.submit') : t('debts.correct.submit')}
      onClose={onClose}
      onSubmit={go}
    >
      {dialog.kind === 'pay' && (
        <Stack direction="row" spacing={1}>
          <Button size="small" onClick={() => setAmount((dialog.visit.owed / 100).toFixed(2))} data-testid="pay-full">
            {t('debts.pay.full', { sum: formatMoney(dialog.visit.owed, currency, locale) })}
          </Button>
        </Stack>
      )}
      <TextField
        label={t('debts.pay.amount', { currency })}
        value={amount}
        onChange={(e) => setAmount(e.target.value)}
        error={amountError !== null}
        helperText={amountError ?? ' '}
        autoFocus
        slotProps={{ htmlInput: { inputMode: 'decimal', 'data-testid': 'pay-amount' } }}
      />
      <DateField label={t('debts.pay.date')} value={day} onChange={setDay} error={paidAt === null} testId="pay-date" />
      <TextField
        label={t('debts.pay.comment')}
        value={comment}
        onChange={(e) => setComment(e.target.value)}
        multiline
        minRows={2}
        slotProps={{ htmlInput: { maxLength: 2000, 'data-testid': 'pay-comment' } }}
      />
    </Frame>
  );
}

function CancelDialog({
  dialog,
  onClose,
}: Readonly<{ dialog: Extract<DebtDialog, { kind: 'cancel' }>; onClose: () => void }>) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const api = useApi();
  const [reason, setReason] = useState('');
  const { busy, submit } = useSubmit(onClose, t('debts.cancelPayment.saved'));
  return (
    <Frame
      title={t('debts.cancelPayment.title', {
        sum: formatMoney(dialog.payment.amount, dialog.debtor.currency, locale),
      })}
      testId="cancel-payment-dialog"
      busy={busy}
      disabled={reason.trim() === ''}
      submitLabel={t('debts.cancelPayment.submit')}
      onClose={onClose}
      onSubmit={() => void submit(() => api.call('payment:cancel', { id: dialog.payment.id, reason }))}
    >
      <TextField
        label={t('debts.cancelPayment.reason')}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        helperText={t('debts.cancelPayment.hint')}
        autoFocus
        multiline
        minRows={2}
        slotProps={{ htmlInput: { maxLength: 2000, 'data-testid': 'cancel-reason' } }}
      />
    </Frame>
  );
}

function ReminderDialog({ debtor, onClose }: Readonly<{ debtor: Debtor; onClose: () => void }>) {
  const { t } = useTranslation();
  const api = useApi();
  const ids = useActionIds(['reminder']);
  const [note, setNote] = useState('');
  const [promised, setPromised] = useState('');
  const [followUp, setFollowUp] = useState('');
  const { busy, submit } = useSubmit(onClose, t('debts.remind.saved'));
  const promisedAt = promised === '' ? null : dayInputToMillis(promised);
  const followUpAt = followUp === '' ? null : dayInputToMillis(followUp);
  const bad = (promised !== '' && promisedAt === null) || (followUp !== '' && followUpAt === null);
  return (
    <Frame
      title={t('debts.remind.title', { client: debtor.name })}
      testId="remind-dialog"
      busy={busy}
      disabled={note.trim() === '' || bad}
      submitLabel={t('debts.remind.submit')}
      onClose={onClose}
      onSubmit={() =>
        void submit(
          () =>
            api.call('reminder:record', {
              id: ids.take().reminder,
              clientId: debtor.clientId,
              note,
              promisedAt,
              followUpAt,
            }),
          ids.done,
        )
      }
    >
      <TextField
        label={t('debts.remind.note')}
        placeholder={t('debts.remind.placeholder')}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        autoFocus
        multiline
        minRows={2}
        slotProps={{ htmlInput: { maxLength: 2000, 'data-testid': 'remind-note' } }}
      />
      <DateField label={t('debts.remind.promised')} value={promised} onChange={setPromised} testId="remind-promised" />
      <DateField label={t('debts.remind.followUp')} value={followUp} onChange={setFollowUp} testId="remind-follow-up" />
    </Frame>
  );
}

const COMPANY_FIELDS = ['name', 'taxId', 'address', 'phone', 'email', 'bank', 'signer'] as const;

function CompanyDialog({ onClose }: Readonly<{ onClose: () => void }>) {
  const saved = useApiQuery('company:details', {});
  return saved.data === undefined && !saved.error ? null : (
    <CompanyForm initial={saved.data ?? null} onClose={onClose} />
  );
}

function CompanyForm({ initial, onClose }: Readonly<{ initial: CompanyDetails | null; onClose: () => void }>) {
  const { t } = useTranslation();
  const api = useApi();
  const [details, setDetails] = useState<Record<(typeof COMPANY_FIELDS)[number], string>>(() => ({
    name: initial?.name ?? '',
    taxId: initial?.taxId ?? '',
    address: initial?.address ?? '',
    phone: initial?.phone ?? '',
    email: initial?.email ?? '',
    bank: initial?.bank ?? '',
    signer: initial?.signer ?? '',
  }));
  const { busy, submit } = useSubmit(onClose, t('debts.company.saved'));
  return (
    <Frame
      title={t('debts.company.title')}
      testId="company-dialog"
      busy={busy}
      disabled={details.name.trim() === ''}
      submitLabel={t('debts.company.submit')}
      onClose={onClose}
      onSubmit={() => void submit(() => api.call('company:set-details', details))}
    >
      {COMPANY_FIELDS.map((field) => (
        <TextField
          key={field}
          label={t(`debts.company.${field}`)}
          value={details[field]}
          onChange={(e) => setDetails((d) => ({ ...d, [field]: e.target.value }))}
          multiline={field === 'bank' || field === 'address'}
          required={field === 'name'}
          slotProps={{ htmlInput: { 'data-testid': `company-${field}` } }}
        />
      ))}
    </Frame>
  );
}
