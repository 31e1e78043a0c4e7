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
import type { ClientCard, Duplicate, DirectoryVehicle } from '../../core/clients/contract';
import type { ClientOption, InputOf } from '../../core/contract';
import { CURRENCIES } from '../../core/clients/currencies';
import { assertNever, type PultErrorData, type Result } from '../../core/result';
import { useApi } from '../ui/api-context';
import { ClientPicker } from '../ui/ClientPicker';
import { errorText } from '../ui/error-message';
import { useActionIds } from '../ui/useActionIds';
import {
  dateError,
  formErrors,
  parseDay,
  phoneError,
  requiredError,
  taxIdError,
  vinError,
  type FieldError,
} from './directory-form';

/** The directory's forms, one at a time; this module is its own chunk, loaded when the first form opens. */
export type DirectoryDialogState =
  | Readonly<{ kind: 'client-create' }>
  | Readonly<{ kind: 'client-edit'; card: ClientCard }>
  | Readonly<{ kind: 'contact-create'; clientId: string }>
  | Readonly<{ kind: 'phone-add'; clientId: string }>
  | Readonly<{ kind: 'vehicle-create'; clientId: string }>
  | Readonly<{ kind: 'vehicle-edit'; vehicle: DirectoryVehicle }>
  | Readonly<{ kind: 'equipment-install'; vehicleId: string }>
  | Readonly<{ kind: 'deactivate'; clientId: string; name: string }>
  | Readonly<{ kind: 'merge'; clientId: string; name: string }>
  /** A one-click change that still asks first: it hides or removes a row. */
  | Readonly<{ kind: 'confirm'; action: ConfirmAction; id: string; name: string }>;

export type ConfirmAction = 'contact:deactivate' | 'vehicle:deactivate' | 'phone:remove' | 'equipment:remove';

type Props = Readonly<{
  state: DirectoryDialogState;
  onClose: () => void;
  /** A client was created or kept by a merge: the pane shows it. */
  onClient: (id: string) => void;
  onSaved: (message: string) => void;
}>;

type Field = Readonly<{
  key: string;
  label: string;
  initial?: string;
  check?: (value: string) => FieldError | null;
  multiline?: boolean;
  options?: readonly string[];
}>;

const ONE_FIELD_CHECKS = {
  required: requiredError,
  taxId: taxIdError,
  phone: phoneError,
  vin: vinError,
  date: dateError,
};

const both =
  (...checks: ((v: string) => FieldError | null)[]) =>
  (v: string) =>
    checks.map((c) => c(v)).find((e) => e !== null) ?? null;

/** A day as the forms show it: DD.MM.YYYY. */
const dayText = (ms: number | null) =>
  ms === null
    ? ''
    : `${String(new Date(ms).getUTCDate()).padStart(2, '0')}.${String(new Date(ms).getUTCMonth() + 1).padStart(2, '0')}.${new Date(ms).getUTCFullYear()}`;

export function DirectoryDialogs({ state, onClose, onClient, onSaved }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const ids = useActionIds(['id', 'phone']);
  // Equipment is usually recorded on the day it is fitted.
  const [today] = useState(() => Date.now());
  const saved = () => {
    ids.done();
    onSaved(t('directory.saved'));
    onClose();
  };
  const empty = (v: string) => (v.trim() === '' ? null : v.trim());

  switch (state.kind) {
    case 'client-create':
      return (
        <FormDialog
          title={t('directory.newClient')}
          testId="client-form"
          fields={[
            { key: 'name', label: t('directory.field.name'), check: ONE_FIELD_CHECKS.required },
            { key: 'taxId', label: t('directory.field.taxId'), check: ONE_FIELD_CHECKS.taxId },
            { key: 'phone', label: t('directory.field.phone'), check: ONE_FIELD_CHECKS.phone },
            { key: 'currency', label: t('directory.field.currency'), initial: 'BYN', options: CURRENCIES },
            { key: 'category', label: t('directory.field.category') },
            { key: 'address', label: t('directory.field.address') },
            { key: 'notes', label: t('directory.field.notes'), multiline: true },
          ]}
          duplicates={(v) => ({ taxId: empty(v.taxId!), phones: v.phone!.trim() ? [v.phone!] : [], plates: [] })}
          onOpenDuplicate={(id) => {
            onClient(id);
            onClose();
          }}
          onClose={onClose}
          submit={async (v) => {
            const { id, phone } = ids.take();
            const result = await api.call('client:create', {
              id,
              name: v.name!,
              taxId: empty(v.taxId!),
              currency: v.currency as (typeof CURRENCIES)[number],
              category: empty(v.category!),
              address: empty(v.address!),
              notes: empty(v.notes!),
              phones: v.phone!.trim() ? [{ id: phone, raw: v.phone!.trim() }] : [],
            });
            if (result.ok) {
              saved();
              onClient(id);
            }
            return result;
          }}
        />
      );
    case 'client-edit': {
      const c = state.card.client;
      return (
        <FormDialog
          title={t('directory.editClient')}
          testId="client-form"
          fields={[
            { key: 'name', label: t('directory.field.name'), initial: c.name, check: ONE_FIELD_CHECKS.required },
            { key: 'taxId', label: t('directory.field.taxId'), initial: c.taxId ?? '', check: ONE_FIELD_CHECKS.taxId },
            { key: 'category', label: t('directory.field.category'), initial: c.category ?? '' },
            { key: 'address', label: t('directory.field.address'), initial: c.address ?? '' },
            { key: 'notes', label: t('directory.field.notes'), initial: c.notes ?? '', multiline: true },
          ]}
          duplicates={(v) => ({ excludeClientId: c.id, taxId: empty(v.taxId!), phones: [], plates: [] })}
          onOpenDuplicate={(id) => {
            onClient(id);
            onClose();
          }}
          onClose={onClose}
          submit={async (v) => {
            // Only what changed is sent, so an edit made meanwhile on another desk is not overwritten.
            const patch: InputOf<'client:update'> = { id: c.id };
            if (v.name !== c.name) patch.name = v.name!;
            if (empty(v.taxId!) !== c.taxId) patch.taxId = empty(v.taxId!);
            if (empty(v.category!) !== c.category) patch.category = empty(v.category!);
            if (empty(v.address!) !== c.address) patch.address = empty(v.address!);
            if (empty(v.notes!) !== c.notes) patch.notes = empty(v.notes!);
            const result = await api.call('client:update', patch);
            if (result.ok) saved();
            return result;
          }}
        />
      );
    }
    case 'contact-create':
      return (
        <FormDialog
          title={t('directory.newContact')}
          testId="contact-form"
          fields={[
            { key: 'name', label: t('directory.field.contactName'), check: ONE_FIELD_CHECKS.required },
            { key: 'role', label: t('directory.field.role') },
            { key: 'phone', label: t('directory.field.phone'), check: ONE_FIELD_CHECKS.phone },
            { key: 'email', label: t('directory.field.email') },
          ]}
          duplicates={(v) => ({ excludeClientId: state.clientId, phones: v.phone!.trim() ? [v.phone!] : [] })}
          onOpenDuplicate={(id) => {
            onClient(id);
            onClose();
          }}
          onClose={onClose}
          submit={async (v) => {
            const { id, phone } = ids.take();
            const result = await api.call('contact:create', {
              id,
              clientId: state.clientId,
              name: v.name!,
              role: empty(v.role!),
              email: empty(v.email!),
              phones: v.phone!.trim() ? [{ id: phone, raw: v.phone!.trim() }] : [],
            });
            if (result.ok) saved();
            return result;
          }}
        />
      );
    case 'phone-add':
      return (
        <FormDialog
          title={t('directory.addPhoneTitle')}
          testId="phone-form"
          fields={[
            {
              key: 'phone',
              label: t('directory.field.phone'),
              check: both(ONE_FIELD_CHECKS.required, ONE_FIELD_CHECKS.phone),
            },
          ]}
          duplicates={(v) => ({ excludeClientId: state.clientId, phones: [v.phone!] })}
          onOpenDuplicate={(id) => {
            onClient(id);
            onClose();
          }}
          onClose={onClose}
          submit={async (v) => {
            const result = await api.call('phone:add', { id: ids.take().id, clientId: state.clientId, raw: v.phone! });
            if (result.ok) saved();
            return result;
          }}
        />
      );
    case 'vehicle-create':
    case 'vehicle-edit': {
      const vehicle = state.kind === 'vehicle-edit' ? state.vehicle : null;
      const clientId = state.kind === 'vehicle-edit' ? state.vehicle.clientId : state.clientId;
      return (
        <FormDialog
          title={vehicle ? t('directory.editVehicle') : t('directory.newVehicle')}
          testId="vehicle-form"
          fields={[
            {
              key: 'plate',
              label: t('directory.field.plate'),
              initial: vehicle?.plate,
              check: ONE_FIELD_CHECKS.required,
            },
            { key: 'make', label: t('directory.field.make'), initial: vehicle?.make ?? '' },
            { key: 'model', label: t('directory.field.model'), initial: vehicle?.model ?? '' },
            { key: 'vin', label: t('directory.field.vin'), initial: vehicle?.vin ?? '', check: ONE_FIELD_CHECKS.vin },
            { key: 'unitId', label: t('directory.field.unitId'), initial: vehicle?.unitId ?? '' },
          ]}
          duplicates={(v) =>
            vehicle && v.plate === vehicle.plate ? null : { excludeClientId: null, plates: [v.plate!] }
          }
          onOpenDuplicate={(id) => {
            onClient(id);
            onClose();
          }}
          onClose={onClose}
          submit={async (v) => {
            const fields = {
              plate: v.plate!,
              make: empty(v.make!),
              model: empty(v.model!),
              vin: empty(v.vin!),
              unitId: empty(v.unitId!),
            };
            const result = vehicle
              ? await api.call('vehicle:update', { id: vehicle.id, ...fields })
              : await api.call('vehicle:create', { id: ids.take().id, clientId, ...fields });
            if (result.ok) saved();
            return result;
          }}
        />
      );
    }
    case 'equipment-install':
      return (
        <FormDialog
          title={t('directory.newEquipment')}
          testId="equipment-form"
          fields={[
            { key: 'kind', label: t('directory.field.kind'), check: ONE_FIELD_CHECKS.required },
            { key: 'model', label: t('directory.field.model') },
            { key: 'serial', label: t('directory.field.serial') },
            {
              key: 'installedAt',
              label: t('directory.field.installedAt'),
              initial: dayText(today),
              check: ONE_FIELD_CHECKS.date,
            },
          ]}
          onClose={onClose}
          submit={async (v) => {
            const result = await api.call('equipment:install', {
              id: ids.take().id,
              vehicleId: state.vehicleId,
              kind: v.kind!,
              model: empty(v.model!),
              serial: empty(v.serial!),
              installedAt: parseDay(v.installedAt!) ?? null,
            });
            if (result.ok) saved();
            return result;
          }}
        />
      );
    case 'deactivate':
      return (
        <ConfirmDialog
          title={t('directory.action.deactivate')}
          text={t('directory.confirmDeactivate', { name: state.name })}
          confirm={t('directory.action.deactivate')}
          onClose={onClose}
          run={async () => {
            const result = await api.call('client:deactivate', { id: state.clientId });
            if (result.ok) saved();
            return result;
          }}
        />
      );
    case 'confirm': {
      const { action, id, name } = state;
      const words = (): Readonly<{ title: string; text: string }> => {
        switch (action) {
          case 'contact:deactivate':
          case 'vehicle:deactivate':
            return { title: t('directory.action.deactivate'), text: t('directory.confirmDeactivate', { name }) };
          case 'phone:remove':
            return { title: t('directory.action.removePhone', { number: name }), text: name };
          case 'equipment:remove':
            return { title: t('directory.action.removeEquipment'), text: name };
          default:
            return assertNever(action, 'directory action');
        }
      };
      const { title, text } = words();
      return (
        <ConfirmDialog
          title={title}
          text={text}
          confirm={title}
          onClose={onClose}
          run={async () => {
            const result = await api.call(action, { id });
            if (result.ok) saved();
            return result;
          }}
        />
      );
    }
    case 'merge':
      return <MergeDialog keptId={state.clientId} keptName={state.name} onClose={onClose} onMerged={saved} />;
    default:
      return assertNever(state, 'directory dialog');
  }
}

type Duplicates = Omit<InputOf<'directory:duplicates'>, 'excludeClientId'> & { excludeClientId?: string | null };

function FormDialog({
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
            return (
              <TextField
                key={f.key}
                label={f.label}
                value={values[f.key]}
                autoFocus={i === 0}
                select={f.options !== undefined}
                multiline={f.multiline}
                minRows={f.multiline ? 2 : undefined}
                required={f.check === ONE_FIELD_CHECKS.required}
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

function ConfirmDialog({
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

function MergeDialog({
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
