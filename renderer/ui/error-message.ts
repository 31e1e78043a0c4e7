import type { TFunction } from 'i18next';
import type { ErrorCode, PultErrorData } from '../../core/result';
import { assertNever } from '../../core/result';

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
export function errorText(t: TFunction, error: PultErrorData): string {
  const title = t(`errors.${error.code}`);
  if (!detailHelps(error.code)) return title;
  const detail = error.issues?.length ? error.issues.map((i) => `${i.path}: ${i.message}`).join('; ') : error.message;
  return detail && detail !== title ? `${title}: ${detail}` : title;
}
