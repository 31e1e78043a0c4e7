import type { RowOf, TableName } from '../../core/entities.js';
import { rowMatches, type FindOptions, type RowAccess, type Where } from '../../core/mutation.js';
import { SEED_STATUS_MODEL } from '../../core/tickets/status-model.js';

/**
 * The store the demo runs the callback mutators against: rows in memory, with an index on each field a
 * `find` compares (built on first use, kept up to date on write), so tens of thousands of calls take well
 * under a second. The rows it ends with are written to the replica by the bulk writer, as every other demo
 * row is. Rows are handed out as stored: mutators copy a row before changing it, never change it in place.
 */
export type DemoLedger = RowAccess &
  Readonly<{
    put<T extends TableName>(table: T, row: RowOf<T>): void;
    rows<T extends TableName>(table: T): readonly RowOf<T>[];
  }>;

export function createDemoLedger(): DemoLedger {
  const tables = new Map<TableName, Map<string, Record<string, unknown>>>();
  /** table → field → value → ids. */
  const indexes = new Map<TableName, Map<string, Map<unknown, Set<string>>>>();
  /**
   * table → "field dir" → the first row of the whole table in that order (`nextTicketNumber`'s question),
   * kept as rows arrive; dropped when that row itself changes or goes, and found again by a scan.
   */
  const firsts = new Map<TableName, Map<string, Record<string, unknown>>>();
  const rowsOf = (table: TableName) => {
    let rows = tables.get(table);
    if (!rows) tables.set(table, (rows = new Map()));
    return rows;
  };
  const indexOf = (table: TableName, field: string) => {
    let byField = indexes.get(table);
    if (!byField) indexes.set(table, (byField = new Map()));
    let index = byField.get(field);
    if (!index) {
      index = new Map();
      for (const [id, row] of rowsOf(table)) add(index, row[field], id);
      byField.set(field, index);
    }
    return index;
  };
  const add = (index: Map<unknown, Set<string>>, value: unknown, id: string) => {
    let ids = index.get(value);
    if (!ids) index.set(value, (ids = new Set()));
    ids.add(id);
  };
  const compare = (key: string, dir: 'asc' | 'desc') => (a: Record<string, unknown>, b: Record<string, unknown>) => {
    const x = a[key] as number | string;
    const y = b[key] as number | string;
    return (x < y ? -1 : x > y ? 1 : 0) * (dir === 'desc' ? -1 : 1);
  };
  const put = (table: TableName, row: Record<string, unknown>) => {
    const id = row.id as string;
    const rows = rowsOf(table);
    const before = rows.get(id);
    const cached = firsts.get(table);
    if (cached) {
      for (const [key, first] of cached) {
        const [field, dir] = key.split(' ') as [string, 'asc' | 'desc'];
        if (before && first.id === id) {
          // The first row changed: still first if its field did not move, otherwise unknown until a scan.
          if (row[field] === before[field]) cached.set(key, row);
          else cached.delete(key);
        } else if (compare(field, dir)(row, first) < 0) cached.set(key, row);
      }
    }
    for (const [field, index] of indexes.get(table) ?? []) {
      if (before) index.get(before[field])?.delete(id);
      add(index, row[field], id);
    }
    rows.set(id, row);
  };
  return {
    async get(table, id) {
      return rowsOf(table).get(id) as RowOf<typeof table> | undefined;
    },
    async find<T extends TableName>(table: T, where: Where<T>, options: FindOptions<T> = {}) {
      const conditions = Object.entries(where as Record<string, unknown>).filter(([, v]) => v !== undefined);
      const rows = rowsOf(table);
      const keyed = conditions.find(([, v]) => !Array.isArray(v));
      let found: Record<string, unknown>[];
      if (keyed) {
        const ids = indexOf(table, keyed[0]).get(keyed[1]) ?? new Set<string>();
        found = [...ids].map((id) => rows.get(id)!).filter((r) => rowMatches(r, where as Record<string, unknown>));
      } else {
        found = [...rows.values()].filter((r) => rowMatches(r, where as Record<string, unknown>));
      }
      const order = options.orderBy ?? [];
      const [first] = order;
      if (conditions.length === 0 && options.limit === 1 && order.length === 1 && first) {
        let cached = firsts.get(table);
        if (!cached) firsts.set(table, (cached = new Map()));
        const key = `${first[0]} ${first[1]}`;
        let best = cached.get(key);
        if (!best) {
          const cmp = compare(first[0], first[1]);
          for (const row of rows.values()) if (!best || cmp(row, best) < 0) best = row;
          if (best) cached.set(key, best);
        }
        return (best ? [best] : []) as RowOf<T>[];
      }
      if (options.limit === 1 && order.length === 1 && first) {
        // The next ticket number and the latest callback: one pass, not a sort of every row.
        const cmp = compare(first[0], first[1]);
        const best = found.reduce<Record<string, unknown> | undefined>(
          (a, b) => (a && cmp(a, b) <= 0 ? a : b),
          undefined,
        );
        return (best ? [best] : []) as RowOf<T>[];
      }
      for (const [key, dir] of [...order].reverse()) found.sort(compare(key, dir));
      return found.slice(0, options.limit ?? found.length) as RowOf<T>[];
    },
    async write(table, row) {
      put(table, row as Record<string, unknown>);
    },
    async remove(table, id) {
      const before = rowsOf(table).get(id);
      firsts.delete(table);
      if (before) for (const [field, index] of indexes.get(table) ?? []) index.get(before[field])?.delete(id);
      rowsOf(table).delete(id);
    },
    async statusModel() {
      return SEED_STATUS_MODEL;
    },
    put(table, row) {
      put(table, row as Record<string, unknown>);
    },
    rows(table) {
      return [...rowsOf(table).values()] as RowOf<typeof table>[];
    },
  };
}
