import { z } from 'zod';
import { TABLES, type RowOf, type TableName } from '../../core/entities.js';

/**
 * The one place where core's camelCase rows meet the server's snake_case columns. Columns and their kinds
 * are derived from the zod schemas of core/entities.ts, so a field added there maps without a second list
 * (its column still needs a migration; schema.test.ts says so when it is missing).
 */
export type ColumnKind = 'json' | 'bool' | 'int' | 'text';
export type Column = Readonly<{ key: string; column: string; kind: ColumnKind }>;

export const snakeCase = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function kindOf(schema: z.ZodType): ColumnKind {
  let inner: z.ZodType = schema;
  while (inner instanceof z.ZodNullable || inner instanceof z.ZodOptional || inner instanceof z.ZodDefault) {
    inner = inner.unwrap() as z.ZodType;
  }
  if (inner instanceof z.ZodBoolean) return 'bool';
  if (inner instanceof z.ZodNumber) return 'int';
  if (inner instanceof z.ZodArray || inner instanceof z.ZodObject || inner instanceof z.ZodRecord) return 'json';
  return 'text';
}

function columnsOf(table: TableName): readonly Column[] {
  const shape = TABLES[table].shape as Record<string, z.ZodType>;
  return Object.entries(shape).map(([key, schema]) => ({ key, column: snakeCase(key), kind: kindOf(schema) }));
}

export const COLUMNS = Object.fromEntries(
  (Object.keys(TABLES) as TableName[]).map((t) => [t, columnsOf(t)]),
) as Readonly<Record<TableName, readonly Column[]>>;

/**
 * A database integer as a JS number. pg's BIGINT already arrives as a number (connect.ts), but aggregates
 * such as sum() come back as NUMERIC strings, and a driver may hand over a bigint.
 */
export function toInt(value: unknown): number {
  const n =
    typeof value === 'number' ? value : typeof value === 'bigint' || typeof value === 'string' ? Number(value) : NaN;
  if (!Number.isSafeInteger(n)) throw new RangeError(`Expected an integer from the database, got ${String(value)}`);
  return n;
}

export function toDbRecord(table: TableName, row: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of COLUMNS[table]) {
    const value = row[c.key];
    if (value === undefined || value === null) out[c.column] = null;
    else if (c.kind === 'json') out[c.column] = JSON.stringify(value);
    else if (c.kind === 'bool') out[c.column] = value ? 1 : 0;
    else out[c.column] = value;
  }
  return out;
}

export function fromDbRecord<T extends TableName>(table: T, record: Readonly<Record<string, unknown>>): RowOf<T> {
  const out: Record<string, unknown> = {};
  for (const c of COLUMNS[table]) {
    const value = record[c.column];
    if (value === null || value === undefined) out[c.key] = null;
    else if (c.kind === 'json') out[c.key] = JSON.parse(String(value));
    else if (c.kind === 'bool') out[c.key] = toInt(value) === 1;
    else if (c.kind === 'int') out[c.key] = toInt(value);
    else out[c.key] = value;
  }
  // The shape is core's by construction (same keys, same kinds); rows only enter through the mutators.
  return out as RowOf<T>;
}
