import type { Database } from 'better-sqlite3';
import type { CallLogRow, OpenCallback } from '../../core/calls/contract.js';
import type { DeskContext, DeskHandlers } from '../desk-context.js';

/**
 * The calls domain's reads on the replica. The open list keeps only callbacks whose ticket is still open:
 * a ticket closed from the grid takes its callback off the list, as the grid's callbacks view does.
 */
export function createCallQueries(db: Database) {
  const open = db.prepare(`
    SELECT cb.id, t.number AS ticket_number, t.status AS ticket_status, cb.number_key, cb.number_raw, cb.client_id,
           c.name AS client_name, cb.missed_count, cb.first_missed_at, cb.last_missed_at, cb.due_at, cb.claimed_by,
           e.name AS claimed_by_name, cb.claimed_at
    FROM callbacks cb
    JOIN tickets t ON t.id = cb.id
    LEFT JOIN clients c ON c.id = cb.client_id
    LEFT JOIN employees e ON e.id = cb.claimed_by
    WHERE cb.state = 'open' AND t.status_kind = 'open'
    ORDER BY cb.due_at, cb.id
    LIMIT ?`);
  const select = `
    SELECT k.id, k.direction, k.number_raw, k.number_e164, k.started_at, k.answered_at, k.ended_at, k.outcome,
           k.agent_id, e.name AS agent_name, k.client_id, c.name AS client_name, k.callback_ticket_id,
           t.number AS callback_ticket_number, k.source
    FROM calls k
    LEFT JOIN employees e ON e.id = k.agent_id
    LEFT JOIN clients c ON c.id = k.client_id
    LEFT JOIN tickets t ON t.id = k.callback_ticket_id`;
  const page = 'AND k.started_at < ? ORDER BY k.started_at DESC, k.id DESC LIMIT ?';
  const log = {
    client: db.prepare(`${select} WHERE k.client_id = ? ${page}`),
    ticket: db.prepare(`${select} WHERE k.callback_ticket_id = ? ${page}`),
    recent: db.prepare(`${select} WHERE 1 = 1 ${page}`),
  };
  type Raw = Record<string, unknown>;
  const toCall = (r: Raw): CallLogRow => {
    const answeredAt = r.answered_at as number | null;
    const endedAt = r.ended_at as number | null;
    return {
      id: r.id as string,
      direction: r.direction as CallLogRow['direction'],
      numberRaw: r.number_raw as string,
      numberE164: r.number_e164 as string | null,
      startedAt: r.started_at as number,
      answeredAt,
      endedAt,
      durationMs: answeredAt !== null && endedAt !== null ? Math.max(0, endedAt - answeredAt) : null,
      outcome: r.outcome as CallLogRow['outcome'],
      agentId: r.agent_id as string | null,
      agentName: r.agent_name as string | null,
      clientId: r.client_id as string | null,
      clientName: r.client_name as string | null,
      callbackTicketId: r.callback_ticket_id as string | null,
      callbackTicketNumber: r.callback_ticket_number as number | null,
      source: r.source as CallLogRow['source'],
    };
  };
  return {
    openCallbacks(limit: number): OpenCallback[] {
      return (open.all(limit) as Raw[]).map((r) => ({
        id: r.id as string,
        ticketNumber: r.ticket_number as number,
        ticketStatus: r.ticket_status as string,
        numberKey: r.number_key as string | null,
        numberRaw: r.number_raw as string,
        clientId: r.client_id as string | null,
        clientName: r.client_name as string | null,
        missedCount: r.missed_count as number,
        firstMissedAt: r.first_missed_at as number,
        lastMissedAt: r.last_missed_at as number,
        dueAt: r.due_at as number,
        claimedBy: r.claimed_by as string | null,
        claimedByName: r.claimed_by_name as string | null,
        claimedAt: r.claimed_at as number | null,
      }));
    },
    callLog(q: Readonly<{ clientId?: string; ticketId?: string; before?: number; limit: number }>): CallLogRow[] {
      const before = q.before ?? Number.MAX_SAFE_INTEGER;
      const rows =
        q.clientId !== undefined
          ? log.client.all(q.clientId, before, q.limit)
          : q.ticketId !== undefined
            ? log.ticket.all(q.ticketId, before, q.limit)
            : log.recent.all(before, q.limit);
      return (rows as Raw[]).map(toCall);
    },
  };
}

export function callHandlers(desk: DeskContext) {
  const queries = createCallQueries(desk.db);
  return {
    'callbacks:open': ({ limit }) => queries.openCallbacks(limit),
    'calls:log': (input) => queries.callLog(input),
  } satisfies DeskHandlers<'callbacks:open' | 'calls:log'>;
}
