import { describe, expect, it } from 'vitest';
import { SEED_STATUS_MODEL } from './status-model.js';
import { durationBucket, skippedStatuses, statusTimes, type LogEntry, type TicketLog } from './status-times.js';

/**
 * Time in status over the seeded model: stays add up per ticket, the figures are per type and status, and a
 * ticket closed without passing its statuses is flagged and kept out of the figures (it would spoil them).
 */
const H = 3_600_000;
const path = (...steps: [string, number][]): LogEntry[] =>
  steps.map(([to, at], i) => ({ fromStatus: i === 0 ? null : steps[i - 1]![0], toStatus: to, at }));
const ticket = (number: number, log: LogEntry[], type: TicketLog['type'] = 'incident'): TicketLog => ({
  ticketId: `00000000-0000-7000-8000-${String(number).padStart(12, '0')}`,
  number,
  title: `Заявка ${number}`,
  type,
  log,
});
const QUERY = { from: '2026-11-01', to: '2026-11-30', includeFlagged: false };

describe('skipped statuses', () => {
  it('a ticket that went through work and was resolved before closing is not flagged', () => {
    expect(
      skippedStatuses(SEED_STATUS_MODEL, path(['new', 0], ['in_progress', H], ['done', 2 * H], ['closed', 3 * H])),
    ).toEqual([]);
  });

  it('closing straight from new is never-in-work and closed-unresolved; from in progress, closed-unresolved', () => {
    expect(skippedStatuses(SEED_STATUS_MODEL, path(['new', 0], ['closed', H]))).toEqual([
      'never-in-work',
      'closed-unresolved',
    ]);
    expect(skippedStatuses(SEED_STATUS_MODEL, path(['new', 0], ['in_progress', H], ['closed', 2 * H]))).toEqual([
      'closed-unresolved',
    ]);
    expect(skippedStatuses(SEED_STATUS_MODEL, path(['new', 0], ['done', H]))).toEqual(['never-in-work']);
  });

  it('an entry that starts from another status than the last one ended in is a gap in the log', () => {
    const log: LogEntry[] = [
      { fromStatus: null, toStatus: 'new', at: 0 },
      { fromStatus: 'visit_planned', toStatus: 'done', at: H },
    ];
    expect(skippedStatuses(SEED_STATUS_MODEL, log)).toContain('log-gap');
  });
});

describe('the figures', () => {
  it('averages, median and p90 per type and status; two stays in one status add up; the bucket edges hold', () => {
    const tickets = [
      ticket(1, path(['new', 0], ['in_progress', H], ['done', 3 * H])),
      ticket(2, path(['new', 0], ['in_progress', 2 * H], ['new', 3 * H], ['in_progress', 5 * H], ['done', 15 * H])),
      ticket(3, path(['new', 0], ['in_progress', 30 * 60_000]), 'installation'),
    ];
    const result = statusTimes(SEED_STATUS_MODEL, QUERY, tickets, 10 * H);
    const row = (type: string, status: string) => result.rows.find((r) => r.type === type && r.status === status);
    expect(row('incident', 'new')).toMatchObject({ tickets: 2, averageMs: 2.5 * H, medianMs: H, p90Ms: 4 * H });
    expect(row('incident', 'in_progress')).toMatchObject({
      tickets: 2,
      averageMs: 6.5 * H,
      medianMs: 2 * H,
      p90Ms: 11 * H,
    });
    expect(row('incident', 'in_progress')?.distribution).toEqual([0, 1, 1, 0, 0, 0]);
    // Still in progress: its clock runs until now.
    expect(row('installation', 'in_progress')).toMatchObject({ tickets: 1, averageMs: 10 * H - 30 * 60_000 });
    expect(row('incident', 'done')).toBeUndefined();
    expect(result.rows.map((r) => `${r.type}/${r.status}`)).toEqual([
      'incident/new',
      'incident/in_progress',
      'installation/new',
      'installation/in_progress',
    ]);
    expect([durationBucket(H - 1), durationBucket(H), durationBucket(168 * H - 1), durationBucket(168 * H)]).toEqual([
      '<1h',
      '1-8h',
      '3-7d',
      '>7d',
    ]);
  });

  it('waiting for payment counts once the ticket leaves it; a status it ends in does not', () => {
    const tickets = [ticket(1, path(['new', 0], ['in_progress', H], ['waiting_payment', 2 * H], ['closed', 50 * H]))];
    const result = statusTimes(SEED_STATUS_MODEL, QUERY, tickets, 100 * H);
    expect(result.rows.find((r) => r.status === 'waiting_payment')).toMatchObject({ averageMs: 48 * H });
    expect(result.rows.find((r) => r.status === 'closed')).toBeUndefined();
  });

  it('a flagged ticket is listed with its reasons and kept out of the figures unless asked for', () => {
    const tickets = [
      ticket(1, path(['new', 0], ['in_progress', H], ['done', 3 * H])),
      ticket(2, path(['new', 0], ['in_progress', 100 * H], ['closed', 101 * H])),
    ];
    const result = statusTimes(SEED_STATUS_MODEL, QUERY, tickets, 200 * H);
    expect(result).toMatchObject({ tickets: 1, flaggedCount: 1 });
    expect(result.flagged).toEqual([expect.objectContaining({ number: 2, reasons: ['closed-unresolved'] })]);
    expect(result.rows.find((r) => r.status === 'new')).toMatchObject({ tickets: 1, averageMs: H });
    const all = statusTimes(SEED_STATUS_MODEL, { ...QUERY, includeFlagged: true }, tickets, 200 * H);
    expect(all.tickets).toBe(2);
    expect(all.rows.find((r) => r.status === 'new')).toMatchObject({ tickets: 2, averageMs: 50 * H + H / 2 });
  });
});
