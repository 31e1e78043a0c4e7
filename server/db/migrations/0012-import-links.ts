import { sql, type Kysely } from 'kysely';
import type { Backend } from '../schema.js';

/**
 * `import_links`, a new synced table: which local row each imported source row (Okdesk account, file) became.
 * `import_links_by_version` is the pull's walk, as for every synced table; `import_links_by_external_id` is the
 * import's look-up inside a push; `import_links_by_local_id` answers "was this ticket imported".
 *
 * Numbered 12 although the server's previous step is 10: step 11 is being written on another branch at the
 * same time. Kysely applies steps in name order and refuses one older than the last applied, so the steps must
 * be merged in order before any database is migrated past 10.
 */
export function migration0012(backend: Backend) {
  const id = backend === 'postgres' ? sql`text collate "C"` : sql`text`;
  // Kysely<any>: a migration runs against the schema as it was at that step, not against today's ServerDb.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async function up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('import_links')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('entity', 'text', (c) => c.notNull())
      .addColumn('external_id', 'text', (c) => c.notNull())
      .addColumn('local_id', id, (c) => c.notNull())
      .addColumn('version', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('import_links_by_version').on('import_links').columns(['version', 'id']).execute();
    await db.schema
      .createIndex('import_links_by_external_id')
      .on('import_links')
      .columns(['source', 'entity', 'external_id'])
      .execute();
    await db.schema.createIndex('import_links_by_local_id').on('import_links').column('local_id').execute();
  }
  return { up };
}
