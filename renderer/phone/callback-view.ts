import type { CallLogRow, OpenCallback } from '../../core/calls/contract';
import type { PultErrorData } from '../../core/result';
import { assertNever } from '../../core/result';
import type { RecentKind } from './call-view';

/** What the phone pane shows of the open callbacks and the call log, as pure functions the tests share. */

/** The number a callback row dials, or null when the caller withheld it ("no number to dial"). */
export function callbackDialNumber(callback: Pick<OpenCallback, 'numberKey'>): string | null {
  return callback.numberKey;
}

/** The name of the colleague who holds the callback, when the refusal says it is taken; null otherwise. */
export function takenBy(error: PultErrorData): string | null {
  if (error.reason?.key !== 'already-taken') return null;
  const name = error.reason.params.name;
  return name === undefined || name === '' ? null : name;
}

/** A call log row's word, in the same vocabulary as this session's calls (`phone.outcome.*`). */
export function callLogKind(row: Pick<CallLogRow, 'direction' | 'outcome'>): RecentKind {
  if (row.direction === 'out') return row.outcome === 'answered' ? 'outgoing' : 'not-connected';
  switch (row.outcome) {
    case 'answered':
      return 'answered';
    case 'missed':
      return 'missed';
    case 'answered_elsewhere':
      return 'answered-elsewhere';
    case 'rejected':
      return 'rejected';
    default:
      return assertNever(row.outcome, 'call outcome');
  }
}

/** Whether a callback is past its planned time: the list shows it in red. */
export function isOverdue(callback: Pick<OpenCallback, 'dueAt'>, now: number): boolean {
  return callback.dueAt < now;
}
