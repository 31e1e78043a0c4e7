import type { Database, Statement } from 'better-sqlite3';
import { TABLES, type RowOf, type TableName } from '../../core/entities.js';
import { PRIORITIES } from '../../core/entities.js';
import { plateKey } from '../../core/plate.js';

/**
 * Generic row access for the synced tables: the one place that maps core's camelCase rows to the store's
 * snake_case columns. Mutations and (later) pulled changes both write through here, so same-row derived
 * columns (plate_key, priority_rank) are computed in one place.
 */
const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

type Column = Readonly<{ key: string; column: string; kind: 'json' | 'bool' | 'plain' }>;

function columnsOf(table: TableName): readonly Column[] {
  const shape = TABLES[table].shape as Record<string, unknown>;
  return Object.keys(shape).map((key) => ({
    key,
    column: snake(key),
    kind: key === 'roles' ? 'json' : key === 'active' || key === 'public' ? 'bool' : 'plain',
  }));
}

const COLUMNS = Object.fromEntries((Object.keys(TABLES) as TableName[]).map((t) => [t, columnsOf(t)])) as Record<
  TableName,
  readonly Column[]
>;

/** Same-row derived columns: computed wherever a row is written, so every write path stores the same thing. */
const DERIVED: Readonly<
  Partial<Record<TableName, Readonly<Record<string, (row: Record<string, unknown>) => unknown>>>>
> = {
  vehicles: { plate_key: (row) => plateKey(String(row.plate)) },
  tickets: { priority_rank: (row) => PRIORITIES.indexOf(row.priority as (typeof PRIORITIES)[number]) },
};

/** The columns a row of `table` is written to: its synced fields, then its derived columns. */
export function storeColumns(table: TableName): readonly string[] {
  return [...COLUMNS[table].map((c) => c.column), ...Object.keys(DERIVED[table] ?? {})];
}

/** A row's values in `storeColumns` order. */
export function storeValues(table: TableName, row: Record<string, unknown>): unknown[] {
  const values: unknown[] = COLUMNS[table].map((c) => {
    const value = row[c.key];
    if (value === undefined) return null;
    return c.kind === 'json' ? JSON.stringify(value) : c.kind === 'bool' ? (value ? 1 : 0) : value;
  });
  for (const derive of Object.values(DERIVED[table] ?? {})) values.push(derive(row));
  return values;
}

export function fromDb<T extends TableName>(table: T, record: Record<string, unknown>): RowOf<T> {
  const out: Record<string, unknown> = {};
  for (const c of COLUMNS[table]) {
    const value = record[c.column];
    out[c.key] = c.kind === 'json' ? JSON.parse(String(value)) : c.kind === 'bool' ? value === 1 : value;
  }
  return out as RowOf<T>;
}

export type RowStore = Readonly<{
  get<T extends TableName>(table: T, id: string): RowOf<T> | undefined;
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
  return {
    get(table, id) {
      const record = read(table, id);
      return record ? fromDb(table, record) : undefined;
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
