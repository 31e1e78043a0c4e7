import { sql, type Kysely } from 'kysely';
import type { Backend } from '../schema.js';

/**
 * The version at which each desk mutation was applied. A pull reports a desk's last mutation *as of the
 * pull's upTo*: a mutation applied after upTo must not be acknowledged by that pull, or the desk would drop
 * it from its outbox before its rows arrive and the change would vanish from the desk until the next pull.
 */
export function migration0003(backend: Backend) {
  // Kysely<any>: a migration runs against the schema as it was at that step, not against today's ServerDb.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async function up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('desk_applied')
      .addColumn('desk_id', backend === 'postgres' ? sql`text collate "C"` : sql`text`, (c) => c.notNull())
      .addColumn('mutation_id', 'bigint', (c) => c.notNull())
      .addColumn('version', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('desk_applied_pk', ['desk_id', 'mutation_id'])
      .execute();
    await db.schema.createIndex('desk_applied_by_version').on('desk_applied').columns(['desk_id', 'version']).execute();
  }
  return { up };
}
