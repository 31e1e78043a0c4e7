import { z } from 'zod';
import { Id, Millis, MinorUnits, text } from '../schema/text.js';
import { PriceItemRow, WorkLineRow } from './price-list.js';

/** The longest comment on a payment, cancel reason or reminder note. */
export const MONEY_NOTE_MAX = 2000;
export const MoneyNote = text(MONEY_NOTE_MAX);

/**
 * A payment towards a paid visit. A wrong one is corrected in place (who and when are kept) or cancelled:
 * a cancelled payment stays, with who cancelled it, when and why, and the debt rule no longer counts it.
 * An accountant's books must show that money was once recorded and then taken back, never a silent delete.
 */
export const PaymentRow = z.object({
  id: Id,
  ticketId: Id,
  amount: MinorUnits,
  paidAt: Millis,
  by: Id.nullable(),
  comment: MoneyNote.nullable(),
  correctedAt: Millis.nullable(),
  correctedBy: Id.nullable(),
  cancelledAt: Millis.nullable(),
  cancelledBy: Id.nullable(),
  cancelReason: MoneyNote.nullable(),
});

/** The fields of a payment as first recorded: no comment, never corrected, not cancelled. */
export const FRESH_PAYMENT = {
  comment: null,
  correctedAt: null,
  correctedBy: null,
  cancelledAt: null,
  cancelledBy: null,
  cancelReason: null,
} as const satisfies Partial<z.infer<typeof PaymentRow>>;

/**
 * A reminder an accountant gave a debtor ("called, promised to pay by …"): when, by whom, what was said, the
 * date the client promised, and when to follow up (the debts pane marks follow-ups that are due).
 */
export const ReminderRow = z.object({
  id: Id,
  clientId: Id,
  /** The visit it was about, when it was about one. */
  ticketId: Id.nullable(),
  at: Millis,
  by: Id.nullable(),
  note: MoneyNote,
  promisedAt: Millis.nullable(),
  followUpAt: Millis.nullable(),
});

export const MONEY_TABLES = {
  payments: PaymentRow,
  reminders: ReminderRow,
  price_items: PriceItemRow,
  work_lines: WorkLineRow,
} as const;
