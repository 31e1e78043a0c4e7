import { sql, type Kysely } from 'kysely';
import type { Backend } from '../schema.js';

/**
 * The first server schema, for SQLite and PostgreSQL alike. Once shipped it is never edited (the schema
 * only grows), which is why the synced tables' columns are spelled out here instead of derived from
 * core/entities.ts: a later field in core must arrive through a new migration. `schema.test.ts` checks that
 * every field of core's TABLES has its column.
 *
 * Mapping, the same on both backends: ids and text are TEXT (byte-ordered: COLLATE "C" on PostgreSQL, so
 * paging by id and the desk's view of the order agree); milliseconds, money and versions are BIGINT;
 * booleans are INTEGER 0/1; employees.roles and users.roles are JSON in TEXT.
 */

type ColumnKind = 'id' | 'text' | 'bigint' | 'int';
type ColumnSpec = readonly [name: string, kind: ColumnKind, nullable?: 'null'];

const SYNCED: Readonly<Record<string, readonly ColumnSpec[]>> = {
  employees: [
    ['name', 'text'],
    ['roles', 'text'],
    ['sip_extension', 'text', 'null'],
    ['color', 'text'],
    ['active', 'int'],
  ],
  clients: [
    ['name', 'text'],
    ['tax_id', 'text', 'null'],
    ['category', 'text', 'null'],
    ['address', 'text', 'null'],
    ['notes', 'text', 'null'],
    ['currency', 'text'],
    ['created_at', 'bigint'],
  ],
  contacts: [
    ['client_id', 'id'],
    ['name', 'text'],
    ['role', 'text', 'null'],
    ['email', 'text', 'null'],
  ],
  phones: [
    ['client_id', 'id'],
    ['contact_id', 'id', 'null'],
    ['raw', 'text'],
    ['e164', 'text', 'null'],
  ],
  vehicles: [
    ['client_id', 'id'],
    ['plate', 'text'],
    ['make', 'text', 'null'],
    ['model', 'text', 'null'],
    ['vin', 'text', 'null'],
    ['unit_id', 'text', 'null'],
  ],
  tickets: [
    ['number', 'bigint'],
    ['title', 'text'],
    ['description', 'text'],
    ['type', 'text'],
    ['status', 'text'],
    ['priority', 'text'],
    ['client_id', 'id'],
    ['contact_id', 'id', 'null'],
    ['vehicle_id', 'id', 'null'],
    ['assignee_id', 'id', 'null'],
    ['parent_id', 'id', 'null'],
    ['source', 'text'],
    ['billing', 'text'],
    ['amount', 'bigint'],
    ['planned_at', 'bigint', 'null'],
    ['created_at', 'bigint'],
    ['updated_at', 'bigint'],
    ['resolved_at', 'bigint', 'null'],
    ['created_by', 'id', 'null'],
  ],
  ticket_status_log: [
    ['ticket_id', 'id'],
    ['from_status', 'text', 'null'],
    ['to_status', 'text'],
    ['at', 'bigint'],
    ['by', 'id', 'null'],
  ],
  comments: [
    ['ticket_id', 'id'],
    ['author_id', 'id', 'null'],
    ['body', 'text'],
    ['public', 'int'],
    ['at', 'bigint'],
  ],
  payments: [
    ['ticket_id', 'id'],
    ['amount', 'bigint'],
    ['paid_at', 'bigint'],
    ['by', 'id', 'null'],
  ],
  visits: [
    ['ticket_id', 'id'],
    ['engineer_id', 'id'],
    ['start_at', 'bigint'],
    ['end_at', 'bigint'],
    ['state', 'text'],
    ['place', 'text', 'null'],
  ],
  calls: [
    ['sip_call_id', 'text'],
    ['direction', 'text'],
    ['number_raw', 'text'],
    ['number_e164', 'text', 'null'],
    ['started_at', 'bigint'],
    ['answered_at', 'bigint', 'null'],
    ['ended_at', 'bigint', 'null'],
    ['outcome', 'text'],
    ['agent_id', 'id', 'null'],
    ['callback_ticket_id', 'id', 'null'],
  ],
  debt_acknowledgements: [
    ['ticket_id', 'id'],
    ['client_id', 'id'],
    ['debt_count', 'int'],
    ['debt_sum', 'bigint'],
    ['oldest_at', 'bigint', 'null'],
    ['by', 'id', 'null'],
    ['at', 'bigint'],
  ],
};

export function migration0001(backend: Backend) {
  const type = (kind: ColumnKind) =>
    kind === 'id' ? (backend === 'postgres' ? sql`text collate "C"` : sql`text`) : sql.raw(kind);

  // Kysely<any>: a migration runs against the schema as it was at that step, not against today's ServerDb.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async function up(db: Kysely<any>): Promise<void> {
    for (const [table, columns] of Object.entries(SYNCED)) {
      let create = db.schema.createTable(table).addColumn('id', type('id'), (c) => c.primaryKey());
      for (const [name, kind, nullable] of columns) {
        create = create.addColumn(name, type(kind), (c) => (nullable ? c : c.notNull()));
      }
      await create.addColumn('version', 'bigint', (c) => c.notNull()).execute();
      // Pull reads "rows with version in (cursor, upTo]" of each table; the id makes the page order stable.
      await db.schema.createIndex(`${table}_by_version`).on(table).columns(['version', 'id']).execute();
    }
    // What the mutators ask while they run: the next ticket number, a client's debt, a ticket's payments.
    await db.schema.createIndex('tickets_by_number').on('tickets').column('number').execute();
    await db.schema.createIndex('tickets_by_client_id').on('tickets').columns(['client_id', 'billing']).execute();
    await db.schema.createIndex('payments_by_ticket_id').on('payments').column('ticket_id').execute();

    // The gap-free, commit-ordered change counter: one row, locked by every writing push transaction.
    await db.schema
      .createTable('server_version')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('version', 'bigint', (c) => c.notNull())
      .execute();
    await db.insertInto('server_version').values({ id: 1, version: 0 }).execute();

    await db.schema
      .createTable('statuses')
      .addColumn('code', type('id'), (c) => c.primaryKey())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('name_ru', 'text', (c) => c.notNull())
      .addColumn('name_en', 'text', (c) => c.notNull())
      .addColumn('color', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('status_transitions')
      .addColumn('from_status', type('id'), (c) => c.notNull().references('statuses.code'))
      .addColumn('to_status', type('id'), (c) => c.notNull().references('statuses.code'))
      .addPrimaryKeyConstraint('status_transitions_pk', ['from_status', 'to_status'])
      .execute();

    await db.schema
      .createTable('users')
      .addColumn('id', type('id'), (c) => c.primaryKey())
      .addColumn('login', type('id'), (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('roles', 'text', (c) => c.notNull())
      .addColumn('employee_id', type('id'))
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('sessions')
      .addColumn('token_hash', type('id'), (c) => c.primaryKey())
      .addColumn('user_id', type('id'), (c) => c.notNull().references('users.id'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sessions_by_user_id').on('sessions').column('user_id').execute();

    await db.schema
      .createTable('desks')
      .addColumn('desk_id', type('id'), (c) => c.primaryKey())
      .addColumn('user_id', type('id'), (c) => c.notNull().references('users.id'))
      .addColumn('last_mutation_id', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('rejections')
      .addColumn('id', backend === 'postgres' ? 'bigserial' : 'integer', (c) =>
        backend === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
      )
      .addColumn('desk_id', type('id'), (c) => c.notNull())
      .addColumn('mutation_id', 'bigint', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('message', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('rejections_by_desk_id').on('rejections').columns(['desk_id', 'id']).execute();
  }

  return { up };
}
