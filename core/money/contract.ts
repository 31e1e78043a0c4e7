import { z } from 'zod';
import { Currency } from '../clients/tables.js';
import { Millis, MinorUnits } from '../schema/text.js';

/** A client's unpaid paid visits, as every place that marks a debtor shows them. */
export const DebtSummary = z.object({
  count: z.number().int().nonnegative(),
  sum: MinorUnits,
  oldestAt: Millis.nullable(),
  currency: Currency,
});
export type DebtSummary = z.infer<typeof DebtSummary>;
