import { sql, type Kysely } from 'kysely';
import type { Backend } from '../schema.js';

/**
 * The PBXs that report calls to the server without a desk (server/calls/): each has a webhook token (only
 * its SHA-256 is kept, like session tokens) and, optionally, the mailbox its missed-call e-mails arrive in.
 *
 * - `pbxes.mailbox` is the mailbox settings as JSON (server/calls/pbx-registry.ts parses it with its zod
 *   schema). The IMAP password is in it in clear: the server must present it to the mail server, so a hash
 *   would not do; the admin routes never return it.
 * - `pbx_calls` is the webhook's per-call state (newCall → answer → hangup arrive as separate requests), kept
 *   in the database so that every server instance on one PostgreSQL sees the same call, and a restart between
 *   newCall and hangup still turns them into one event. Rows older than a day are pruned
 *   (`pbx_calls_by_updated_at`).
 * - `pbx_mail_unmatched` holds the messages a PBX's pattern did not match: left unseen in the mailbox, listed
 *   here for the admin until a better pattern reads them.
 */
export function migration0007(backend: Backend) {
  const id = backend === 'postgres' ? sql`text collate "C"` : sql`text`;
  // Kysely<any>: a migration runs against the schema as it was at that step, not against today's ServerDb.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async function up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('pbxes')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.notNull())
      .addColumn('token_issued_at', 'bigint', (c) => c.notNull())
      .addColumn('mailbox', 'text')
      .addColumn('mailbox_checked_at', 'bigint')
      .addColumn('mailbox_error', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('pbx_calls')
      .addColumn('pbx_id', id, (c) => c.notNull().references('pbxes.id'))
      .addColumn('call_id', id, (c) => c.notNull())
      .addColumn('direction', 'text', (c) => c.notNull())
      .addColumn('from_number', 'text', (c) => c.notNull())
      .addColumn('to_number', 'text')
      .addColumn('queue', 'text')
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('cause', 'text')
      .addColumn('started_at', 'bigint', (c) => c.notNull())
      .addColumn('answered_at', 'bigint')
      .addColumn('answered_by', 'text')
      .addColumn('ended_at', 'bigint')
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('pbx_calls_pk', ['pbx_id', 'call_id'])
      .execute();
    await db.schema.createIndex('pbx_calls_by_updated_at').on('pbx_calls').column('updated_at').execute();

    await db.schema
      .createTable('pbx_mail_unmatched')
      .addColumn('pbx_id', id, (c) => c.notNull().references('pbxes.id'))
      .addColumn('message_key', id, (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('first_seen_at', 'bigint', (c) => c.notNull())
      .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('pbx_mail_unmatched_pk', ['pbx_id', 'message_key'])
      .execute();
  }
  return { up };
}
