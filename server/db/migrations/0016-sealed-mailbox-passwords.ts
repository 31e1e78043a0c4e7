import type { Kysely } from 'kysely';
import { isSealed, mailboxPasswordContext, type SecretBox } from '../../secrets/server-key.js';

export class MissingServerKeyError extends Error {
  override readonly name = 'MissingServerKeyError';
}

/**
 * PBX mailbox passwords were stored in clear inside `pbxes.mailbox` (JSON); from here on they are sealed with
 * the server's key (server/secrets/server-key.ts), and this step seals the ones already there, in the same
 * transaction as the rest of the migration. It needs the key only when there is something to seal.
 *
 * Numbered 16: 15 is the index that came first on the same branch; 11 to 14 are other branches' (see 0010).
 */
export function migration0016(secrets: SecretBox | null) {
  // Kysely<any>: a migration runs against the schema as it was at that step, not against today's ServerDb.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async function up(db: Kysely<any>): Promise<void> {
    const rows = (await db
      .selectFrom('pbxes')
      .select(['id', 'mailbox'])
      .where('mailbox', 'is not', null)
      .execute()) as {
      id: string;
      mailbox: string;
    }[];
    for (const row of rows) {
      const mailbox = JSON.parse(row.mailbox) as Record<string, unknown>;
      if (typeof mailbox.password !== 'string' || isSealed(mailbox.password)) continue;
      if (!secrets) {
        throw new MissingServerKeyError('Sealing the stored PBX mailbox passwords needs the server key');
      }
      const password = secrets.seal(mailbox.password, mailboxPasswordContext(row.id));
      await db
        .updateTable('pbxes')
        .set({ mailbox: JSON.stringify({ ...mailbox, password }) })
        .where('id', '=', row.id)
        .execute();
    }
  }
  return { up };
}
