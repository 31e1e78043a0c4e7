import { z } from 'zod';
import { query } from '../contract-method.js';
import { Id, Millis, str } from '../schema/text.js';
import { CallSource, StoredCallOutcome } from './tables.js';

/**
 * The calls domain's reads at the desk: the open callbacks (the phone pane's list and the grid's
 * "Перезвонить" view) and the call log. The mutations are the mutators' own methods (core/calls/mutators.ts).
 */

export const OpenCallback = z.object({
  /** The callback's id, which is its ticket's. */
  id: Id,
  ticketNumber: z.number().int(),
  ticketStatus: str(),
  /** What to dial; null when the caller withheld the number ("no number to dial"). */
  numberKey: str().nullable(),
  numberRaw: str(),
  /** The client whose number it is; null when the number is not in the directory (offer "create client"). */
  clientId: Id.nullable(),
  clientName: str().nullable(),
  missedCount: z.number().int().positive(),
  firstMissedAt: Millis,
  lastMissedAt: Millis,
  dueAt: Millis,
  claimedBy: Id.nullable(),
  claimedByName: str().nullable(),
  claimedAt: Millis.nullable(),
});
export type OpenCallback = z.infer<typeof OpenCallback>;

export const CallLogRow = z.object({
  id: Id,
  direction: z.enum(['in', 'out']),
  numberRaw: str(),
  numberE164: str().nullable(),
  startedAt: Millis,
  answeredAt: Millis.nullable(),
  endedAt: Millis.nullable(),
  /** Talk time: from the answer to the end; null for a call nobody answered or one still going on. */
  durationMs: z.number().int().nonnegative().nullable(),
  outcome: StoredCallOutcome,
  agentId: Id.nullable(),
  agentName: str().nullable(),
  clientId: Id.nullable(),
  clientName: str().nullable(),
  callbackTicketId: Id.nullable(),
  callbackTicketNumber: z.number().int().nullable(),
  source: CallSource,
});
export type CallLogRow = z.infer<typeof CallLogRow>;

export const CallLogQuery = z
  .object({
    /** One client's calls, or one ticket's (a callback ticket's calls), or, with neither, the most recent. */
    clientId: Id.optional(),
    ticketId: Id.optional(),
    /** Paging back in time: calls that started before this moment. */
    before: Millis.optional(),
    limit: z.number().int().positive().max(500).default(100),
  })
  .strict()
  .refine((q) => q.clientId === undefined || q.ticketId === undefined, {
    message: 'Ask for one client or one ticket, not both',
  });
export type CallLogQuery = z.input<typeof CallLogQuery>;

export const CALL_CONTRACT = {
  'callbacks:open': query(
    z.object({ limit: z.number().int().positive().max(2000).default(500) }).strict(),
    z.array(OpenCallback),
    ['callbacks', 'tickets', 'clients', 'employees'],
  ),
  'calls:log': query(CallLogQuery, z.array(CallLogRow), ['calls', 'clients', 'employees', 'tickets']),
} as const;
