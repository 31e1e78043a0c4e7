import { z } from 'zod';
import { Id, Millis, text } from '../schema/text.js';

export const VisitRow = z.object({
  id: Id,
  ticketId: Id,
  engineerId: Id,
  startAt: Millis,
  endAt: Millis,
  state: z.enum(['planned', 'en_route', 'on_site', 'done', 'cancelled']),
  place: text(500).nullable(),
});

export const PLANNING_TABLES = { visits: VisitRow } as const;
