import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Duplicate } from '../../core/clients/contract';
import type { ClientOption, InputOf } from '../../core/contract';
import { type PultErrorData, type Result } from '../../core/result';
import { useApi } from '../ui/api-context';
import { ClientPicker } from '../ui/ClientPicker';
import { errorText } from '../ui/error-message';
import { useActionIds } from '../ui/useActionIds';
import { DateField } from '../ui/DateField';
import { formErrors, requiredError, type FieldError } from './directory-form';

// The directory's dialog shapes: a form with checks and duplicate warnings, a confirmation, a merge.

export type Field = Readonly<{
  key: string;
  label: string;
  initial?: string;
  check?: (value: string) => FieldError | null;
  multiline?: boolean;
  options?: readonly string[];
  /** A calendar day: a date field in the UI's language, its value `yyyy-MM-dd` (or `''`, or `invalid`). */
  date?: boolean;
}>;

type Duplicates = Omit<InputOf<'directory:duplicates'>, 'excludeClientId'> & { excludeClientId?: string | null };

export function FormDialog({
  title,
  testId,
  fields,
  duplicates,
  onOpenDuplicate,
  onClose,
  submit,
}: Readonly<{
  title: string;
  testId: string;
  fields: readonly Field[];
  /** What to look for among existing rows before saving, or null to skip the check. */
  duplicates?: (values: Readonly<Record<string, string>>) => Duplicates | null;
  onOpenDuplicate?: (clientId: string) => void;
  onClose: () => void;
  submit: (values: Readonly<Record<string, string>>) => Promise<Result<unknown>>;
}>) {
  const { t } = useTranslation();
  const api = useApi();
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(fields.map((f) => [f.key, f.initial ?? ''])),
  );
  const [shown, setShown] = useState(false);
  const [found, setFound] = useState<readonly Duplicate[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<PultErrorData | null>(null);
  const errors = formErrors(Object.fromEntries(fields.map((f) => [f.key, [f.check?.(values[f.key] ?? '') ?? null]])));

  const save = async (confirmed: boolean) => {
    setShown(true);
    if (Object.keys(errors).length > 0 || busy) return;
    setBusy(true);
    setError(null);
    try {
      const trimmed = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.trim()]));
      const lookFor = confirmed ? null : (duplicates?.(trimmed) ?? null);
      if (lookFor) {
        const answer = await api.call('directory:duplicates', lookFor);
        if (answer.ok && answer.value.length > 0) {
          setFound(answer.value);
          return;
        }
      }
      const result = await submit(trimmed);
      if (!result.ok) setError(result.error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={onClose} maxWidth="sm" fullWidth aria-labelledby={`${testId}-title`} data-testid={testId}>
      <DialogTitle id={`${testId}-title`}>{title}</DialogTitle>
      <DialogContent>
        <Box
          component="form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void save(false);
          }}
          sx={{ display: 'flex', flexDirection: 'column', gap: 2, pt: 1 }}
        >
          {fields.map((f, i) => {
            const problem = shown ? errors[f.key] : undefined;
            if (f.date) {
              return (
                <DateField
                  key={f.key}
                  label={f.label}
                  value={values[f.key] ?? ''}
                  onChange={(day) => setValues((v) => ({ ...v, [f.key]: day }))}
                  error={problem !== undefined}
                  testId={`field-${f.key}`}
                />
              );
            }
            return (
              <TextField
                key={f.key}
                label={f.label}
                value={values[f.key]}
                autoFocus={i === 0}
                select={f.options !== undefined}
                multiline={f.multiline}
                minRows={f.multiline ? 2 : undefined}
                required={f.check === requiredError}
                error={problem !== undefined}
                helperText={problem ? t(`directory.error.${problem}`) : undefined}
                onChange={(e) => {
                  setValues((v) => ({ ...v, [f.key]: e.target.value }));
                  setFound(null);
                }}
                slotProps={{ htmlInput: { 'data-testid': `field-${f.key}` } }}
              >
                {f.options?.map((o) => (
                  <MenuItem key={o} value={o}>
                    {o}
                  </MenuItem>
                ))}
              </TextField>
            );
          })}
          {/* Enter in a field submits. */}
          <button type="submit" hidden />
        </Box>
        {found && (
          <Alert severity="warning" sx={{ mt: 2 }} data-testid="duplicates-alert">
            <AlertTitle>{t('directory.duplicates.title')}</AlertTitle>
            {found.map((d) => (
              <Box
                key={`${d.kind}/${d.clientId}/${d.vehicleId ?? ''}`}
                sx={{ display: 'flex', alignItems: 'center', gap: 1 }}
              >
                <span data-testid="duplicate">
                  «{d.clientName}» — {t(`directory.duplicates.${d.kind}`, { value: d.value })}
                  {!d.active && ` (${t('directory.inactive')})`}
                </span>
                {onOpenDuplicate && (
                  <Button size="small" onClick={() => onOpenDuplicate(d.clientId)} data-testid="duplicate-open">
                    {t('directory.duplicates.open')}
                  </Button>
                )}
              </Box>
            ))}
          </Alert>
        )}
        {error && (
          <Alert severity="error" sx={{ mt: 2 }} data-testid="form-error">
            {errorText(t, error)}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('directory.action.cancel')}</Button>
        {found ? (
          <Button
            variant="contained"
            color="warning"
            disabled={busy}
            onClick={() => void save(true)}
            data-testid="duplicate-proceed"
          >
            {t('directory.duplicates.proceed')}
          </Button>
        ) : (
          <Button variant="contained" disabled={busy} onClick={() => void save(false)} data-testid="form-save">
            {t('directory.action.save')}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}

export function ConfirmDialog({
  title,
  text,
  confirm,
  onClose,
  run,
  children,
  disabled,
}: Readonly<{
  title: string;
  text: string;
  confirm: string;
  onClose: () => void;
  run: () => Promise<Result<unknown>>;
  children?: React.ReactNode;
  disabled?: boolean;
}>) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<PultErrorData | null>(null);
  return (
    <Dialog
      open
      onClose={onClose}
      maxWidth="sm"
      fullWidth
      aria-labelledby="directory-confirm-title"
      data-testid="confirm-dialog"
    >
      <DialogTitle id="directory-confirm-title">{title}</DialogTitle>
      <DialogContent>
        <DialogContentText>{text}</DialogContentText>
        {children}
        {error && (
          <Alert severity="error" sx={{ mt: 2 }} data-testid="form-error">
            {errorText(t, error)}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('directory.action.cancel')}</Button>
        <Button
          variant="contained"
          color="warning"
          disabled={busy || disabled}
          data-testid="confirm"
          onClick={() => {
            setBusy(true);
            setError(null);
            void run().then((result) => {
              setBusy(false);
              if (!result.ok) setError(result.error);
            });
          }}
        >
          {confirm}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

export function MergeDialog({
  keptId,
  keptName,
  onClose,
  onMerged,
}: Readonly<{ keptId: string; keptName: string; onClose: () => void; onMerged: () => void }>) {
  const { t } = useTranslation();
  const api = useApi();
  const ids = useActionIds(['id']);
  const [other, setOther] = useState<ClientOption | null>(null);
  return (
    <ConfirmDialog
      title={t('directory.mergeTitle')}
      text={t('directory.mergeHint', { name: keptName })}
      confirm={t('directory.mergeConfirm')}
      onClose={onClose}
      disabled={other === null || other.id === keptId}
      run={async () => {
        const result = await api.call('client:merge', { id: ids.take().id, keptId, mergedId: other!.id });
        if (result.ok) {
          ids.done();
          onMerged();
        }
        return result;
      }}
    >
      <Box sx={{ mt: 2 }}>
        <ClientPicker
          label={t('directory.mergePick')}
          value={other}
          onChange={setOther}
          testId="merge-picker"
          autoFocus
        />
      </Box>
    </ConfirmDialog>
  );
}
