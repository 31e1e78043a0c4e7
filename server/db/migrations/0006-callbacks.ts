import { sql, type Kysely } from 'kysely';
import type { Backend } from '../schema.js';

/**
 * Calls say who reported them and whose client they are; callbacks get their own synced table, one row per
 * callback ticket (its id is the ticket's). The indexes serve the callback rule inside a push: the call
 * with this SIP Call-ID, and the open callback for this number; `callbacks_by_version` is the pull's walk,
 * as for every synced table.
 */
export function migration0006(backend: Backend) {
  const id = backend === 'postgres' ? sql`text collate "C"` : sql`text`;
  // Kysely<any>: a migration runs against the schema as it was at that step, not against today's ServerDb.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async function up(db: Kysely<any>): Promise<void> {
    await db.schema
      .alterTable('calls')
      .addColumn('source', 'text', (c) => c.notNull().defaultTo('desk'))
      .execute();
    await db.schema.alterTable('calls').addColumn('pbx_id', 'text').execute();
    await db.schema.alterTable('calls').addColumn('client_id', id).execute();
    await db.schema.createIndex('calls_by_sip_call_id').on('calls').column('sip_call_id').execute();

    await db.schema
      .createTable('callbacks')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('number_key', 'text')
      .addColumn('number_raw', 'text', (c) => c.notNull())
      .addColumn('client_id', id)
      .addColumn('missed_count', 'integer', (c) => c.notNull())
      .addColumn('first_missed_at', 'bigint', (c) => c.notNull())
      .addColumn('last_missed_at', 'bigint', (c) => c.notNull())
      .addColumn('due_at', 'bigint', (c) => c.notNull())
      .addColumn('claimed_by', id)
      .addColumn('claimed_at', 'bigint')
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('resolved_at', 'bigint')
      .addColumn('resolution', 'text')
      .addColumn('version', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('callbacks_by_version').on('callbacks').columns(['version', 'id']).execute();
    await db.schema.createIndex('callbacks_by_number_key').on('callbacks').columns(['number_key', 'state']).execute();
  }
  return { up };
}
