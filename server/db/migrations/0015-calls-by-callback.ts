import type { Kysely } from 'kysely';

/**
 * A callback's calls, found inside a push: when a client, contact or phone takes a number that has an open
 * callback, the calls of that callback become the client's (`linkCallbacksToPhones` in core/calls). Without
 * the index the server would read the whole calls table under the push's lock.
 *
 * Numbered 15: steps 11 to 14 are being written on other branches at the same time (see 0010's note on order).
 */
export function migration0015() {
  // Kysely<any>: a migration runs against the schema as it was at that step, not against today's ServerDb.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async function up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createIndex('calls_by_callback_ticket_id')
      .on('calls')
      .columns(['callback_ticket_id', 'started_at'])
      .execute();
  }
  return { up };
}
