import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClientCard, DirectoryVehicle } from '../../core/clients/contract';
import type { InputOf } from '../../core/contract';
import { CURRENCIES } from '../../core/clients/currencies';
import { assertNever } from '../../core/result';
import { useApi } from '../ui/api-context';
import { useActionIds } from '../ui/useActionIds';
import {
  dateError,
  parseDay,
  phoneError,
  requiredError,
  taxIdError,
  vinError,
  type FieldError,
} from './directory-form';
import { ConfirmDialog, FormDialog, MergeDialog } from './DirectoryDialogParts';

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

/** The user's calendar day of `ms` as a date field holds it: `yyyy-MM-dd`. */
const isoDay = (ms: number) => {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

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
              initial: isoDay(today),
              check: ONE_FIELD_CHECKS.date,
              date: true,
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
