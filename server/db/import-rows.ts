import type { TableName } from '../../core/entities.js';
import { TABLE_NAMES } from '../../core/sync-protocol.js';
import { lockVersion, takeVersion } from '../sync/server-tx.js';
import type { ServerDatabase } from './connect.js';
import { tableColumns } from '../../core/schema/columns.js';
import { toDbRecord } from './rows.js';
import { inTransaction } from './transactions.js';

export type ImportedRow = Readonly<{ table: TableName; row: Readonly<Record<string, unknown>> }>;

/**
 * Rows that enter the server other than through a mutator (the demo, test fixtures): all of them in one
 * transaction under one new version, like a single giant push, so desks pull them as one change. Batches keep
 * each INSERT under both backends' parameter limits (SQLite 32,766; PostgreSQL 65,535).
 */
export async function importRows(
  database: ServerDatabase,
  rows: Iterable<ImportedRow> | AsyncIterable<ImportedRow>,
): Promise<number> {
  return inTransaction(database, 'write', async (tx) => {
    await lockVersion(tx, database.backend);
    const version = await takeVersion(tx);
    const batches = new Map<TableName, Record<string, unknown>[]>();
    const flush = async (table: TableName) => {
      const batch = batches.get(table);
      if (!batch?.length) return;
      batches.set(table, []);
      await tx
        .insertInto(table)
        .values(batch as { id: string; version: number }[])
        .execute();
    };
    for await (const { table, row } of rows) {
      const batch = batches.get(table) ?? [];
      batches.set(table, batch);
      batch.push({ ...toDbRecord(table, row), version });
      if (batch.length * (tableColumns(table).length + 1) >= 20_000) await flush(table);
    }
    for (const table of TABLE_NAMES) await flush(table);
    return version;
  });
}
