import { Migrator } from 'kysely';
import { describe, expect, test } from 'vitest';
import { createSecretBox, mailboxPasswordContext } from '../../secrets/server-key.js';
import { BACKENDS, testDatabases } from '../../test-support/backends.js';
import { openServerDb } from '../connect.js';
import { migrateToLatest, migrationsFor } from './index.js';

/**
 * Migration 0016: mailbox passwords an older server stored in clear are sealed with the server's key, once;
 * without the key the step refuses and leaves the clear value as it was (never a half-migrated database).
 */
const databases = testDatabases();
const secrets = createSecretBox(Buffer.alloc(32, 9));

const MAILBOX = {
  enabled: true,
  host: 'mail.example.by',
  port: 993,
  security: 'tls',
  user: 'pbx@example.by',
  folder: 'INBOX',
  pattern: 'Номер: (?<number>\\S*)',
  timeFormat: null,
  timeZone: 'Europe/Minsk',
  sampleMessage: null,
};

describe.each(BACKENDS)('migration 0016 on %s', (backend) => {
  async function atStep15() {
    const database = openServerDb(await databases.url(backend));
    const migrator = new Migrator({
      db: database.db,
      provider: { getMigrations: async () => migrationsFor(backend, null) },
    });
    const result = await migrator.migrateTo('0015-calls-by-callback');
    expect(result.error).toBeUndefined();
    const rows = [
      { id: 'office', mailbox: JSON.stringify({ ...MAILBOX, password: 'пароль офиса' }) },
      { id: 'depot', mailbox: null },
    ];
    for (const row of rows) {
      await database.db
        .insertInto('pbxes')
        .values({ ...row, name: row.id, token_hash: 'x', token_issued_at: 1, created_at: 1 })
        .execute();
    }
    return database;
  }
  const stored = async (database: Awaited<ReturnType<typeof atStep15>>) =>
    (await database.db.selectFrom('pbxes').select(['id', 'mailbox']).orderBy('id').execute()).map((r) => ({
      id: r.id,
      mailbox: r.mailbox === null ? null : (JSON.parse(r.mailbox) as Record<string, unknown>),
    }));

  test('a clear password is sealed for its own PBX, the rest of the settings untouched, and a rerun changes nothing', async () => {
    const database = await atStep15();
    try {
      await migrateToLatest(database, { secrets });
      const [depot, office] = await stored(database);
      expect(depot).toEqual({ id: 'depot', mailbox: null });
      const password = office!.mailbox!.password as string;
      expect(password).not.toContain('пароль');
      expect(secrets.open(password, mailboxPasswordContext('office'))).toBe('пароль офиса');
      expect(office!.mailbox).toEqual({ ...MAILBOX, password });
      await migrateToLatest(database, { secrets });
      expect((await stored(database))[1]!.mailbox!.password).toBe(password);
    } finally {
      await database.close();
    }
  });

  test('without the server key the step refuses by name and the stored value stays as it was', async () => {
    const database = await atStep15();
    try {
      await expect(migrateToLatest(database)).rejects.toThrow(/0016-sealed-mailbox-passwords.*server key/);
      expect((await stored(database))[1]!.mailbox!.password).toBe('пароль офиса');
    } finally {
      await database.close();
    }
  });
});
