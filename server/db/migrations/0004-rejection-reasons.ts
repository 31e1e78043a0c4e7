import type { Kysely } from 'kysely';

/**
 * A rejection keeps the rule's reason (core/result.ts, Reason) beside its English message, as JSON, so a desk
 * can tell its user why in the user's language. Null for rejections without one, and for older rows.
 */
export function migration0004() {
  // Kysely<any>: a migration runs against the schema as it was at that step, not against today's ServerDb.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async function up(db: Kysely<any>): Promise<void> {
    await db.schema.alterTable('rejections').addColumn('reason', 'text').execute();
  }
  return { up };
}
