import type Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TABLES, type RowOf, type TableName } from '../../core/entities.js';
import { tableColumns } from '../../core/schema/columns.js';
import { SAMPLE_ROWS, withNulls } from '../../core/test-support/sample-rows.js';
import { openDatabase } from '../../replica/open-store.js';
import { createRowStore } from '../../replica/rows.js';
import { BACKENDS, testDatabases } from '../test-support/backends.js';
import { fromDbRecord } from './rows.js';
import { openServerDb } from './connect.js';
import { migrateToLatest } from './migrations/index.js';
import { putRow } from '../sync/server-tx.js';

/**
 * Every field of every synced table survives the trip through each store — the desk's SQLite replica, the
 * server on SQLite and the server on PostgreSQL — with one column mapping (core/schema/columns.ts): booleans
 * stay booleans, JSON stays JSON, a null stays null, a large number stays exact.
 */
const TABLE_NAMES = Object.keys(TABLES) as TableName[];
const nullableOf = (table: TableName) =>
  tableColumns(table)
    .filter((c) => c.nullable)
    .map((c) => c.key);
const variants = (table: TableName): RowOf<TableName>[] => [
  SAMPLE_ROWS[table],
  withNulls(SAMPLE_ROWS[table], nullableOf(table)),
];

describe('the samples cover every field', () => {
  it.each(TABLE_NAMES)('%s: the sample sets every field and obeys the schema', (table) => {
    expect(Object.keys(SAMPLE_ROWS[table]).sort()).toEqual(Object.keys(TABLES[table].shape).sort());
    for (const row of variants(table)) expect(TABLES[table].safeParse(row).error).toBeUndefined();
  });

  it('there is a boolean, a JSON and a nullable number among the synced fields', () => {
    const kinds = TABLE_NAMES.flatMap((t) => tableColumns(t));
    expect(kinds.some((c) => c.kind === 'bool')).toBe(true);
    expect(kinds.some((c) => c.kind === 'json')).toBe(true);
    expect(kinds.some((c) => c.kind === 'int' && c.nullable)).toBe(true);
  });
});

describe('the desk replica', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pult-round-trip-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(TABLE_NAMES)('%s: every field comes back as it was written', (table) => {
    const db: Database.Database = openDatabase(join(dir, `${table}.sqlite`));
    try {
      const rows = createRowStore(db);
      for (const row of variants(table)) {
        rows.put(table, row);
        expect(rows.get(table, row.id)).toEqual(row);
        expect(rows.find(table, { id: row.id } as never)).toEqual([row]);
      }
    } finally {
      db.close();
    }
  });
});

describe.each(BACKENDS)('the server on %s', (backend) => {
  const databases = testDatabases();

  it('every field of every table comes back as it was written', async () => {
    const database = openServerDb(await databases.url(backend));
    try {
      await migrateToLatest(database);
      let version = 0;
      for (const table of TABLE_NAMES) {
        for (const row of variants(table)) {
          version += 1;
          await putRow(database.db, table, row, version);
          const name: TableName = table;
          const record = await database.db.selectFrom(name).selectAll().where('id', '=', row.id).executeTakeFirst();
          expect(fromDbRecord(table, record!), `${table} on ${backend}`).toEqual(row);
        }
      }
    } finally {
      await database.close();
    }
  });
});
