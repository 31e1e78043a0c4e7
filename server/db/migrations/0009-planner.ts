import { sql, type Kysely } from 'kysely';
import type { Backend } from '../schema.js';

/**
 * The planner's tables and the new columns of visits (the same shape as the desk's step 8). Indexes serve
 * the conflict rules the server judges inside a push: an engineer's active visits, their time off, a
 * ticket's visits, a work type by code; `<table>_by_version` is the pull's walk, as for every synced table.
 *
 * Numbered 9: step 8 is taken by work that lands beside this one.
 */
type Kind = 'id' | 'text' | 'bigint' | 'int';
type Spec = readonly [name: string, kind: Kind, nullable?: 'null'];

const TABLES: Readonly<Record<string, readonly Spec[]>> = {
  engineer_profiles: [
    ['team', 'text'],
    ['region', 'text'],
    ['time_zone', 'text'],
    ['home_lat_e6', 'bigint', 'null'],
    ['home_lon_e6', 'bigint', 'null'],
  ],
  working_hours: [
    ['engineer_id', 'id'],
    ['weekday', 'int'],
    ['start_minute', 'int'],
    ['end_minute', 'int'],
  ],
  time_off: [
    ['engineer_id', 'id'],
    ['start_at', 'bigint'],
    ['end_at', 'bigint'],
    ['kind', 'text'],
    ['note', 'text'],
  ],
  holidays: [
    ['day', 'text'],
    ['name', 'text'],
  ],
  work_types: [
    ['code', 'text'],
    ['name_ru', 'text'],
    ['name_en', 'text'],
    ['ticket_type', 'text', 'null'],
    ['duration_minutes', 'int'],
    ['color', 'text'],
    ['checklist', 'text'],
  ],
  visit_checklists: [
    ['answers', 'text'],
    ['answered_at', 'bigint'],
    ['answered_by', 'id', 'null'],
  ],
  planning_settings: [
    ['time_zone', 'text'],
    ['average_speed_kmh', 'int'],
    ['default_start_minute', 'int'],
    ['default_end_minute', 'int'],
  ],
};

const VISIT_COLUMNS: readonly Spec[] = [
  ['work_type_id', 'id', 'null'],
  ['place_lat_e6', 'bigint', 'null'],
  ['place_lon_e6', 'bigint', 'null'],
  ['confirmed_at', 'bigint', 'null'],
  ['confirmed_by', 'id', 'null'],
  ['updated_by', 'id', 'null'],
];

export function migration0009(backend: Backend) {
  const type = (kind: Kind) =>
    kind === 'id' ? (backend === 'postgres' ? sql`text collate "C"` : sql`text`) : sql.raw(kind);

  // Kysely<any>: a migration runs against the schema as it was at that step, not against today's ServerDb.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async function up(db: Kysely<any>): Promise<void> {
    for (const [name, kind] of VISIT_COLUMNS) {
      await db.schema.alterTable('visits').addColumn(name, type(kind)).execute();
    }
    await db.schema
      .alterTable('visits')
      .addColumn('revision', 'bigint', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .alterTable('visits')
      .addColumn('updated_at', 'bigint', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.createIndex('visits_by_engineer_id').on('visits').columns(['engineer_id', 'state']).execute();
    await db.schema.createIndex('visits_by_ticket_id').on('visits').column('ticket_id').execute();

    for (const [table, columns] of Object.entries(TABLES)) {
      let create = db.schema.createTable(table).addColumn('id', type('id'), (c) => c.primaryKey());
      for (const [name, kind, nullable] of columns) {
        create = create.addColumn(name, type(kind), (c) => (nullable ? c : c.notNull()));
      }
      await create.addColumn('version', 'bigint', (c) => c.notNull()).execute();
      await db.schema.createIndex(`${table}_by_version`).on(table).columns(['version', 'id']).execute();
    }
    await db.schema.createIndex('working_hours_by_engineer_id').on('working_hours').column('engineer_id').execute();
    await db.schema.createIndex('time_off_by_engineer_id').on('time_off').column('engineer_id').execute();
    await db.schema.createIndex('work_types_by_code').on('work_types').column('code').execute();
  }
  return { up };
}
