import type { CallRecordInput } from '../../core/calls/mutators';
import { assertNever } from '../../core/result';
import type { SoftphoneCall } from './sip/softphone-types';

/**
 * How a call this desk's softphone saw is reported to the callback rule (`call:record`). Pure, so the
 * mapping from the phone's vocabulary to the mutator's is unit-tested without a phone or a store.
 */

/** The rows one report may create; made once per call so that a replayed report cannot create them twice. */
export type CallReportIds = Readonly<{ id: string; ticketId: string; logId: string; resolveLogId: string }>;

/** The other party's number as the phone received it: the rule normalises it, the log shows it as it came. */
function reportedNumber(call: SoftphoneCall): string {
  const { peer } = call;
  switch (peer.kind) {
    case 'number':
      return peer.number;
    // The rule reads these words as "nothing to dial": a withheld caller still gets a callback, marked so.
    case 'withheld':
      return 'anonymous';
    case 'unknown':
      return peer.user;
    default:
      return assertNever(peer, 'caller');
  }
}

/**
 * The arguments of `call:record` for a settled call. `now` stands in for an end time the record lacks (a
 * call the phone lost track of), so the log never shows a call that never ended.
 */
export function callReport(call: SoftphoneCall, ids: CallReportIds, now: number): CallRecordInput {
  const { record } = call;
  const startedAt = record.ringingAt;
  const endedAt = Math.max(record.endedAt ?? now, startedAt);
  const answeredAt = record.answeredAt === null ? null : Math.min(Math.max(record.answeredAt, startedAt), endedAt);
  return {
    id: ids.id,
    sipCallId: call.id,
    direction: call.direction === 'incoming' ? 'in' : 'out',
    number: reportedNumber(call).slice(0, 200),
    startedAt,
    answeredAt,
    endedAt,
    // A call the phone reports before its outcome is known was not answered here: the rule counts it missed,
    // and a colleague's "answered" report of the same Call-ID still wins over it.
    outcome: record.outcome ?? 'missed',
    // The phone's record keeps what the CANCEL's Reason meant (answered elsewhere or not), not its lines.
    cancelReason: [],
    source: 'desk',
    callback: { ticketId: ids.ticketId, logId: ids.logId },
    resolveLogId: ids.resolveLogId,
  };
}
