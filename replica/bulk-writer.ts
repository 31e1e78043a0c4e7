import type { Database, Statement } from 'better-sqlite3';
import type { RowOf, TableName } from '../core/entities.js';
import { storeColumns, storeValues } from './rows.js';

/**
 * Multi-row INSERTs for the bulk load, writing exactly what `createRowStore().put` writes (both take their
 * columns and values from rows.ts), so the triggers still keep client_name, status_kind, paid_total and the
 * FTS index.
 *
 * Why not put(): every statement that fires triggers runs in a statement savepoint, and FTS5 flushes its
 * pending terms to a new segment at every savepoint. One ticket per statement means one FTS segment per
 * ticket and merge work that grows with the index: 100k single-row inserts took minutes. A few hundred
 * rows per statement make one segment per batch. generate.test.ts checks this writer against put().
 */
/** Rows per statement: well under SQLite's 32 766 bound parameters for the widest table (tickets, 23). */
const BATCH = 500;

export class BulkWriter {
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
    let buffer = this.pending.get(table);
    if (!buffer) this.pending.set(table, (buffer = { values: [], rows: 0 }));
    for (const v of storeValues(table, row as Record<string, unknown>)) buffer.values.push(v);
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
      const cols = storeColumns(table);
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
