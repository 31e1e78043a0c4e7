import { z } from 'zod';
import { PRICE_LISTS, priceInForce } from './price-lists.js';
import { Currency } from '../clients/tables.js';
import { ChecklistItemId, LocalDate } from '../planning/tables.js';
import { Id, Millis, name, text } from '../schema/text.js';

/**
 * The two price lists of the case study's KPI system: work types → points for office staff, and → money for
 * engineers. A price is never rewritten: setting one adds a row effective from a date, and the row in force on
 * a day is the one with the latest `effectiveFrom` not after it (a later-set row on the same date wins, so a
 * typo can be corrected while the wrong row stays in the history).
 */
export { PRICE_LISTS, priceInForce };
export const PriceList = z.enum(PRICE_LISTS);
export type PriceList = z.infer<typeof PriceList>;

/** A work type's code: stable across prices, kebab-case like the planner's work types. */
export const WorkCode = ChecklistItemId;

/**
 * Points and money are both kept as whole hundredths: money in minor units (kopecks), points in hundredths so
 * that "0.5 points" stays exact and both lists add up the same way.
 */
export const Hundredths = z.number().int().nonnegative().max(1_000_000_000_00);

export const PriceItemRow = z.object({
  id: Id,
  list: PriceList,
  code: WorkCode,
  name,
  unit: text(20),
  value: Hundredths,
  /** The currency of a money price; null on the points list. */
  currency: Currency.nullable(),
  effectiveFrom: LocalDate,
  setAt: Millis,
  setBy: Id.nullable(),
});
export type PriceItem = z.infer<typeof PriceItemRow>;

export const MAX_WORK_QUANTITY = 10_000;

/**
 * One piece of work done on a completed ticket: what (the price row in force on the completion day, its code
 * and per-unit value copied, so a later price change never rewrites what was earned), how much and by whom.
 * A wrong line is cancelled, never deleted: the row stays with who cancelled it and when.
 */
export const WorkLineRow = z.object({
  id: Id,
  ticketId: Id,
  employeeId: Id,
  priceItemId: Id,
  list: PriceList,
  code: WorkCode,
  quantity: z.number().int().min(1).max(MAX_WORK_QUANTITY),
  unitValue: Hundredths,
  currency: Currency.nullable(),
  /** The ticket's completion day in the company's zone: the day whose prices apply and the report counts. */
  day: LocalDate,
  at: Millis,
  by: Id.nullable(),
  cancelledAt: Millis.nullable(),
  cancelledBy: Id.nullable(),
});
export type WorkLine = z.infer<typeof WorkLineRow>;
