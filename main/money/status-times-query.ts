import type { Database } from 'better-sqlite3';
import { DEFAULT_PLANNING_SETTINGS, PLANNING_SETTINGS_ID } from '../../core/planning/tables.js';
import { zonedInstant } from '../../core/planning/zone.js';
import type { StatusModel } from '../../core/tickets/status-model.js';
import {
  statusTimes,
  type StatusTimes,
  type StatusTimesQuery,
  type LogEntry,
  type TicketLog,
} from '../../core/tickets/status-times.js';
import type { TicketType } from '../../core/tickets/tables.js';

type LogRecord = {
  id: string;
  number: number;
  title: string;
  type: TicketType;
  from_status: string | null;
  to_status: string;
  at: number;
};

/**
 * Time in status at the desk: the status log of the tickets created in the period, read in one statement on
 * `tickets_by_created_at` and `ticket_status_log_by_ticket_id`, streamed ticket by ticket into core's
 * `statusTimes` (which decides the figures and the flags).
 */
export function createStatusTimesQuery(db: Database, model: () => StatusModel) {
  const settings = db.prepare('SELECT time_zone FROM planning_settings WHERE id = ?');
  const logs = db.prepare(`
    SELECT t.id, t.number, t.title, t.type, l.from_status, l.to_status, l.at
    FROM tickets t INDEXED BY tickets_by_created_at
    JOIN ticket_status_log l INDEXED BY ticket_status_log_by_ticket_id ON l.ticket_id = t.id
    WHERE t.created_at >= ? AND t.created_at < ?
    ORDER BY t.created_at, t.seq, l.at, l.rowid`);

  return function query(input: StatusTimesQuery, now: number): StatusTimes {
    const zone =
      (settings.get(PLANNING_SETTINGS_ID) as { time_zone: string } | undefined)?.time_zone ??
      DEFAULT_PLANNING_SETTINGS.timeZone;
    const [fy, fm, fd] = input.from.split('-').map(Number) as [number, number, number];
    const [ty, tm, td] = input.to.split('-').map(Number) as [number, number, number];
    const start = zonedInstant(fy, fm, fd, 0, zone);
    // The end of the last day: midnight after it, in the zone.
    const end = zonedInstant(ty, tm, td, 1440, zone);
    function* tickets(): Generator<TicketLog> {
      let current: { ticketId: string; number: number; title: string; type: TicketType; log: LogEntry[] } | undefined;
      for (const r of logs.iterate(start, end) as IterableIterator<LogRecord>) {
        if (current === undefined || current.ticketId !== r.id) {
          if (current !== undefined) yield current;
          current = { ticketId: r.id, number: r.number, title: r.title, type: r.type, log: [] };
        }
        current.log.push({ fromStatus: r.from_status, toStatus: r.to_status, at: r.at });
      }
      if (current !== undefined) yield current;
    }
    return statusTimes(model(), input, tickets(), now);
  };
}
