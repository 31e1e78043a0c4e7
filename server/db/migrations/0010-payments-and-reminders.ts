import { sql, type Kysely } from 'kysely';
import type { Backend } from '../schema.js';

/**
 * The accountant's desk: a payment records its comment, who corrected it and when, and who cancelled it, when
 * and why (a cancelled payment stays and pays nothing); reminders are a new synced table. `reminders_by_version`
 * is the pull's walk, as for every synced table; `reminders_by_client_id` serves a client's reminders.
 *
 * Numbered 10 although the server's previous step is 7: steps 8 and 9 are being written on other branches at
 * the same time. Kysely applies steps in name order and refuses one older than the last applied, so the
 * steps must be merged in order before any database is migrated past 7.
 */
export function migration0010(backend: Backend) {
  const id = backend === 'postgres' ? sql`text collate "C"` : sql`text`;
  // Kysely<any>: a migration runs against the schema as it was at that step, not against today's ServerDb.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async function up(db: Kysely<any>): Promise<void> {
    await db.schema.alterTable('payments').addColumn('comment', 'text').execute();
    await db.schema.alterTable('payments').addColumn('corrected_at', 'bigint').execute();
    await db.schema.alterTable('payments').addColumn('corrected_by', id).execute();
    await db.schema.alterTable('payments').addColumn('cancelled_at', 'bigint').execute();
    await db.schema.alterTable('payments').addColumn('cancelled_by', id).execute();
    await db.schema.alterTable('payments').addColumn('cancel_reason', 'text').execute();

    await db.schema
      .createTable('reminders')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('client_id', id, (c) => c.notNull())
      .addColumn('ticket_id', id)
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('by', id)
      .addColumn('note', 'text', (c) => c.notNull())
      .addColumn('promised_at', 'bigint')
      .addColumn('follow_up_at', 'bigint')
      .addColumn('version', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('reminders_by_version').on('reminders').columns(['version', 'id']).execute();
    await db.schema.createIndex('reminders_by_client_id').on('reminders').columns(['client_id', 'at']).execute();
  }
  return { up };
}
