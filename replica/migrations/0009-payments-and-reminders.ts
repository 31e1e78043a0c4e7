import type { Migration } from './migration.js';

/**
 * The accountant's desk. Payments can be corrected (who and when are kept) and cancelled: a cancelled payment
 * stays, with who cancelled it, when and why, and pays nothing, so the derived `paid_total` (which the debt
 * index `tickets_unpaid_by_client_id` reads) now sums only payments that are not cancelled — the SQL form of
 * core's `paysTowardsDebt`. Reminders are a new synced table: what a debtor was told and when to follow up.
 *
 * Numbered 9 although the desk's previous step is 6: steps 7 and 8 are being written on other branches at the
 * same time; the runner applies whatever steps a file lacks, in order.
 */
const sql = String.raw`
ALTER TABLE payments ADD COLUMN comment TEXT;
ALTER TABLE payments ADD COLUMN corrected_at INTEGER;
ALTER TABLE payments ADD COLUMN corrected_by TEXT;
ALTER TABLE payments ADD COLUMN cancelled_at INTEGER;
ALTER TABLE payments ADD COLUMN cancelled_by TEXT;
ALTER TABLE payments ADD COLUMN cancel_reason TEXT;

CREATE TABLE reminders (
  id TEXT PRIMARY KEY,
  client_id TEXT NOT NULL,
  ticket_id TEXT,
  at INTEGER NOT NULL,
  by TEXT,
  note TEXT NOT NULL,
  promised_at INTEGER,
  follow_up_at INTEGER
) STRICT;
-- The debts pane's "last reminder" of each debtor.
CREATE INDEX reminders_by_client_id ON reminders (client_id, at);

DROP TRIGGER payments_after_insert;
CREATE TRIGGER payments_after_insert AFTER INSERT ON payments WHEN NEW.cancelled_at IS NULL BEGIN
  UPDATE tickets SET paid_total = paid_total + NEW.amount WHERE id = NEW.ticket_id;
END;
DROP TRIGGER payments_after_delete;
CREATE TRIGGER payments_after_delete AFTER DELETE ON payments WHEN OLD.cancelled_at IS NULL BEGIN
  UPDATE tickets SET paid_total = paid_total - OLD.amount WHERE id = OLD.ticket_id;
END;
DROP TRIGGER payments_after_update;
CREATE TRIGGER payments_after_update AFTER UPDATE OF amount, ticket_id, cancelled_at ON payments BEGIN
  UPDATE tickets SET paid_total = paid_total - OLD.amount WHERE id = OLD.ticket_id AND OLD.cancelled_at IS NULL;
  UPDATE tickets SET paid_total = paid_total + NEW.amount WHERE id = NEW.ticket_id AND NEW.cancelled_at IS NULL;
END;

DROP TRIGGER tickets_derive_after_insert;
CREATE TRIGGER tickets_derive_after_insert AFTER INSERT ON tickets BEGIN
  UPDATE tickets SET
    client_name = coalesce((SELECT name FROM clients WHERE id = NEW.client_id), ''),
    client_key = coalesce((SELECT name_key FROM clients WHERE id = NEW.client_id), ''),
    assignee_name = (SELECT name FROM employees WHERE id = NEW.assignee_id),
    status_position = coalesce((SELECT position FROM statuses WHERE code = NEW.status), 0),
    status_kind = coalesce((SELECT kind FROM statuses WHERE code = NEW.status), 'open'),
    paid_total = coalesce((SELECT sum(amount) FROM payments WHERE ticket_id = NEW.id AND cancelled_at IS NULL), 0)
  WHERE seq = NEW.seq;
END;
`;

export const migration0009: Migration = {
  version: 9,
  name: 'payments-and-reminders',
  up(db) {
    db.exec(sql);
  },
};
