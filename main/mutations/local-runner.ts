import type { Database } from 'better-sqlite3';
import type { TableName } from '../../core/entities.js';
import { debtOf, NO_DEBT, type Debt } from '../../core/debt.js';
import { runMutation, type MutationName, type MutationTx } from '../../core/mutations.js';
import type { StatusModel } from '../../core/status-model.js';
import { createRowStore } from '../store/rows.js';
import { UNPAID_CONDITION } from '../queries/ticket-grid.js';

export type AppliedMutation = Readonly<{ mutationId: number; tables: readonly TableName[] }>;

export type LocalMutationRunner = Readonly<{
  /**
   * Applies a mutation to the replica and appends it to the outbox in ONE SQLite transaction: when this
   * resolves, the change is on disk (WAL, synchronous=FULL) and will be pushed; when it rejects, nothing
   * was written.
   */
  run(name: MutationName, args: unknown): Promise<AppliedMutation>;
}>;

export function createLocalRunner(
  db: Database,
  context: Readonly<{ now(): number; userId(): string | null; statusModel(): StatusModel }>,
): LocalMutationRunner {
  const rows = createRowStore(db);
  const stmts = {
    begin: db.prepare('BEGIN IMMEDIATE'),
    commit: db.prepare('COMMIT'),
    rollback: db.prepare('ROLLBACK'),
    nextNumber: db.prepare('SELECT coalesce(max(number), 0) + 1 AS n FROM tickets'),
    unpaid: db.prepare(
      `SELECT t.billing, t.status_kind, t.amount, t.paid_total, t.resolved_at FROM tickets t
       INDEXED BY tickets_unpaid_by_client_id WHERE t.client_id = ? AND ${UNPAID_CONDITION}`,
    ),
    outbox: db.prepare('INSERT INTO outbox (name, args, created_at) VALUES (?, ?, ?)'),
  };

  const clientDebt = (clientId: string): Debt => {
    const records = stmts.unpaid.all(clientId) as {
      billing: 'paid' | 'warranty';
      status_kind: 'completed';
      amount: number;
      paid_total: number;
      resolved_at: number | null;
    }[];
    if (records.length === 0) return NO_DEBT;
    return debtOf(
      records.map((r) => ({
        billing: r.billing,
        statusKind: r.status_kind,
        amount: r.amount,
        paid: r.paid_total,
        completedAt: r.resolved_at,
      })),
    );
  };

  // Mutators are async (the server runs them against PostgreSQL), but every call here completes
  // synchronously; the queue still keeps two concurrent calls from interleaving inside one transaction.
  let queue: Promise<unknown> = Promise.resolve();

  const runNow = async (name: MutationName, args: unknown): Promise<AppliedMutation> => {
    const touched = new Set<TableName>();
    const tx: MutationTx = {
      now: context.now(),
      userId: context.userId(),
      get: async (table, id) => rows.get(table, id),
      put: async (table, row) => {
        touched.add(table);
        rows.put(table, row);
      },
      statusModel: async () => context.statusModel(),
      nextTicketNumber: async () => (stmts.nextNumber.get() as { n: number }).n,
      clientDebt: async (clientId) => clientDebt(clientId),
    };
    stmts.begin.run();
    try {
      await runMutation(tx, name, args);
      const info = stmts.outbox.run(name, JSON.stringify(args), tx.now);
      stmts.commit.run();
      return { mutationId: Number(info.lastInsertRowid), tables: [...touched] };
    } catch (error) {
      if (db.inTransaction) stmts.rollback.run();
      throw error;
    }
  };

  return {
    run(name, args) {
      const result = queue.then(() => runNow(name, args));
      queue = result.catch(() => undefined);
      return result;
    },
  };
}
