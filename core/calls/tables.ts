import { z } from 'zod';
import { Id, Millis, text } from '../schema/text.js';

export const CallRow = z.object({
  id: Id,
  sipCallId: text(200),
  direction: z.enum(['in', 'out']),
  numberRaw: text(64),
  numberE164: text(20).nullable(),
  startedAt: Millis,
  answeredAt: Millis.nullable(),
  endedAt: Millis.nullable(),
  outcome: z.enum(['answered', 'missed', 'answered_elsewhere', 'rejected']),
  agentId: Id.nullable(),
  callbackTicketId: Id.nullable(),
});

export const CALL_TABLES = { calls: CallRow } as const;
