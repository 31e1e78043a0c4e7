import { describe, expect, it } from 'vitest';
import {
  allowedTargets,
  isTransitionAllowed,
  SEED_STATUS_MODEL,
  SEED_STATUSES,
  statusKind,
  timeInStatuses,
} from './status-model.js';

const HOUR = 3_600_000;

describe('the seeded status model', () => {
  it('has the seeded statuses in workflow order', () => {
    expect(SEED_STATUSES.map((s) => s.code)).toEqual([
      'new',
      'in_progress',
      'needs_visit',
      'visit_planned',
      'paid_visit',
      'waiting_payment',
      'done',
      'closed',
      'cancelled',
    ]);
  });

  it('only lets a ticket move along its transitions', () => {
    expect(isTransitionAllowed(SEED_STATUS_MODEL, 'new', 'in_progress')).toBe(true);
    expect(isTransitionAllowed(SEED_STATUS_MODEL, 'closed', 'new')).toBe(false);
    expect(isTransitionAllowed(SEED_STATUS_MODEL, 'paid_visit', 'done')).toBe(false);
    expect(allowedTargets(SEED_STATUS_MODEL, 'closed')).toEqual([]);
  });

  it('every transition joins two known statuses', () => {
    const codes = new Set(SEED_STATUSES.map((s) => s.code));
    for (const t of SEED_STATUS_MODEL.transitions) {
      expect(codes.has(t.from) && codes.has(t.to)).toBe(true);
    }
  });

  it('a paid visit waiting for payment counts as completed work, a cancelled one does not', () => {
    expect(statusKind(SEED_STATUS_MODEL, 'waiting_payment')).toBe('completed');
    expect(statusKind(SEED_STATUS_MODEL, 'cancelled')).toBe('cancelled');
  });
});

describe('time in status', () => {
  it('adds up every stay in a status and stops the clock when the ticket is done', () => {
    const log = [
      { toStatus: 'new', at: 0 },
      { toStatus: 'in_progress', at: 2 * HOUR },
      { toStatus: 'needs_visit', at: 3 * HOUR },
      { toStatus: 'in_progress', at: 7 * HOUR },
      { toStatus: 'done', at: 8 * HOUR },
    ];
    const totals = timeInStatuses(SEED_STATUS_MODEL, log, 100 * HOUR);
    expect(totals.get('new')).toBe(2 * HOUR);
    expect(totals.get('in_progress')).toBe(2 * HOUR);
    expect(totals.get('needs_visit')).toBe(4 * HOUR);
    expect(totals.get('done')).toBe(0);
  });

  it('an open ticket keeps accruing time in its current status', () => {
    const totals = timeInStatuses(SEED_STATUS_MODEL, [{ toStatus: 'new', at: HOUR }], 5 * HOUR);
    expect(totals.get('new')).toBe(4 * HOUR);
  });
});
