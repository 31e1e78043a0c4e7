import { z } from 'zod';
import { TABLES, type RowOf, type TableName } from '../entities.js';
import { assertNever } from '../result.js';

/**
 * How a synced table's fields are stored, derived from its zod schema: the one function that desk and server
 * both use, so a new field maps the same way on both sides without a second list. Booleans are stored as
 * 0/1 (SQLite has no boolean, and better-sqlite3 refuses to bind `true`), arrays and objects as JSON text,
 * numbers as integers, everything else as text.
 */
export type ColumnKind = 'json' | 'bool' | 'int' | 'text';
export type Column = Readonly<{ key: string; column: string; kind: ColumnKind; nullable: boolean }>;

export const snakeCase = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function unwrap(schema: z.ZodType): { inner: z.ZodType; nullable: boolean } {
  let inner: z.ZodType = schema;
  let nullable = false;
  while (inner instanceof z.ZodNullable || inner instanceof z.ZodOptional || inner instanceof z.ZodDefault) {
    if (!(inner instanceof z.ZodDefault)) nullable = true;
    inner = inner.unwrap() as z.ZodType;
  }
  return { inner, nullable };
}

export function kindOf(schema: z.ZodType): ColumnKind {
  const type = unwrap(schema).inner.def.type;
  switch (type) {
    case 'boolean':
      return 'bool';
    case 'number':
      return 'int';
    case 'array':
    case 'object':
    case 'record':
      return 'json';
    case 'string':
    case 'enum':
    case 'literal':
      return 'text';
    default:
      // A kind this function does not know must fail loudly at start-up, not store something a peer cannot read.
      throw new Error(`No column kind for a ${type} field`);
  }
}

export function columnsOf(shape: Readonly<Record<string, z.ZodType>>): readonly Column[] {
  return Object.entries(shape).map(([key, schema]) => ({
    key,
    column: snakeCase(key),
    kind: kindOf(schema),
    nullable: unwrap(schema).nullable,
  }));
}

/** A row's value as stored in a column (SQLite and PostgreSQL alike take these). */
export function toColumnValue(column: Column, value: unknown): unknown {
  if (value === undefined || value === null) return null;
  switch (column.kind) {
    case 'json':
      return JSON.stringify(value);
    case 'bool':
      return value ? 1 : 0;
    case 'int':
    case 'text':
      return value;
    default:
      return assertNever(column.kind, 'column kind');
  }
}

/**
 * A database integer as a JS number. pg's BIGINT arrives as a number when configured so, but aggregates come
 * back as NUMERIC strings and a driver may hand over a bigint.
 */
export function toInt(value: unknown): number {
  const n =
    typeof value === 'number' ? value : typeof value === 'bigint' || typeof value === 'string' ? Number(value) : NaN;
  if (!Number.isSafeInteger(n)) throw new RangeError(`Expected an integer from the database, got ${String(value)}`);
  return n;
}

/** A stored column value back in the row's shape. */
export function fromColumnValue(column: Column, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (column.kind) {
    case 'json':
      return JSON.parse(String(value));
    case 'bool':
      return toInt(value) === 1;
    case 'int':
      return toInt(value);
    case 'text':
      return value;
    default:
      return assertNever(column.kind, 'column kind');
  }
}

const TABLE_COLUMNS = Object.fromEntries(
  (Object.keys(TABLES) as TableName[]).map((t) => [t, columnsOf(TABLES[t].shape as Record<string, z.ZodType>)]),
) as Readonly<Record<TableName, readonly Column[]>>;

/** The stored columns of a synced table, in schema order. */
export function tableColumns(table: TableName): readonly Column[] {
  return TABLE_COLUMNS[table];
}

/** A row as a record of column values (snake_case keys). */
export function toRecord(table: TableName, row: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of TABLE_COLUMNS[table]) out[c.column] = toColumnValue(c, row[c.key]);
  return out;
}

/** A stored record back as a row. The shape is core's by construction: rows only enter through the mutators. */
export function fromRecord<T extends TableName>(table: T, record: Readonly<Record<string, unknown>>): RowOf<T> {
  const out: Record<string, unknown> = {};
  for (const c of TABLE_COLUMNS[table]) out[c.key] = fromColumnValue(c, record[c.column]);
  return out as RowOf<T>;
}
