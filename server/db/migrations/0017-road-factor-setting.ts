import type { Kysely } from 'kysely';

/**
 * The road factor becomes a company setting beside the average speed (hundredths: 130 is 1.3). Rows already
 * there take the factor the map used until now.
 *
 * Numbered 17: 16 is the sealed mailbox passwords, 13 another branch's (see 0010's note on order).
 */
export function migration0017() {
  // Kysely<any>: a migration runs against the schema as it was at that step, not against today's ServerDb.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async function up(db: Kysely<any>): Promise<void> {
    await db.schema
      .alterTable('planning_settings')
      .addColumn('road_factor_percent', 'integer', (c) => c.notNull().defaultTo(130))
      .execute();
  }
  return { up };
}
