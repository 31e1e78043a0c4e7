import { z } from 'zod';
import { LocalDate } from '../planning/tables.js';
import { Id, str } from '../schema/text.js';
import { statusKind, type StatusModel } from './status-model.js';
import { TicketType } from './tables.js';
import { DURATION_BUCKETS, durationBucket } from './duration-buckets.js';

/**
 * Time in status: how long tickets of each type stay in each status, from the status log. The case study's
 * warning is the rule here: a ticket closed without passing its statuses spoils the figures, so such tickets
 * are flagged with the reason and left out of the figures unless asked for.
 */

export { DURATION_BUCKET_HOURS, DURATION_BUCKETS, durationBucket, type DurationBucket } from './duration-buckets.js';

/**
 * Why a ticket's log spoils the figures:
 * - `never-in-work`: it reached a completed status straight from the status it was created in;
 * - `closed-unresolved`: it entered the model's final completed status (the highest position, "closed")
 *   straight from an open one, skipping the resolution in between;
 * - `log-gap`: an entry starts from another status than the previous one ended in (a change not logged).
 */
export const SKIP_REASONS = ['never-in-work', 'closed-unresolved', 'log-gap'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export type LogEntry = Readonly<{ fromStatus: string | null; toStatus: string; at: number }>;

/** The reasons a ticket's ordered log is flagged; empty when it passed its statuses. */
export function skippedStatuses(model: StatusModel, log: readonly LogEntry[]): SkipReason[] {
  const reasons = new Set<SkipReason>();
  const completed = model.statuses.filter((s) => s.kind === 'completed');
  const final = completed.reduce<string | null>(
    (best, s) =>
      best === null || s.position > (model.statuses.find((x) => x.code === best)?.position ?? -1) ? s.code : best,
    null,
  );
  log.forEach((entry, i) => {
    const previous = log[i - 1];
    if (previous && entry.fromStatus !== null && entry.fromStatus !== previous.toStatus) reasons.add('log-gap');
    if (i === 0 || statusKind(model, entry.toStatus) !== 'completed') return;
    const from = entry.fromStatus ?? previous?.toStatus ?? null;
    if (i === 1 && from === log[0]!.toStatus && statusKind(model, from) === 'open') reasons.add('never-in-work');
    if (entry.toStatus === final && from !== null && statusKind(model, from) === 'open') {
      reasons.add('closed-unresolved');
    }
  });
  return SKIP_REASONS.filter((r) => reasons.has(r));
}

/** A year and a day: the log of a longer period is more than a desk should read in one answer. */
export const MAX_PERIOD_DAYS = 367;

export const StatusTimesQuery = z
  .object({
    /** Tickets created in this period (local dates of the company's zone, inclusive). */
    from: LocalDate,
    to: LocalDate,
    /** Count flagged tickets in the figures too (they are always listed). */
    includeFlagged: z.boolean().default(false),
  })
  .strict()
  .refine((q) => q.from <= q.to, { message: 'The period ends before it starts' })
  .refine((q) => (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 < MAX_PERIOD_DAYS, {
    message: `The period covers at most ${MAX_PERIOD_DAYS} days`,
  });
export type StatusTimesQuery = z.output<typeof StatusTimesQuery>;

export const StatusTimeRow = z.object({
  type: TicketType,
  status: str(),
  /** Tickets that were in this status at least once. */
  tickets: z.number().int().nonnegative(),
  averageMs: z.number().int().nonnegative(),
  medianMs: z.number().int().nonnegative(),
  p90Ms: z.number().int().nonnegative(),
  /** Tickets per duration bucket, in DURATION_BUCKETS order. */
  distribution: z.array(z.number().int().nonnegative()),
});
export type StatusTimeRow = z.infer<typeof StatusTimeRow>;

export const FlaggedTicket = z.object({
  ticketId: Id,
  number: z.number().int(),
  title: str(),
  type: TicketType,
  reasons: z.array(z.enum(SKIP_REASONS)),
});
export type FlaggedTicket = z.infer<typeof FlaggedTicket>;

export const MAX_FLAGGED_LISTED = 200;

export const StatusTimes = z.object({
  from: LocalDate,
  to: LocalDate,
  tickets: z.number().int().nonnegative(),
  rows: z.array(StatusTimeRow),
  flaggedCount: z.number().int().nonnegative(),
  /** The first MAX_FLAGGED_LISTED flagged tickets, by number. */
  flagged: z.array(FlaggedTicket),
});
export type StatusTimes = z.infer<typeof StatusTimes>;

export type TicketLog = Readonly<{
  ticketId: string;
  number: number;
  title: string;
  type: TicketType;
  log: readonly LogEntry[];
}>;

/** The nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

/**
 * The figures per ticket type and status. A ticket's time in a status is the sum of its stays there (a ticket
 * sent back to work twice counts both stays); an open status still current runs until `now`, and a completed
 * or cancelled status stops its clock when entered (it is not waiting for anyone).
 */
export function statusTimes(
  model: StatusModel,
  query: StatusTimesQuery,
  tickets: Iterable<TicketLog>,
  now: number,
): StatusTimes {
  const durations = new Map<string, number[]>();
  const flagged: FlaggedTicket[] = [];
  let flaggedCount = 0;
  let counted = 0;
  for (const ticket of tickets) {
    const reasons = skippedStatuses(model, ticket.log);
    if (reasons.length > 0) {
      flaggedCount += 1;
      flagged.push({
        ticketId: ticket.ticketId,
        number: ticket.number,
        title: ticket.title,
        type: ticket.type,
        reasons,
      });
      if (!query.includeFlagged) continue;
    }
    counted += 1;
    const spent = new Map<string, number>();
    ticket.log.forEach((entry, i) => {
      const next = ticket.log[i + 1];
      const open = statusKind(model, entry.toStatus) === 'open';
      // A completed or cancelled status the ticket stays in is where it ended, not a wait: only a stay the
      // ticket left (waiting for payment, then closed) or an open status counts.
      if (!next && !open) return;
      const end = next ? next.at : now;
      spent.set(entry.toStatus, (spent.get(entry.toStatus) ?? 0) + Math.max(0, end - entry.at));
    });
    for (const [status, ms] of spent) {
      const key = `${ticket.type}|${status}`;
      const list = durations.get(key);
      if (list) list.push(ms);
      else durations.set(key, [ms]);
    }
  }
  const position = (code: string) => model.statuses.find((s) => s.code === code)?.position ?? Number.MAX_SAFE_INTEGER;
  const rows: StatusTimeRow[] = [...durations.entries()].map(([key, values]) => {
    const [type, status] = key.split('|') as [TicketType, string];
    const sorted = [...values].sort((a, b) => a - b);
    const distribution = DURATION_BUCKETS.map(() => 0);
    for (const ms of sorted) distribution[DURATION_BUCKETS.indexOf(durationBucket(ms))]! += 1;
    return {
      type,
      status,
      tickets: sorted.length,
      averageMs: Math.round(sorted.reduce((sum, ms) => sum + ms, 0) / sorted.length),
      medianMs: percentile(sorted, 0.5),
      p90Ms: percentile(sorted, 0.9),
      distribution,
    };
  });
  rows.sort((a, b) => a.type.localeCompare(b.type) || position(a.status) - position(b.status));
  flagged.sort((a, b) => a.number - b.number);
  return {
    from: query.from,
    to: query.to,
    tickets: counted,
    rows,
    flaggedCount,
    flagged: flagged.slice(0, MAX_FLAGGED_LISTED),
  };
}
