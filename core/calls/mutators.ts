import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import type { RowOf, Ticket } from '../entities.js';
import { defineMutator, ref, rule, type MutationTx, type RowRule } from '../mutation.js';
import { DEFAULT_PHONE_REGIONS, normalizePhone } from '../phone.js';
import { assertNever, PultError } from '../result.js';
import { Id, Millis, NewId, text } from '../schema/text.js';
import { nextTicketNumber } from '../tickets/mutators.js';
import { isTransitionAllowed, statusKind } from '../tickets/status-model.js';
import { identifyCaller } from './caller.js';
import type { CallOutcome } from './outcome.js';
import { classifyCancel } from './reason.js';
import { CallSource, type CallbackResolution, type StoredCallOutcome } from './tables.js';

/**
 * The callback rule, as mutators that desks and the server run alike:
 * - one open callback per number: a missed call opens one, the next missed call from that number adds to it;
 * - one call per SIP Call-ID: reports of the same call (desks of a ring group, the PBX) merge into one row,
 *   and an answered report beats a missed one whatever order they arrive in;
 * - a call answered elsewhere in the ring group (`Reason: SIP;cause=200`) is not missed;
 * - a withheld caller still gets a callback, with no number to dial;
 * - a callback resolves by itself when the call back connects or the client calls again and is answered.
 */

const EVERYONE = ['admin', 'dispatcher', 'first_line', 'planner', 'engineer', 'accountant'] as const;
const CALLBACK_ROLES = ['admin', 'dispatcher', 'first_line'] as const;

/** A callback is planned this long after the missed call; "later" moves it by as much again. */
export const CALLBACK_DUE_MS = 30 * 60_000;
export const CALLBACK_LATER_MS = 30 * 60_000;

const INITIAL_STATUS = 'new';
const TAKEN_STATUS = 'in_progress';
const RESOLVED_STATUS = 'done';

/**
 * The client a callback ticket gets when the caller is not in the directory (or withheld the number): a ticket
 * must have a client, and the callback row's own `clientId` stays null so the pane can offer "create client".
 */
export const UNKNOWN_CALLER_CLIENT_ID = '00000000-0000-7000-8000-00000000ca11';
const UNKNOWN_CALLER_NAME = 'Неизвестный абонент';

const WITHHELD_WORDS = new Set(['', 'anonymous', 'restricted', 'unavailable', 'unknown', 'private', 'withheld']);
const VISUAL_SEPARATORS = /[\s\-.()/]/g;

export type CallerNumber = Readonly<{
  /** What "one open callback per number" compares: E.164, the bare digits of another number, or null. */
  key: string | null;
  e164: string | null;
}>;

/**
 * The number of a call as desks and PBXs report it: `+375 29 …`, `8029…`, `anonymous`, empty, or a whole
 * `sip:`/`tel:` address. A number that is not a valid public one (an internal extension) is keyed by its
 * digits; a withheld caller has no key: there is nothing to dial, and two withheld callers are not one person.
 */
export function callerNumber(raw: string): CallerNumber {
  let known = recentNumbers.get(raw);
  if (!known) {
    known = readCallerNumber(raw);
    // A small memo: parsing with full metadata is the costliest step of recording a call, and a busy line
    // (or the demo's year of calls) repeats the same few numbers. Bounded, so it never grows with traffic.
    if (recentNumbers.size >= RECENT_NUMBERS) recentNumbers.delete(recentNumbers.keys().next().value as string);
    recentNumbers.set(raw, known);
  }
  return known;
}

const RECENT_NUMBERS = 2_000;
const recentNumbers = new Map<string, CallerNumber>();

function readCallerNumber(raw: string): CallerNumber {
  let number = raw.trim();
  if (/^(?:[^<]*<)?\s*(?:sips?|tel):/i.test(number)) {
    const caller = identifyCaller({ from: number, pAssertedIdentity: [], remotePartyId: [], privacy: [] });
    if (caller.kind !== 'number') return { key: null, e164: null };
    number = caller.number;
  }
  if (WITHHELD_WORDS.has(number.toLowerCase())) return { key: null, e164: null };
  const e164 = normalizePhone(number, DEFAULT_PHONE_REGIONS);
  if (e164) return { key: e164, e164 };
  const digits = number.replace(VISUAL_SEPARATORS, '');
  return { key: /^\+?\d{1,30}$/.test(digits) ? digits : null, e164: null };
}

/** Which of two reports of one call says more: an answer anywhere beats a miss, a miss beats a local reject. */
const OUTCOME_RANK: Readonly<Record<StoredCallOutcome, number>> = {
  rejected: 0,
  missed: 1,
  answered_elsewhere: 2,
  answered: 3,
};

/** The stored outcome of a report; the CANCEL's Reason is read here too, so no reporter can get it wrong. */
export function storedOutcome(outcome: CallOutcome, cancelReason: readonly string[]): StoredCallOutcome {
  switch (outcome) {
    case 'answered':
      return 'answered';
    case 'answered-elsewhere':
      return 'answered_elsewhere';
    case 'rejected':
      return 'rejected';
    case 'missed':
    case 'ring-timeout':
      return classifyCancel(cancelReason) === 'answered-elsewhere' ? 'answered_elsewhere' : 'missed';
    default:
      return assertNever(outcome, 'call outcome');
  }
}

const CallOutcomeArg = z.enum(['answered', 'answered-elsewhere', 'missed', 'rejected', 'ring-timeout']);

export const CallRecordArgs = z
  .object({
    /** The call row's id when this is the first report of the call; a later report merges into that row. */
    id: Id,
    sipCallId: text(200).trim().min(1),
    direction: z.enum(['in', 'out']),
    /** The other party's number as seen: `+375…`, `8029…`, `anonymous`, empty when withheld, or a URI. */
    number: text(200),
    startedAt: Millis,
    answeredAt: Millis.nullable().default(null),
    endedAt: Millis.nullable().default(null),
    outcome: CallOutcomeArg,
    /** The raw `Reason` lines of the CANCEL, when there was one. */
    cancelReason: z.array(text(1000)).max(20).default([]),
    /** Who reported it. Only the server itself reports for a PBX (`pbx`, `mail`). */
    source: CallSource.default('desk'),
    pbxId: text(100).nullable().default(null),
    /** The PBX's name for who answered (an extension): matched to an employee's SIP extension. */
    answeredBy: text(200).nullable().default(null),
    /** The ticket (and callbacks row, same id) and its first status-log row, if this call opens a callback. */
    callback: z
      .object({ ticketId: NewId, logId: NewId })
      .strict()
      .default(() => ({ ticketId: uuidv7(), logId: uuidv7() })),
    /** The status-log row written when this call resolves an open callback. */
    resolveLogId: NewId,
  })
  .strict()
  .refine((args) => args.answeredAt === null || args.answeredAt >= args.startedAt, {
    message: 'A call cannot be answered before it started',
    path: ['answeredAt'],
  })
  .refine((args) => args.endedAt === null || args.endedAt >= args.startedAt, {
    message: 'A call cannot end before it started',
    path: ['endedAt'],
  });
export type CallRecordInput = z.input<typeof CallRecordArgs>;

function formatNumber(key: string | null, raw: string): string {
  if (key === null) return 'номер скрыт';
  return (key.startsWith('+') ? parsePhoneNumberFromString(key)?.formatInternational() : null) ?? raw;
}

async function requireCallback(tx: MutationTx, id: string): Promise<RowOf<'callbacks'>> {
  const callback = await tx.get('callbacks', id);
  if (!callback) throw new PultError('not-found', `Callback ${id} does not exist`);
  return callback;
}

async function requireOpen(tx: MutationTx, id: string): Promise<RowOf<'callbacks'>> {
  const callback = await requireCallback(tx, id);
  if (callback.state !== 'open') throw new PultError('conflict', 'This callback is already resolved');
  return callback;
}

/** Refuses when someone else holds the callback (or its ticket), naming them so the desk can say who. */
async function refuseIfTakenByOther(tx: MutationTx, callback: RowOf<'callbacks'>, ticket: Ticket | undefined) {
  const owner = [callback.claimedBy, ticket?.assigneeId ?? null].find((id) => id !== null && id !== tx.userId);
  if (!owner) return;
  const name = (await tx.get('employees', owner))?.name ?? 'another employee';
  throw PultError.because('conflict', `Already taken by ${name}`, 'already-taken', { name });
}

/** Moves a ticket to `to` and logs it, when the status model allows; a ticket already there is left alone. */
async function moveTicket(tx: MutationTx, ticket: Ticket, to: string, logId: string, over: Partial<Ticket> = {}) {
  const model = await tx.statusModel();
  if (ticket.status === to || !isTransitionAllowed(model, ticket.status, to)) {
    if (Object.keys(over).length > 0) await tx.update('tickets', { ...ticket, ...over, updatedAt: tx.now });
    return;
  }
  const resolvedAt = statusKind(model, to) === 'open' ? null : (ticket.resolvedAt ?? tx.now);
  await tx.update('tickets', { ...ticket, ...over, status: to, updatedAt: tx.now, resolvedAt });
  await tx.insert('ticket_status_log', {
    id: logId,
    ticketId: ticket.id,
    fromStatus: ticket.status,
    toStatus: to,
    at: tx.now,
    by: tx.userId,
  });
}

type CallRecordArgs = z.output<typeof CallRecordArgs>;
type Call = RowOf<'calls'>;

async function findClient(tx: MutationTx, number: CallerNumber, raw: string) {
  if (number.key === null) return null;
  const [phone] = number.e164
    ? await tx.find('phones', { e164: number.e164 }, { orderBy: [['id', 'asc']], limit: 1 })
    : await tx.find('phones', { raw }, { orderBy: [['id', 'asc']], limit: 1 });
  return phone ?? null;
}

async function resolveCallback(
  tx: MutationTx,
  callback: RowOf<'callbacks'>,
  resolution: CallbackResolution,
  at: number,
  logId: string,
  agentId: string | null,
) {
  await tx.update('callbacks', { ...callback, state: 'resolved', resolvedAt: at, resolution });
  const ticket = await tx.get('tickets', callback.id);
  if (ticket && statusKind(await tx.statusModel(), ticket.status) === 'open') {
    await moveTicket(tx, ticket, RESOLVED_STATUS, logId, { assigneeId: ticket.assigneeId ?? agentId });
  }
}

/**
 * The rows `linkCallbacksToPhones` may change when these numbers join the directory: the open callback of an
 * unlisted number, its ticket (still under the unknown caller) and the calls of that number that have no client.
 * Numbers that do not parse name nothing: the mutator refuses them before anything is written.
 */
export function callbackLinkRules(raws: readonly string[]): RowRule[] {
  const rules: RowRule[] = [];
  for (const e164 of new Set(raws.map((raw) => normalizePhone(raw, DEFAULT_PHONE_REGIONS)))) {
    if (e164 === null) continue;
    rules.push(rule('callbacks', { numberKey: e164, state: 'open', clientId: null }));
    rules.push(rule('calls', { numberE164: e164, clientId: null }));
  }
  if (rules.length > 0) {
    rules.push(rule('tickets', { clientId: UNKNOWN_CALLER_CLIENT_ID, type: 'callback', source: 'missed_call' }));
  }
  return rules;
}

/**
 * A number that called while nobody had it is now a client's (a new client, contact or phone): its open
 * callback, the callback's ticket and the calls of that callback become that client's, so whoever calls back
 * sees whom they are calling and the client's card lists the missed calls. A callback that already belongs to
 * a client is left alone: two clients sharing a number do not take each other's callbacks.
 */
export async function linkCallbacksToPhones(
  tx: MutationTx,
  phones: readonly Readonly<{ clientId: string; contactId: string | null; e164: string | null }>[],
): Promise<void> {
  const seen = new Set<string>();
  for (const phone of phones) {
    // A number filed under the unknown caller itself names nobody: its callbacks keep offering "create client".
    if (phone.e164 === null || seen.has(phone.e164) || phone.clientId === UNKNOWN_CALLER_CLIENT_ID) continue;
    seen.add(phone.e164);
    const open = await tx.find('callbacks', { numberKey: phone.e164, state: 'open', clientId: null }, { limit: 1 });
    for (const callback of open) {
      await tx.update('callbacks', { ...callback, clientId: phone.clientId });
      const ticket = await tx.get('tickets', callback.id);
      if (ticket && ticket.clientId === UNKNOWN_CALLER_CLIENT_ID) {
        await tx.update('tickets', {
          ...ticket,
          clientId: phone.clientId,
          contactId: ticket.contactId ?? phone.contactId,
          updatedAt: tx.now,
        });
      }
      const calls = await tx.find('calls', { callbackTicketId: callback.id, numberE164: phone.e164, clientId: null });
      for (const call of calls) await tx.update('calls', { ...call, clientId: phone.clientId });
    }
  }
}

/** A missed incoming call: adds to the open callback for its number, or opens one. Returns the callback's id. */
async function addMissedCall(tx: MutationTx, args: CallRecordArgs, call: Call, number: CallerNumber) {
  if (number.key !== null) {
    const [open] = await tx.find('callbacks', { numberKey: number.key, state: 'open' }, { limit: 1 });
    // The call happened before the last callback for this number was resolved: that call back dealt with it.
    const [last] = open
      ? [open]
      : await tx.find('callbacks', { numberKey: number.key }, { orderBy: [['resolvedAt', 'desc']], limit: 1 });
    if (last && (last.state === 'open' || (last.resolvedAt ?? 0) >= call.startedAt)) {
      await tx.update('callbacks', {
        ...last,
        missedCount: last.missedCount + 1,
        firstMissedAt: Math.min(last.firstMissedAt, call.startedAt),
        lastMissedAt: Math.max(last.lastMissedAt, call.startedAt),
      });
      return last.id;
    }
  }
  const id = args.callback.ticketId;
  const phone = await findClient(tx, number, call.numberRaw);
  let clientId = phone?.clientId ?? null;
  if (clientId === null && !(await tx.get('clients', UNKNOWN_CALLER_CLIENT_ID))) {
    await tx.insert('clients', {
      id: UNKNOWN_CALLER_CLIENT_ID,
      name: UNKNOWN_CALLER_NAME,
      taxId: null,
      category: null,
      address: null,
      notes: 'Звонки с номеров, которых нет в справочнике, и со скрытых номеров',
      currency: 'BYN',
      createdAt: tx.now,
      active: true,
      mergedInto: null,
    });
  }
  const dueAt = call.startedAt + CALLBACK_DUE_MS;
  const shown = formatNumber(number.key, call.numberRaw);
  await tx.insert('tickets', {
    id,
    number: await nextTicketNumber(tx),
    title: number.key === null ? 'Пропущенный звонок: номер скрыт' : `Перезвонить: ${shown}`,
    description: `Пропущенный звонок ${shown}`,
    type: 'callback',
    status: INITIAL_STATUS,
    priority: 'normal',
    clientId: clientId ?? UNKNOWN_CALLER_CLIENT_ID,
    contactId: phone?.contactId ?? null,
    vehicleId: null,
    assigneeId: null,
    parentId: null,
    source: 'missed_call',
    billing: 'warranty',
    amount: 0,
    plannedAt: dueAt,
    createdAt: tx.now,
    updatedAt: tx.now,
    resolvedAt: null,
    createdBy: tx.userId,
  });
  await tx.insert('ticket_status_log', {
    id: args.callback.logId,
    ticketId: id,
    fromStatus: null,
    toStatus: INITIAL_STATUS,
    at: tx.now,
    by: tx.userId,
  });
  clientId = phone?.clientId ?? null;
  await tx.insert('callbacks', {
    id,
    numberKey: number.key,
    numberRaw: call.numberRaw,
    clientId,
    missedCount: 1,
    firstMissedAt: call.startedAt,
    lastMissedAt: call.startedAt,
    dueAt,
    claimedBy: null,
    claimedAt: null,
    state: 'open',
    resolvedAt: null,
    resolution: null,
  });
  return id;
}

/**
 * The client got through (an incoming call answered here or elsewhere) or the call back connected: the open
 * callback for the number is resolved, unless it was opened by a miss after this call. Returns its id.
 */
async function resolveByCall(tx: MutationTx, args: CallRecordArgs, call: Call, number: CallerNumber) {
  if (number.key === null) return null;
  const [open] = await tx.find('callbacks', { numberKey: number.key, state: 'open' }, { limit: 1 });
  if (!open) return null;
  const at = call.answeredAt ?? call.startedAt;
  if (call.callbackTicketId !== open.id && at < open.firstMissedAt) return null;
  const resolution: CallbackResolution = call.direction === 'out' ? 'called-back' : 'answered';
  await resolveCallback(tx, open, resolution, at, args.resolveLogId, call.agentId);
  return open.id;
}

/** What a call asks of the callback rule: to add a miss, to resolve one, or nothing. */
function effectOf(call: Pick<Call, 'direction' | 'outcome'>): 'miss' | 'connect' | 'none' {
  if (call.direction === 'out') return call.outcome === 'answered' ? 'connect' : 'none';
  switch (call.outcome) {
    case 'missed':
      return 'miss';
    case 'answered':
    case 'answered_elsewhere':
      return 'connect';
    case 'rejected':
      return 'none';
    default:
      return assertNever(call.outcome, 'call outcome');
  }
}

async function agentOf(tx: MutationTx, args: CallRecordArgs, outcome: StoredCallOutcome): Promise<string | null> {
  if (tx.system) {
    if (args.answeredBy === null || outcome !== 'answered') return null;
    // PBXs name the agent by extension or by the user's name (Zammad's CTI sends `user`).
    const named = args.answeredBy.trim();
    const [employee] = (await tx.find('employees', { sipExtension: named }, { limit: 1 })).concat(
      await tx.find('employees', { name: named }, { limit: 1 }),
    );
    return employee?.id ?? null;
  }
  // A desk reports its own user as the agent of a call it answered, rejected or placed.
  return outcome === 'answered' || outcome === 'rejected' || args.direction === 'out' ? tx.userId : null;
}

function callWrites(args: CallRecordArgs) {
  const number = callerNumber(args.number);
  const rules: RowRule[] = [rule('calls', { sipCallId: args.sipCallId }), rule('tickets', { type: 'callback' })];
  if (number.key !== null) rules.push(rule('callbacks', { numberKey: number.key }));
  return {
    creates: [
      ref('calls', args.id),
      ref('tickets', args.callback.ticketId),
      ref('callbacks', args.callback.ticketId),
      ref('ticket_status_log', args.callback.logId),
      ref('ticket_status_log', args.resolveLogId),
      ref('clients', UNKNOWN_CALLER_CLIENT_ID),
    ],
    updates: [],
    updatesWhere: rules,
  };
}

export const CALL_MUTATORS = {
  /**
   * A call seen by a desk's softphone, or reported by the PBX (the server runs it as itself). Recorded once
   * per SIP Call-ID; the callback rule follows from what the call turned out to be.
   */
  'call:record': defineMutator({
    args: CallRecordArgs,
    roles: EVERYONE,
    writes: callWrites,
    async run(tx, args) {
      if (args.source !== 'desk' && !tx.system) {
        throw new PultError('forbidden', 'Only the server reports calls on behalf of a PBX');
      }
      const number = callerNumber(args.number);
      const outcome = storedOutcome(args.outcome, args.cancelReason);
      const numberRaw = args.number.trim().slice(0, 64);
      const [existing] = await tx.find('calls', { sipCallId: args.sipCallId }, { limit: 1 });
      const agentId = await agentOf(tx, args, outcome);
      let call: Call;
      if (existing) {
        const best = OUTCOME_RANK[outcome] > OUTCOME_RANK[existing.outcome] ? outcome : existing.outcome;
        call = {
          ...existing,
          outcome: best,
          startedAt: Math.min(existing.startedAt, args.startedAt),
          answeredAt: existing.answeredAt ?? args.answeredAt,
          endedAt: existing.endedAt ?? args.endedAt,
          agentId: existing.agentId ?? (best === outcome ? agentId : null),
          numberRaw: existing.numberRaw || numberRaw,
          numberE164: existing.numberE164 ?? number.e164,
          pbxId: existing.pbxId ?? args.pbxId,
        };
      } else {
        const phone = await findClient(tx, number, numberRaw);
        call = {
          id: args.id,
          sipCallId: args.sipCallId,
          direction: args.direction,
          numberRaw,
          numberE164: number.e164,
          startedAt: args.startedAt,
          answeredAt: args.answeredAt,
          endedAt: args.endedAt,
          outcome,
          agentId,
          callbackTicketId: null,
          source: args.source,
          pbxId: args.pbxId,
          clientId: phone?.clientId ?? null,
        };
      }
      const before = existing ? effectOf(existing) : 'none';
      const after = effectOf(call);
      if (before !== after) {
        if (before === 'miss' && existing?.callbackTicketId) {
          // The same call was answered after all: it no longer counts as a miss of its callback.
          const counted = await tx.get('callbacks', existing.callbackTicketId);
          if (counted && counted.numberKey === number.key && counted.missedCount > 1) {
            await tx.update('callbacks', { ...counted, missedCount: counted.missedCount - 1 });
          }
        }
        if (after === 'miss') call = { ...call, callbackTicketId: await addMissedCall(tx, args, call, number) };
        if (after === 'connect') {
          call = { ...call, callbackTicketId: (await resolveByCall(tx, args, call, number)) ?? call.callbackTicketId };
        }
      }
      if (!existing) await tx.insert('calls', call);
      else if (JSON.stringify(call) !== JSON.stringify(existing)) await tx.update('calls', call);
    },
  }),

  /** "I'm calling back": the callback and its ticket become the caller's; someone else's claim is refused by name. */
  'callback:claim': defineMutator({
    args: z.object({ id: Id, logId: NewId }).strict(),
    roles: CALLBACK_ROLES,
    writes: (args) => ({
      creates: [ref('ticket_status_log', args.logId)],
      updates: [ref('callbacks', args.id), ref('tickets', args.id)],
    }),
    async run(tx, args) {
      const callback = await requireOpen(tx, args.id);
      const ticket = await tx.get('tickets', args.id);
      await refuseIfTakenByOther(tx, callback, ticket);
      if (!tx.userId) throw new PultError('forbidden', 'Only an employee can take a callback');
      if (callback.claimedBy === tx.userId && ticket?.assigneeId === tx.userId) return;
      await tx.update('callbacks', { ...callback, claimedBy: tx.userId, claimedAt: callback.claimedAt ?? tx.now });
      if (ticket) await moveTicket(tx, ticket, TAKEN_STATUS, args.logId, { assigneeId: tx.userId });
    },
  }),

  /**
   * "Later": the planned time moves 30 minutes on from the later of the plan and now, so an overdue callback
   * put off is due in half an hour, not still overdue.
   */
  'callback:later': defineMutator({
    args: z.object({ id: Id }).strict(),
    roles: CALLBACK_ROLES,
    writes: (args) => ({ creates: [], updates: [ref('callbacks', args.id), ref('tickets', args.id)] }),
    async run(tx, args) {
      const callback = await requireOpen(tx, args.id);
      const ticket = await tx.get('tickets', args.id);
      await refuseIfTakenByOther(tx, callback, ticket);
      const dueAt = Math.max(callback.dueAt, tx.now) + CALLBACK_LATER_MS;
      await tx.update('callbacks', { ...callback, dueAt });
      if (ticket) await tx.update('tickets', { ...ticket, plannedAt: dueAt, updatedAt: tx.now });
    },
  }),

  /** Closes a callback by hand (dealt with some other way); its ticket is done. */
  'callback:resolve': defineMutator({
    args: z.object({ id: Id, logId: NewId }).strict(),
    roles: CALLBACK_ROLES,
    writes: (args) => ({
      creates: [ref('ticket_status_log', args.logId)],
      updates: [ref('callbacks', args.id), ref('tickets', args.id)],
    }),
    async run(tx, args) {
      const callback = await requireOpen(tx, args.id);
      await refuseIfTakenByOther(tx, callback, await tx.get('tickets', args.id));
      await resolveCallback(tx, callback, 'manual', tx.now, args.logId, tx.userId);
    },
  }),
} as const;
