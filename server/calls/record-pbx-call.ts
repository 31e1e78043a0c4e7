import { v7 as uuidv7 } from 'uuid';
import type { CallRecordInput } from '../../core/calls/mutators.js';
import { PbxCallEvent, type PbxCallSink } from '../../core/calls/pbx-event.js';
import type { CallSource } from '../../core/calls/tables.js';
import { assertNever, PultError } from '../../core/result.js';
import type { ServerDatabase } from '../db/connect.js';
import { inTransaction } from '../db/transactions.js';
import { createServerTx, lockVersion } from '../sync/server-tx.js';

/**
 * The server's own hand on the callback rule: a call the PBX reported (its webhook, or the missed-call e-mail)
 * runs `call:record` as the server itself, in a write transaction of its own that takes the version lock
 * like a push, so it is serialised with the desks' pushes: a desk's report of the same Call-ID merges into the
 * same row, and "one open callback per number" holds across both. Its changes go to the change log and
 * `committed` pokes the desks, as after a push.
 */

/** The `call:record` arguments for a PBX's report, or null while the call still rings (nothing is settled). */
export function pbxCallArgs(event: PbxCallEvent, source: Exclude<CallSource, 'desk'>): CallRecordInput | null {
  let outcome: CallRecordInput['outcome'];
  let answeredAt = event.answeredAt;
  switch (event.state) {
    case 'ringing':
      return null;
    case 'answered':
      outcome = 'answered';
      answeredAt ??= event.startedAt;
      break;
    case 'missed':
      outcome = 'missed';
      break;
    case 'rejected':
      outcome = 'rejected';
      break;
    case 'ended':
      outcome = event.answeredAt === null ? 'missed' : 'answered';
      break;
    default:
      return assertNever(event.state, 'PBX call state');
  }
  return {
    id: uuidv7(),
    sipCallId: event.callId,
    direction: event.direction,
    number: event.direction === 'in' ? event.from : (event.to ?? ''),
    startedAt: event.startedAt,
    answeredAt: outcome === 'answered' ? answeredAt : null,
    endedAt: event.endedAt,
    outcome,
    source,
    pbxId: event.pbxId,
    answeredBy: event.answeredBy,
  };
}

export type PbxCallRecorderOptions = Readonly<{
  /** How the events reach the server: the CTI webhook (`pbx`) or the mailbox (`mail`). */
  source: Exclude<CallSource, 'desk'>;
  /** Hears the version a recorded call committed: poke the desks (ServerContext.committed). */
  committed(version: number): void;
  now?: () => number;
}>;

/**
 * A sink for one reader of PBX events. An event that is not a valid PbxCallEvent is refused with
 * `invalid-input` and writes nothing; a report that changes nothing (a repeat) commits no version.
 */
export function createPbxCallRecorder(database: ServerDatabase, options: PbxCallRecorderOptions): PbxCallSink {
  const now = options.now ?? Date.now;
  return async (input) => {
    const parsed = PbxCallEvent.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
      throw new PultError('invalid-input', `Invalid PBX call event: ${where}${issue?.message ?? 'malformed'}`);
    }
    const args = pbxCallArgs(parsed.data, options.source);
    if (!args) return;
    const version = await inTransaction(database, 'write', async (tx) => {
      await lockVersion(tx, database.backend);
      const serverTx = createServerTx(tx, { now: now(), userId: null, system: true });
      await serverTx.run('call:record', args);
      return serverTx.version();
    });
    if (version !== null) options.committed(version);
  };
}
