import type { Database } from 'better-sqlite3';
import { TABLES, type TableName } from '../../core/entities.js';
import { TABLE_NAMES, type PullResponse } from '../../core/sync-protocol.js';
import { BulkWriter } from '../../replica/bulk-writer.js';
import { createRowStore } from '../../replica/rows.js';
import type { LocalMutationRunner, OutboxEntry } from '../mutations/local-runner.js';
import type { Settings } from './desk-settings.js';
import { SyncHttpError } from './transport.js';

/** Outbox rows as the runner replays them and the push sends them. */
export const outboxEntries = (records: unknown[]): OutboxEntry[] =>
  (records as { mutation_id: number; name: string; args: string; created_at: number }[]).map((r) => ({
    mutationId: r.mutation_id,
    name: r.name,
    args: JSON.parse(r.args) as unknown,
    createdAt: r.created_at,
  }));

/**
 * Where rows that came without a pull (a live poke, a push's answer) must start, or nothing is written: the
 * desk's cursor, and for a live poke, which acknowledges nothing, an empty outbox too.
 */
export type RowsFrom = Readonly<{ cursor: number; acknowledges: boolean }>;

export type PageApplier = (
  page: PullResponse,
  last: boolean,
  bulk: boolean,
  from?: RowsFrom,
) => Promise<ReadonlySet<TableName>>;

/**
 * What the server sent, written into the replica (docs/sync.md, The desk): one page of a pull, or rows that stand
 * in for its last page, in one local transaction that puts the pending mutations back on top of them.
 */
export function createPageApplier(
  deps: Readonly<{
    db: Database;
    runner: LocalMutationRunner;
    settings: Settings;
    now: () => number;
    /** The version the replica has fully applied (`sync.cursor`). */
    cursorNow: () => number;
    /** The outbox id this desk identity numbers its mutations from (`mutation_id - base` on the wire). */
    base: () => number;
    closed: () => boolean;
  }>,
): PageApplier {
  const { db, runner, settings, now, cursorNow } = deps;
  const rows = createRowStore(db);
  const stmts = {
    pending: db.prepare('SELECT count(*) AS n FROM outbox'),
    outboxAll: db.prepare('SELECT mutation_id, name, args, created_at FROM outbox ORDER BY mutation_id'),
    dropAcked: db.prepare('DELETE FROM outbox WHERE mutation_id <= ?'),
    anyAcked: db.prepare('SELECT 1 FROM outbox WHERE mutation_id <= ? LIMIT 1'),
    begin: db.prepare('BEGIN IMMEDIATE'),
    commit: db.prepare('COMMIT'),
    shadows: db.prepare('SELECT tbl, id, row FROM sync_shadow'),
    clearShadows: db.prepare('DELETE FROM sync_shadow'),
  };

  /**
   * Applies one page: restore pre-images, apply the server's deletions and rows, drop what is acknowledged,
   * replay. A pending mutation that changes a row the server has deleted fails in the replay and so has no
   * local effect; the server rejects it (not-found) and the user is told why.
   */
  return async function applyPage(
    page: PullResponse,
    last: boolean,
    bulk: boolean,
    /** For rows that came without a pull: where they must start; anywhere else, nothing is written and it throws. */
    from?: RowsFrom,
  ): Promise<ReadonlySet<TableName>> {
    // Validate everything before writing anything: a malformed page changes nothing.
    const changes = page.changes.map((c) => {
      const parsed = TABLES[c.table].safeParse(c.row);
      if (!parsed.success) {
        throw new SyncHttpError(502, 'malformed-response', `The server sent a malformed ${c.table} row`);
      }
      return { table: c.table, row: parsed.data };
    });
    return runner.exclusive(async () => {
      const touched = new Set<TableName>();
      if (deps.closed()) return touched;
      // A live poke acknowledges nothing, so it is applied only with an empty outbox: a pending mutation whose
      // push the server applied but whose answer was lost would otherwise be replayed on top of its own rows.
      if (
        from !== undefined &&
        (from.cursor !== cursorNow() || (!from.acknowledges && (stmts.pending.get() as { n: number }).n > 0))
      ) {
        throw new Error('The rows do not start where this desk is');
      }
      // Nothing new, nothing acknowledged, cursor where it was (the usual answer to another desk's poke, or
      // to the timer): no write at all.
      if (
        changes.length === 0 &&
        page.deletions.length === 0 &&
        (!last || (page.cursor === cursorNow() && !stmts.anyAcked.get(page.lastMutationId + deps.base())))
      ) {
        return touched;
      }
      // What a pull writes is the server's, and can be pulled again: its commit need not wait for the disk
      // (WAL with synchronous=NORMAL loses at most the last commits on power loss, never consistency; the
      // cursor goes back with the rows). The user's own changes keep FULL (main/mutations/local-runner.ts).
      if (!bulk) db.pragma('synchronous = NORMAL');
      stmts.begin.run();
      try {
        for (const shadow of stmts.shadows.all() as { tbl: TableName; id: string; row: string | null }[]) {
          touched.add(shadow.tbl);
          if (shadow.row === null) rows.delete(shadow.tbl, shadow.id);
          else rows.put(shadow.tbl, JSON.parse(shadow.row) as never);
        }
        stmts.clearShadows.run();
        // The server's deletions before its rows, as it sends them (docs/sync.md, Deletes). A row this desk
        // never had (a first sync) is simply not there to delete.
        for (const deletion of page.deletions) {
          touched.add(deletion.table);
          rows.delete(deletion.table, deletion.id);
        }
        if (bulk) {
          // An empty desk's first sync: a few hundred rows per statement (see replica/bulk-writer.ts).
          const writer = new BulkWriter(db, { upsert: true });
          for (const change of changes) {
            touched.add(change.table);
            writer.add(change.table, change.row as never);
          }
          writer.flushAll(TABLE_NAMES);
        } else {
          for (const change of changes) {
            touched.add(change.table);
            rows.put(change.table, change.row as never);
          }
        }
        if (last) {
          stmts.dropAcked.run(page.lastMutationId + deps.base());
          settings.set('sync.cursor', String(page.cursor));
          settings.set('sync.last_sync_at', String(now()));
        }
        for (const table of await runner.replay(outboxEntries(stmts.outboxAll.all()))) touched.add(table);
        stmts.commit.run();
      } catch (error) {
        if (db.inTransaction) db.prepare('ROLLBACK').run();
        throw error;
      } finally {
        if (!bulk && db.open) db.pragma('synchronous = FULL');
      }
      return touched;
    });
  };
}
