import type { Database, Statement } from 'better-sqlite3';
import { PRIORITIES, TABLES, type RowOf, type TableName } from '../../core/entities.js';
import { plateKey } from '../../core/plate.js';

/**
 * Multi-row INSERTs for the bulk load, writing exactly the columns `createRowStore().put` writes (the same
 * camelCase → snake_case mapping, JSON roles, 0/1 booleans, and the same-row derived plate_key and
 * priority_rank), so the triggers still keep client_name, status_kind, paid_total and the FTS index.
 *
 * Why not put(): every statement that fires triggers runs in a statement savepoint, and FTS5 flushes its
 * pending terms to a new segment at every savepoint. One ticket per statement means one FTS segment per
 * ticket and merge work that grows with the index: 100k single-row inserts took minutes. A few hundred
 * rows per statement make one segment per batch. generate.test.ts checks this writer against put().
 */
const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

type Column = Readonly<{ key: string; kind: 'json' | 'bool' | 'plain' }>;

function columnsOf(table: TableName): readonly Column[] {
  return Object.keys(TABLES[table].shape).map((key) => ({
    key,
    kind: key === 'roles' ? 'json' : key === 'active' || key === 'public' ? 'bool' : 'plain',
  }));
}

function derivedColumns(table: TableName): readonly string[] {
  return table === 'vehicles' ? ['plate_key'] : table === 'tickets' ? ['priority_rank'] : [];
}

function derivedValues(table: TableName, row: Record<string, unknown>): unknown[] {
  if (table === 'vehicles') return [plateKey(String(row.plate))];
  if (table === 'tickets') return [PRIORITIES.indexOf(row.priority as (typeof PRIORITIES)[number])];
  return [];
}

/** Rows per statement: well under SQLite's 32 766 bound parameters for the widest table (tickets, 21). */
const BATCH = 500;

export class BulkWriter {
  private readonly columns = new Map<TableName, readonly Column[]>();
  /** Buffered rows per table, flattened: the statement takes the values of all its rows in one array. */
  private readonly pending = new Map<TableName, { values: unknown[]; rows: number }>();
  private readonly statements = new Map<string, Statement>();
  private rowsWritten = 0;

  /**
   * `upsert`: a row whose id exists is updated in place (a pull may bring a row the desk already has);
   * plain inserts otherwise (a fresh demo store).
   */
  constructor(
    private readonly db: Database,
    private readonly options: Readonly<{ upsert?: boolean }> = {},
  ) {}

  get written(): number {
    return this.rowsWritten;
  }

  add<T extends TableName>(table: T, row: RowOf<T>): void {
    let cols = this.columns.get(table);
    if (!cols) this.columns.set(table, (cols = columnsOf(table)));
    const record = row as Record<string, unknown>;
    let buffer = this.pending.get(table);
    if (!buffer) this.pending.set(table, (buffer = { values: [], rows: 0 }));
    const values = buffer.values;
    for (const c of cols) {
      const v = record[c.key];
      values.push(v === undefined ? null : c.kind === 'json' ? JSON.stringify(v) : c.kind === 'bool' ? (v ? 1 : 0) : v);
    }
    for (const v of derivedValues(table, record)) values.push(v);
    buffer.rows += 1;
    if (buffer.rows >= BATCH) this.flush(table);
  }

  /** Writes what is buffered for `table` (in the order it was added, so rowids follow that order). */
  flush(table: TableName): void {
    const buffer = this.pending.get(table);
    if (!buffer || buffer.rows === 0) return;
    this.pending.set(table, { values: [], rows: 0 });
    this.statement(table, buffer.rows).run(buffer.values);
    this.rowsWritten += buffer.rows;
  }

  /** Flushes every table, in the given order first (tickets before the rows whose triggers update them). */
  flushAll(order: readonly TableName[]): void {
    for (const t of order) this.flush(t);
    for (const t of this.pending.keys()) this.flush(t);
  }

  private statement(table: TableName, rows: number): Statement {
    const key = `${table}:${rows}`;
    let s = this.statements.get(key);
    if (!s) {
      const cols = [...columnsOf(table).map((c) => snake(c.key)), ...derivedColumns(table)];
      const tuple = `(${cols.map(() => '?').join(', ')})`;
      const conflict = this.options.upsert
        ? ` ON CONFLICT (id) DO UPDATE SET ${cols
            .filter((c) => c !== 'id')
            .map((c) => `${c} = excluded.${c}`)
            .join(', ')}`
        : '';
      s = this.db.prepare(
        `INSERT INTO ${table} (${cols.join(', ')}) VALUES ${Array(rows).fill(tuple).join(', ')}${conflict}`,
      );
      this.statements.set(key, s);
    }
    return s;
  }
}
