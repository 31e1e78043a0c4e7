import { sql, type Kysely } from 'kysely';
import type { Backend } from '../schema.js';

/**
 * The KPI system (the same shape as the desk's step 13): price lists with effective dates and the work lines of
 * completed tickets; and, on the server only, the read-only tokens of the BI feed. `<table>_by_version` is the pull's and the BI feed's walk, as for every synced table;
 * the others serve the price in force and the employee report.
 *
 * Numbered 14: steps 11 to 13 are being written on other branches at the same time. Kysely applies steps in
 * name order and refuses one older than the last applied, so the steps must be merged in order before any
 * database is migrated past 10.
 */
export function migration0014(backend: Backend) {
  const id = backend === 'postgres' ? sql`text collate "C"` : sql`text`;
  // Kysely<any>: a migration runs against the schema as it was at that step, not against today's ServerDb.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async function up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('price_items')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('list', 'text', (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('unit', 'text', (c) => c.notNull())
      .addColumn('value', 'bigint', (c) => c.notNull())
      .addColumn('currency', 'text')
      .addColumn('effective_from', 'text', (c) => c.notNull())
      .addColumn('set_at', 'bigint', (c) => c.notNull())
      .addColumn('set_by', id)
      .addColumn('version', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('price_items_by_version').on('price_items').columns(['version', 'id']).execute();
    await db.schema
      .createIndex('price_items_by_list_code')
      .on('price_items')
      .columns(['list', 'code', 'effective_from'])
      .execute();

    await db.schema
      .createTable('work_lines')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('ticket_id', id, (c) => c.notNull())
      .addColumn('employee_id', id, (c) => c.notNull())
      .addColumn('price_item_id', id, (c) => c.notNull())
      .addColumn('list', 'text', (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('quantity', 'bigint', (c) => c.notNull())
      .addColumn('unit_value', 'bigint', (c) => c.notNull())
      .addColumn('currency', 'text')
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('by', id)
      .addColumn('cancelled_at', 'bigint')
      .addColumn('cancelled_by', id)
      .addColumn('version', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('work_lines_by_version').on('work_lines').columns(['version', 'id']).execute();
    await db.schema.createIndex('work_lines_by_employee_id').on('work_lines').columns(['employee_id', 'day']).execute();
    // Covering for the report over everyone (the desk's step 13 has the same).
    await db.schema
      .createIndex('work_lines_by_day')
      .on('work_lines')
      .columns(['day', 'cancelled_at', 'employee_id', 'list', 'currency', 'code', 'quantity', 'unit_value'])
      .execute();
    await db.schema.createIndex('work_lines_by_ticket_id').on('work_lines').column('ticket_id').execute();

    // Server-only: the read-only tokens of the BI feed (server/bi/). Only a token's hash is kept.
    await db.schema
      .createTable('bi_tokens')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('created_by', id)
      .addColumn('revoked_at', 'bigint')
      .execute();
  }
  return { up };
}
