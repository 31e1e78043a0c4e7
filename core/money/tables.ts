import { z } from 'zod';
import { Id, Millis, MinorUnits } from '../schema/text.js';

export const PaymentRow = z.object({
  id: Id,
  ticketId: Id,
  amount: MinorUnits,
  paidAt: Millis,
  by: Id.nullable(),
});

export const MONEY_TABLES = { payments: PaymentRow } as const;
