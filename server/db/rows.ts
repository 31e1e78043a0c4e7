import type { RowOf, TableName } from '../../core/entities.js';
import { fromRecord, toInt, toRecord } from '../../core/schema/columns.js';

/**
 * Where core's camelCase rows meet the server's snake_case columns: core's one mapping (core/schema/columns.ts),
 * the same the desks use, so a field added to a table schema maps identically on both sides (its column still
 * needs a migration; schema.test.ts says so when it is missing).
 */
export { toInt };
export function toDbRecord(table: TableName, row: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return toRecord(table, row);
}

export function fromDbRecord<T extends TableName>(table: T, record: Readonly<Record<string, unknown>>): RowOf<T> {
  return fromRecord(table, record);
}
