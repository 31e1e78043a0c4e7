import { sql } from 'kysely';
import type { z } from 'zod';
import { describe, expect, test } from 'vitest';
import Database from 'better-sqlite3';
import { TABLES, type TableName } from '../../core/entities.js';
import { SEED_STATUS_MODEL, type Transition } from '../../core/tickets/status-model.js';
import { TABLE_NAMES } from '../../core/sync-protocol.js';
import { BACKENDS, testDatabases } from '../test-support/backends.js';
import { loadStatusModel, putRow } from '../sync/server-tx.js';
import { openServerDb, parseInt8, type ServerDatabase } from './connect.js';
import { migrateToLatest } from './migrations/index.js';
import { tableColumns } from '../../core/schema/columns.js';
import { FRESH_PAYMENT } from '../../core/money/tables.js';
import { fromDbRecord } from './rows.js';
import { inTransaction } from './transactions.js';

/**
 * The server schema against core/entities.ts: a field in core without its column (or with the wrong
 * nullability) would make a mutator's write fail on one backend only, so both are checked.
 */
const databases = testDatabases();

type ColumnInfo = { name: string; nullable: boolean };

async function columnsOf(database: ServerDatabase, table: string): Promise<ColumnInfo[]> {
  if (database.backend === 'sqlite') {
    const { rows } = await sql<{
      name: string;
      notnull: number;
      pk: number;
    }>`select * from pragma_table_info(${table})`.execute(database.db);
    return rows.map((r) => ({ name: r.name, nullable: r.notnull === 0 && r.pk === 0 }));
  }
  const { rows } = await sql<{ column_name: string; is_nullable: string }>`
    select column_name, is_nullable from information_schema.columns where table_name = ${table}`.execute(database.db);
  return rows.map((r) => ({ name: r.column_name, nullable: r.is_nullable === 'YES' }));
}

async function indexesOf(database: ServerDatabase): Promise<string[]> {
  const { rows } =
    database.backend === 'sqlite'
      ? await sql<{ name: string }>`select name from sqlite_schema where type = 'index'`.execute(database.db)
      : await sql<{ name: string }>`select indexname as name from pg_indexes where schemaname = 'public'`.execute(
          database.db,
        );
  return rows.map((r) => r.name);
}

describe.each(BACKENDS)('schema on %s', (backend) => {
  async function open() {
    const database = openServerDb(await databases.url(backend));
    await migrateToLatest(database);
    return database;
  }

  test('every field of every synced table has its column, nullable exactly when core allows null, plus a version', async () => {
    const database = await open();
    try {
      for (const table of TABLE_NAMES) {
        const actual = await columnsOf(database, table);
        const expected = [
          ...tableColumns(table).map((c) => ({
            name: c.column,
            nullable: (TABLES[table].shape as Record<string, z.ZodType>)[c.key]?.safeParse(null).success ?? false,
          })),
          { name: 'version', nullable: false },
        ];
        expect(
          actual.sort((a, b) => a.name.localeCompare(b.name)),
          table,
        ).toEqual(expected.sort((a, b) => a.name.localeCompare(b.name)));
      }
      const indexes = await indexesOf(database);
      for (const table of TABLE_NAMES) expect(indexes).toContain(`${table}_by_version`);
    } finally {
      await database.close();
    }
  });

  test("migrating again changes nothing, and the seeded status model is core's", async () => {
    const database = await open();
    try {
      const again = await migrateToLatest(database);
      expect(again.results).toEqual([]);
      // Rows come back in storage order (PostgreSQL moves an updated row to the end), so compare them sorted.
      const model = await loadStatusModel(database.db);
      const byEnds = (a: Transition, b: Transition) => `${a.from}>${a.to}`.localeCompare(`${b.from}>${b.to}`);
      expect({ ...model, transitions: [...model.transitions].sort(byEnds) }).toEqual({
        ...SEED_STATUS_MODEL,
        transitions: [...SEED_STATUS_MODEL.transitions].sort(byEnds),
      });
    } finally {
      await database.close();
    }
  });

  test('large integers (kopecks, milliseconds) come back as exact numbers, and booleans and JSON as such', async () => {
    const database = await open();
    try {
      const employee = {
        id: crypto.randomUUID(),
        name: 'Тест',
        roles: ['admin', 'engineer'],
        sipExtension: null,
        color: '#000000',
        active: false,
      };
      const payment = {
        id: crypto.randomUUID(),
        ticketId: crypto.randomUUID(),
        amount: 99_999_999_999,
        paidAt: 4_102_444_800_000,
        by: null,
        ...FRESH_PAYMENT,
        cancelledAt: 4_102_444_800_001,
      };
      await inTransaction(database, 'write', async (tx) => {
        await putRow(tx, 'employees', employee, 9_007_199_254_740_000);
        await putRow(tx, 'payments', payment, 3_000_000_000);
      });
      const read = async (table: TableName, id: string) => {
        const r = await database.db.selectFrom(table).selectAll().where('id', '=', id).executeTakeFirstOrThrow();
        return { row: fromDbRecord(table, r), version: r.version };
      };
      expect(await read('employees', employee.id)).toEqual({ row: employee, version: 9_007_199_254_740_000 });
      expect(await read('payments', payment.id)).toEqual({ row: payment, version: 3_000_000_000 });
    } finally {
      await database.close();
    }
  });
});

describe('opening a database', () => {
  test('a BIGINT beyond 2^53 is an error, not a rounded number', () => {
    expect(parseInt8('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => parseInt8('9007199254740993')).toThrow(/does not fit/);
  });

  test("a desk's replica or another application's SQLite file is refused untouched", async () => {
    const url = await databases.url('sqlite');
    const path = url.slice('sqlite:'.length);
    const foreign = new Database(path);
    foreign.exec('CREATE TABLE notes (x TEXT)');
    foreign.close();
    expect(() => openServerDb(url)).toThrow(/not a Pult server database/);
    const again = new Database(path);
    expect(again.prepare('SELECT name FROM sqlite_schema').all()).toEqual([{ name: 'notes' }]);
    again.close();
  });

  test('an unknown database URL is refused with what would work', () => {
    expect(() => openServerDb('mysql://x')).toThrow(/sqlite:PATH or postgres:\/\//);
  });
});
