import type { Database, Statement } from 'better-sqlite3';
import { PRIORITIES, type RowOf, type TableName } from '../core/entities.js';
import type { FindOptions, Where } from '../core/mutation.js';
import { plateKey } from '../core/clients/plate.js';
import { sortKey } from '../core/sort-key.js';
import { fromRecord, snakeCase, tableColumns, toColumnValue } from '../core/schema/columns.js';

/**
 * Generic row access for the synced tables of a replica file. Column names and kinds come from core's one
 * mapping (core/schema/columns.ts), the same the server uses; this file adds only what is the replica's own:
 * same-row derived columns (plate_key, priority_rank, the sort keys), computed wherever a row is written, so every write path
 * (mutations, pulled changes, snapshots) stores the same thing.
 */

const DERIVED: Readonly<
  Partial<Record<TableName, Readonly<Record<string, (row: Record<string, unknown>) => unknown>>>>
> = {
  vehicles: { plate_key: (row) => plateKey(String(row.plate)) },
  clients: { name_key: (row) => sortKey(String(row.name)) },
  tickets: {
    priority_rank: (row) => PRIORITIES.indexOf(row.priority as (typeof PRIORITIES)[number]),
    title_key: (row) => sortKey(String(row.title)),
  },
};

/** The columns a row of `table` is written to: its synced fields, then its derived columns. */
export function storeColumns(table: TableName): readonly string[] {
  return [...tableColumns(table).map((c) => c.column), ...Object.keys(DERIVED[table] ?? {})];
}

/** A row's values in `storeColumns` order. */
export function storeValues(table: TableName, row: Record<string, unknown>): unknown[] {
  const values: unknown[] = tableColumns(table).map((c) => toColumnValue(c, row[c.key]));
  for (const derive of Object.values(DERIVED[table] ?? {})) values.push(derive(row));
  return values;
}

export const fromDb = fromRecord;

export type RowStore = Readonly<{
  get<T extends TableName>(table: T, id: string): RowOf<T> | undefined;
  /** Rows matching every field of `where` (an array value means "any of"), in the given order. */
  find<T extends TableName>(table: T, where: Where<T>, options?: FindOptions<T>): RowOf<T>[];
  /**
   * Insert, or update in place (an update keeps the local `seq`, so the FTS row and sort keys follow).
   * Returns the row it replaced, undefined when there was none (the mutation runner keeps it as the pre-image).
   */
  put<T extends TableName>(table: T, row: RowOf<T>): RowOf<T> | undefined;
  delete(table: TableName, id: string): void;
}>;

export function createRowStore(db: Database): RowStore {
  const cache = new Map<string, Statement>();
  const stmt = (key: string, sql: () => string) => {
    let s = cache.get(key);
    if (!s) {
      s = db.prepare(sql());
      cache.set(key, s);
    }
    return s;
  };
  const read = (table: TableName, id: string) =>
    stmt(`get:${table}`, () => `SELECT * FROM ${table} WHERE id = ?`).get(id) as Record<string, unknown> | undefined;
  const column = (table: TableName, key: string) => {
    const found = tableColumns(table).find((c) => c.key === key);
    if (!found) throw new Error(`${table} has no field ${key}`);
    return found;
  };
  return {
    get(table, id) {
      const record = read(table, id);
      return record ? fromDb(table, record) : undefined;
    },
    find(table, where, options = {}) {
      const conditions: string[] = [];
      const params: unknown[] = [];
      let hasList = false;
      for (const [key, value] of Object.entries(where as Record<string, unknown>)) {
        if (value === undefined) continue;
        const c = column(table, key);
        if (Array.isArray(value)) {
          if (value.length === 0) return [];
          hasList = true;
          conditions.push(`${c.column} IN (${value.map(() => '?').join(', ')})`);
          params.push(...value.map((v) => toColumnValue(c, v)));
        } else if (value === null) {
          conditions.push(`${c.column} IS NULL`);
        } else {
          conditions.push(`${c.column} = ?`);
          params.push(toColumnValue(c, value));
        }
      }
      const order = (options.orderBy ?? []).map(([key, dir]) => `${snakeCase(key)} ${dir === 'desc' ? 'DESC' : 'ASC'}`);
      const sql =
        `SELECT * FROM ${table}` +
        (conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '') +
        (order.length ? ` ORDER BY ${order.join(', ')}` : '') +
        (options.limit !== undefined ? ` LIMIT ${Math.max(0, Math.floor(options.limit))}` : '');
      // A list's length is part of the SQL: such statements are not cached, or the cache would grow without end.
      const statement = hasList ? db.prepare(sql) : stmt(`find:${sql}`, () => sql);
      return (statement.all(params) as Record<string, unknown>[]).map((r) => fromDb(table, r));
    },
    put(table, row) {
      const columns = storeColumns(table);
      const values = storeValues(table, row as Record<string, unknown>);
      const id = (row as { id: string }).id;
      const existing = read(table, id);
      if (!existing) {
        stmt(
          `insert:${table}`,
          () => `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
        ).run(values);
        return undefined;
      }
      // Only the columns whose value differs: "AFTER UPDATE OF" triggers (the text index, client_name,
      // status_kind) fire for every column named in SET, changed or not, and a re-index costs a millisecond.
      const changed: number[] = [];
      for (let i = 0; i < columns.length; i++) if (existing[columns[i]!] !== values[i]) changed.push(i);
      if (changed.length > 0) {
        const set = changed.map((i) => columns[i]!);
        stmt(`update:${table}:${set.join(',')}`, () => {
          return `UPDATE ${table} SET ${set.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`;
        }).run([...changed.map((i) => values[i]), id]);
      }
      return fromDb(table, existing);
    },
    delete(table, id) {
      stmt(`delete:${table}`, () => `DELETE FROM ${table} WHERE id = ?`).run(id);
    },
  };
}
