import type { RowOf, TableName } from '../entities.js';
import type { FindOptions, RowAccess, Where } from '../mutation.js';
import { SEED_STATUS_MODEL, type StatusModel } from '../tickets/status-model.js';

/**
 * A store in memory with the semantics of the real ones (SQLite on the desk, SQLite or PostgreSQL on the
 * server), for testing mutators by the thousand. The real stores run the same mutators in their own suites.
 */
export type MemoryStore = RowAccess &
  Readonly<{
    put<T extends TableName>(table: T, row: RowOf<T>): void;
    /** Every row, as JSON per `table/id`: compare two snapshots to see what a mutation changed. */
    snapshot(): Map<string, string>;
    /** A copy to run a mutation against, so a refused one leaves nothing behind (as a rolled-back transaction). */
    fork(): MemoryStore;
  }>;

export function createMemoryStore(
  initial: ReadonlyMap<TableName, ReadonlyMap<string, unknown>> = new Map(),
  model: StatusModel = SEED_STATUS_MODEL,
): MemoryStore {
  const tables = new Map<TableName, Map<string, unknown>>();
  for (const [table, rows] of initial) tables.set(table, new Map(rows));
  const rowsOf = (table: TableName) => {
    let rows = tables.get(table);
    if (!rows) tables.set(table, (rows = new Map()));
    return rows;
  };
  // Rows are plain JSON data (core has no structuredClone: it is a host global).
  const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
  const matches = (row: Record<string, unknown>, where: Record<string, unknown>) =>
    Object.entries(where).every(([key, value]) =>
      value === undefined ? true : Array.isArray(value) ? value.includes(row[key]) : row[key] === value,
    );
  const store: MemoryStore = {
    async get(table, id) {
      const row = rowsOf(table).get(id);
      return row === undefined ? undefined : (clone(row) as RowOf<typeof table>);
    },
    async find<T extends TableName>(table: T, where: Where<T>, options: FindOptions<T> = {}) {
      const found = [...rowsOf(table).values()].filter((r) =>
        matches(r as Record<string, unknown>, where as Record<string, unknown>),
      ) as Record<string, unknown>[];
      for (const [key, dir] of [...(options.orderBy ?? [])].reverse()) {
        found.sort((a, b) => {
          const x = a[key] as number | string;
          const y = b[key] as number | string;
          return (x < y ? -1 : x > y ? 1 : 0) * (dir === 'desc' ? -1 : 1);
        });
      }
      return clone(found.slice(0, options.limit ?? found.length)) as RowOf<T>[];
    },
    async write(table, row) {
      rowsOf(table).set((row as { id: string }).id, clone(row));
    },
    async remove(table, id) {
      rowsOf(table).delete(id);
    },
    async statusModel() {
      return model;
    },
    put(table, row) {
      rowsOf(table).set((row as { id: string }).id, clone(row));
    },
    snapshot() {
      const out = new Map<string, string>();
      for (const [table, rows] of tables) for (const [id, row] of rows) out.set(`${table}/${id}`, JSON.stringify(row));
      return out;
    },
    fork() {
      return createMemoryStore(tables, model);
    },
  };
  return store;
}
