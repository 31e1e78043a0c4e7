import type { Database } from 'better-sqlite3';
import type { TableName } from '../../core/entities.js';
import type { RowAccess } from '../../core/mutation.js';
import { canonicalMutationName, runMutation, type MutationName } from '../../core/mutations.js';
import type { StatusModel } from '../../core/tickets/status-model.js';
import { createRowStore } from '../../replica/rows.js';

/** `mutationId` is the outbox entry, null on a desk without a server (nothing is queued there). */
export type AppliedMutation = Readonly<{ mutationId: number | null; tables: readonly TableName[] }>;

export type OutboxEntry = Readonly<{ mutationId: number; name: string; args: unknown; createdAt: number }>;

/** One mutation of a group: its name and arguments. */
export type GroupedMutation = Readonly<{ name: MutationName; args: unknown }>;

/** How one group of `runGroups` ended: all its mutations applied, or none of them and why. */
export type GroupResult = Readonly<{ ok: true } | { ok: false; error: unknown }>;

export type LocalMutationRunner = Readonly<{
  /**
   * Applies a mutation to the replica and appends it to the outbox in ONE SQLite transaction: when this
   * resolves, the change is on disk (WAL, synchronous=FULL) and will be pushed; when it rejects, nothing
   * was written.
   */
  run(name: MutationName, args: unknown): Promise<AppliedMutation>;
  /**
   * Re-applies outbox entries on top of the current replica, inside the caller's transaction (the pull's
   * rebase). An entry that fails now has no local effect; the server will reject it and say why.
   */
  replay(entries: readonly OutboxEntry[]): Promise<ReadonlySet<TableName>>;
  /**
   * Many groups of mutations in ONE SQLite transaction (an import: a few hundred rows per commit instead of one
   * commit per mutation). Each group is planned by its thunk inside the transaction, so it sees what earlier
   * groups wrote, and applied under a savepoint: a group whose planning or any mutation fails leaves nothing,
   * and the others still commit. Every mutation is its own outbox entry, as if run one by one.
   */
  runGroups(
    groups: readonly (() => Promise<readonly GroupedMutation[]>)[],
    check?: (name: MutationName) => void,
  ): Promise<Readonly<{ results: readonly GroupResult[]; tables: readonly TableName[] }>>;
  /** Runs `work` when no mutation is in flight, so a pull never lands in the middle of one. */
  exclusive<T>(work: () => Promise<T> | T): Promise<T>;
}>;

type Context = Readonly<{
  now(): number;
  userId(): string | null;
  statusModel(): StatusModel;
  /**
   * Whether changes are queued for a server (outbox and pre-images). A desk without a server does not queue:
   * its file is the truth, and nothing would ever drain the queue.
   */
  queue: boolean;
}>;

export function createLocalRunner(db: Database, context: Context): LocalMutationRunner {
  const rows = createRowStore(db);
  const stmts = {
    begin: db.prepare('BEGIN IMMEDIATE'),
    commit: db.prepare('COMMIT'),
    rollback: db.prepare('ROLLBACK'),
    savepoint: db.prepare('SAVEPOINT replay'),
    release: db.prepare('RELEASE replay'),
    rollbackTo: db.prepare('ROLLBACK TO replay'),
    outbox: db.prepare('INSERT INTO outbox (name, args, created_at) VALUES (?, ?, ?)'),
    // The first touch of a row by a pending mutation keeps its pre-image; later touches keep the first.
    shadow: db.prepare('INSERT INTO sync_shadow (tbl, id, row) VALUES (?, ?, ?) ON CONFLICT (tbl, id) DO NOTHING'),
  };

  /** Runs one mutator against the replica, keeping pre-images; the caller owns the transaction. */
  const apply = (name: string, args: unknown, now: number, touched: Set<TableName>) => {
    const access: RowAccess = {
      get: async (table, id) => rows.get(table, id),
      find: async (table, where, options) => rows.find(table, where, options),
      write: async (table, row) => {
        touched.add(table);
        // The shadow keeps the first pre-image only (DO NOTHING on conflict), so writing it after the row is fine.
        const before = rows.put(table, row);
        if (context.queue) stmts.shadow.run(table, (row as { id: string }).id, before ? JSON.stringify(before) : null);
      },
      // A delete keeps the pre-image like an update: a pull puts the row back, applies the server's rows and
      // deletions, and the replay deletes it again (or fails, when the server has meanwhile deleted it).
      remove: async (table, id) => {
        touched.add(table);
        const before = rows.get(table, id);
        rows.delete(table, id);
        if (context.queue) stmts.shadow.run(table, id, before ? JSON.stringify(before) : null);
      },
      statusModel: async () => context.statusModel(),
    };
    return runMutation(access, { now, userId: context.userId(), location: 'desk' }, name, args);
  };

  // Mutators are async (the server runs them against PostgreSQL), but every call here completes
  // synchronously; the queue still keeps two concurrent calls from interleaving inside one transaction.
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T> | T): Promise<T> => {
    const result = queue.then(work);
    queue = result.catch(() => undefined);
    return result;
  };

  return {
    exclusive,
    run(name, args) {
      return exclusive(async () => {
        const touched = new Set<TableName>();
        const now = context.now();
        stmts.begin.run();
        try {
          // The outbox keeps the parsed arguments under the current name: a replay never depends on defaults.
          const parsed = await apply(name, args, now, touched);
          const mutationId = context.queue
            ? Number(stmts.outbox.run(canonicalMutationName(name) ?? name, JSON.stringify(parsed), now).lastInsertRowid)
            : null;
          stmts.commit.run();
          return { mutationId, tables: [...touched] };
        } catch (error) {
          if (db.inTransaction) stmts.rollback.run();
          throw error;
        }
      });
    },
    runGroups(groups, check) {
      return exclusive(async () => {
        const touched = new Set<TableName>();
        const now = context.now();
        const results: GroupResult[] = [];
        stmts.begin.run();
        try {
          for (const plan of groups) {
            stmts.savepoint.run();
            try {
              for (const m of await plan()) {
                check?.(m.name);
                const parsed = await apply(m.name, m.args, now, touched);
                if (context.queue)
                  stmts.outbox.run(canonicalMutationName(m.name) ?? m.name, JSON.stringify(parsed), now);
              }
              stmts.release.run();
              results.push({ ok: true });
            } catch (error) {
              stmts.rollbackTo.run();
              stmts.release.run();
              results.push({ ok: false, error });
            }
          }
          stmts.commit.run();
          return { results, tables: [...touched] };
        } catch (error) {
          if (db.inTransaction) stmts.rollback.run();
          throw error;
        }
      });
    },
    async replay(entries) {
      const touched = new Set<TableName>();
      for (const entry of entries) {
        stmts.savepoint.run();
        try {
          await apply(entry.name, entry.args, entry.createdAt, touched);
          stmts.release.run();
        } catch {
          stmts.rollbackTo.run();
          stmts.release.run();
        }
      }
      return touched;
    },
  };
}
