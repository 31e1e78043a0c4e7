import type { TFunction } from 'i18next';
import type { ErrorCode, PultErrorData } from '../../core/result';
import { assertNever, isReasonKey } from '../../core/result';
import { mutationLabelKey } from '../session/sync-view';

/** Whether the workstation's own words add something to the localised kind of failure. */
function detailHelps(code: ErrorCode): boolean {
  switch (code) {
    // The localised text already says all there is to say (and the dialog shows the current figure).
    case 'debt-not-acknowledged':
    case 'unauthorized':
    case 'forbidden':
    case 'too-many-attempts':
      return false;
    // These name the field, the status or the record that failed.
    case 'invalid-input':
    case 'unknown-method':
    case 'not-found':
    case 'conflict':
    case 'transition-not-allowed':
    case 'store-unavailable':
    case 'workstation-unreachable':
    case 'server-unreachable':
    case 'internal':
      return true;
    default:
      return assertNever(code, 'error code');
  }
}

/**
 * What the user reads when a call fails: the localised kind of failure, then, where it helps, the
 * workstation's own words, e.g. "Такой переход статуса не разрешён: done → new".
 */
export function errorText(t: TFunction, error: PultErrorData, statusName?: (code: string) => string): string {
  const because = reasonText(t, error.reason, statusName);
  if (because) return because;
  const title = t(`errors.${error.code}`);
  if (!detailHelps(error.code)) return title;
  const detail = error.issues?.length ? error.issues.map((i) => `${i.path}: ${i.message}`).join('; ') : error.message;
  return detail && detail !== title ? `${title}: ${detail}` : title;
}

/**
 * A rule's reason in the user's language ("Заявку уже взял(а) Анна Ковалёва"), or null when there is none or
 * this build does not know its key (a newer server): the caller then falls back to the code and message.
 */
export function reasonText(
  t: TFunction,
  reason: Readonly<{ key: string; params: Readonly<Record<string, string>> }> | null | undefined,
  statusName: (code: string) => string = (code) => code,
): string | null {
  if (!reason || !isReasonKey(reason.key)) return null;
  const p = (name: string) => reason.params[name] ?? '';
  switch (reason.key) {
    case 'already-taken':
      return t('reasons.already-taken', { name: p('name') });
    case 'debt-changed':
      return t('reasons.debt-changed', { client: p('client') });
    case 'transition-not-allowed':
      return t('reasons.transition-not-allowed', { from: statusName(p('from')), to: statusName(p('to')) });
    case 'warranty-payment':
      return t('reasons.warranty-payment', { number: p('number') });
    case 'role-may-not': {
      const label = mutationLabelKey(p('mutation'));
      return t('reasons.role-may-not', { mutation: label ? t(label) : p('mutation') });
    }
    case 'debt-unacknowledged':
      return t('reasons.debt-unacknowledged', { client: p('client'), count: p('count') });
    case 'id-taken':
      return t('reasons.id-taken');
    case 'server-busy':
      return t('reasons.server-busy');
    case 'host-link-stale':
      return t('reasons.host-link-stale');
    case 'tax-id-invalid':
      return t('reasons.tax-id-invalid', { value: p('value') });
    case 'phone-invalid':
      return t('reasons.phone-invalid', { raw: p('raw') });
    case 'directory-inactive':
      return t('reasons.directory-inactive', { name: p('name') });
    case 'merge-currency':
      return t('reasons.merge-currency', { kept: p('kept'), merged: p('merged') });
    case 'visit-overlap':
      return t('reasons.visit-overlap', { engineer: p('engineer'), number: p('number'), by: p('by') });
    case 'engineer-off':
      return t('reasons.engineer-off', { engineer: p('engineer'), kind: p('kind') });
    case 'visit-moved':
      return t('reasons.visit-moved', { name: p('name') });
    case 'visit-already-planned':
      return t('reasons.visit-already-planned', { name: p('name') });
    case 'checklist-incomplete':
      return t('reasons.checklist-incomplete', { count: p('count') });
    case 'payment-cancelled':
      return t('reasons.payment-cancelled');
    case 'hours-changed':
      return t('reasons.hours-changed');
    case 'time-off-over-visit':
      return t('reasons.time-off-over-visit', { engineer: p('engineer'), number: p('number') });
    case 'speed-out-of-range':
    case 'road-factor-out-of-range':
      return t(`reasons.${reason.key}`, { min: p('min'), max: p('max'), value: p('value') });
    default:
      return assertNever(reason.key, 'reason');
  }
}
