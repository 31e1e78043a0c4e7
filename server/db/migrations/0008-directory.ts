import { sql, type Kysely } from 'kysely';
import type { Backend } from '../schema.js';

/**
 * The directory becomes editable: clients, contacts and vehicles get an `active` flag (a row a ticket points
 * to is deactivated, never deleted) and a merged client names the client it went into; `equipment` and
 * `client_merges` (the merge log) are new synced tables. The `_by_client_id` indexes serve client:merge, which
 * finds every row of the merged client inside a push; `equipment_by_vehicle_id` serves the vehicle checks.
 */
export function migration0008(backend: Backend) {
  const id = backend === 'postgres' ? sql`text collate "C"` : sql`text`;
  // Kysely<any>: a migration runs against the schema as it was at that step, not against today's ServerDb.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async function up(db: Kysely<any>): Promise<void> {
    for (const table of ['clients', 'contacts', 'vehicles']) {
      await db.schema
        .alterTable(table)
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();
    }
    await db.schema.alterTable('clients').addColumn('merged_into', id).execute();

    await db.schema
      .createTable('equipment')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('vehicle_id', id, (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('model', 'text')
      .addColumn('serial', 'text')
      .addColumn('installed_at', 'bigint')
      .addColumn('removed_at', 'bigint')
      .addColumn('version', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('equipment_by_version').on('equipment').columns(['version', 'id']).execute();
    await db.schema.createIndex('equipment_by_vehicle_id').on('equipment').column('vehicle_id').execute();

    await db.schema
      .createTable('client_merges')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('kept_id', id, (c) => c.notNull())
      .addColumn('merged_id', id, (c) => c.notNull())
      .addColumn('merged_name', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('by', id)
      .addColumn('moved', 'text', (c) => c.notNull())
      .addColumn('version', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('client_merges_by_version').on('client_merges').columns(['version', 'id']).execute();

    for (const table of ['contacts', 'phones', 'vehicles', 'calls', 'callbacks', 'debt_acknowledgements']) {
      await db.schema.createIndex(`${table}_by_client_id`).on(table).column('client_id').execute();
    }
  }
  return { up };
}
