import { SEED_FULL_PAYMENT } from '../../core/tickets/status-model.js';
import type { Migration } from './migration.js';

/**
 * A transition can be taken by itself when the ticket is paid in full (core/tickets/status-model.ts,
 * `onFullPayment`): a visit "waiting for payment" that is paid moves on to "done" instead of staying red.
 * The seed's rule is set only where the admin kept that transition.
 */
export const migration0010: Migration = {
  version: 10,
  name: 'full-payment-moves-on',
  up(db) {
    db.exec('ALTER TABLE status_transitions ADD COLUMN on_full_payment INTEGER NOT NULL DEFAULT 0');
    const mark = db.prepare(
      'UPDATE status_transitions SET on_full_payment = 1 WHERE from_status = ? AND to_status = ?',
    );
    for (const rule of SEED_FULL_PAYMENT) mark.run(rule.from, rule.to);
  },
};
