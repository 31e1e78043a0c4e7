import type { Kysely } from 'kysely';
import { SEED_FULL_PAYMENT } from '../../../core/tickets/status-model.js';

/**
 * A transition can be taken by itself when the ticket is paid in full (core/tickets/status-model.ts,
 * `onFullPayment`), as on the desk (desk migration 10): the server judges `payment:add` with the same rule.
 */
export function migration0011() {
  // Kysely<any>: a migration runs against the schema as it was at that step, not against today's ServerDb.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async function up(db: Kysely<any>): Promise<void> {
    await db.schema
      .alterTable('status_transitions')
      .addColumn('on_full_payment', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    for (const rule of SEED_FULL_PAYMENT) {
      await db
        .updateTable('status_transitions')
        .set({ on_full_payment: 1 })
        .where('from_status', '=', rule.from)
        .where('to_status', '=', rule.to)
        .execute();
    }
  }
  return { up };
}
