import { sql, type Kysely } from 'kysely';
import type { Backend } from '../schema.js';

/**
 * Tombstones: a deleted row leaves `(tbl, id, version)` behind, so a pull after the cursor can tell desks
 * that the row is gone (docs/sync.md, Deletes). One per row (the key is the row's), its version the
 * deletion's. `tombstones_by_version` is the pull's walk: (version, tbl, id) order, a seek per page.
 * Kept forever for now: a desk with any cursor still learns of every deletion after it.
 */
export function migration0005(backend: Backend) {
  // Byte order on PostgreSQL too, so the page's (version, tbl, id) seek and the desk's view of it agree.
  const text = backend === 'postgres' ? sql`text collate "C"` : sql`text`;
  // Kysely<any>: a migration runs against the schema as it was at that step, not against today's ServerDb.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async function up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('tombstones')
      .addColumn('tbl', text, (c) => c.notNull())
      .addColumn('id', text, (c) => c.notNull())
      .addColumn('version', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('tombstones_pk', ['tbl', 'id'])
      .execute();
    await db.schema.createIndex('tombstones_by_version').on('tombstones').columns(['version', 'tbl', 'id']).execute();
  }
  return { up };
}
