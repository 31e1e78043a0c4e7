import { sql } from 'kysely';
import { describe, expect, test } from 'vitest';
import { BACKENDS, testDatabases } from '../../test-support/backends.js';
import { openServerDb } from '../connect.js';
import { migrateToLatest } from './index.js';

/**
 * Migration 0007 (PBXs): one call state per PBX and call id, whatever the backend, and the daily pruning of
 * call states walks its index rather than the table.
 */
const databases = testDatabases();

describe.each(BACKENDS)('migration 0007 on %s', (backend) => {
  async function open() {
    const database = openServerDb(await databases.url(backend));
    await migrateToLatest(database);
    return database;
  }

  test('a call id is one call state per PBX, and a call state needs a PBX that exists', async () => {
    const database = await open();
    try {
      const { db } = database;
      for (const id of ['office', 'depot']) {
        await db
          .insertInto('pbxes')
          .values({ id, name: id, token_hash: 'x', token_issued_at: 1, mailbox: null, created_at: 1 })
          .execute();
      }
      const call = (pbx_id: string) => ({
        pbx_id,
        call_id: 'same-call',
        direction: 'in',
        from_number: '+375291234567',
        state: 'ringing',
        started_at: 1,
        updated_at: 1,
      });
      await db.insertInto('pbx_calls').values(call('office')).execute();
      await db.insertInto('pbx_calls').values(call('depot')).execute();
      await expect(db.insertInto('pbx_calls').values(call('office')).execute()).rejects.toThrow();
      if (backend === 'postgres') {
        // SQLite enforces foreign keys only with PRAGMA foreign_keys, which the server does not turn on.
        await expect(db.insertInto('pbx_calls').values(call('nowhere')).execute()).rejects.toThrow();
      }
    } finally {
      await database.close();
    }
  });

  test('pruning old call states uses pbx_calls_by_updated_at', async () => {
    const database = await open();
    try {
      if (backend === 'sqlite') {
        const { rows } = await sql<{ detail: string }>`
          explain query plan delete from pbx_calls where updated_at < ${1000}`.execute(database.db);
        expect(rows.map((r) => r.detail).join('\n')).toContain('USING COVERING INDEX pbx_calls_by_updated_at');
      } else {
        const { rows } = await sql<{ indexname: string; indexdef: string }>`
          select indexname, indexdef from pg_indexes where tablename = 'pbx_calls'`.execute(database.db);
        expect(rows.find((r) => r.indexname === 'pbx_calls_by_updated_at')?.indexdef).toContain('(updated_at)');
      }
    } finally {
      await database.close();
    }
  });
});
