import { sql } from 'kysely';
import { debtOf, NO_DEBT, type Debt } from '../../core/debt.js';
import type { RowOf, TableName } from '../../core/entities.js';
import type { MutationTx } from '../../core/mutations.js';
import { STATUS_KINDS, type StatusKind, type StatusModel } from '../../core/status-model.js';
import { fromDbRecord, toDbRecord, toInt } from '../db/rows.js';
import type { Backend, Db } from '../db/schema.js';

/**
 * The mutators' view of the server database inside one push transaction. The caller has already taken the
 * server_version row lock (transactions.ts, push.ts), so every read here sees the last committed writer and
 * no other writer runs until this one commits: two desks claiming one callback cannot both win.
 *
 * The version is taken lazily, on the first write: a mutation that changes nothing (a claim of one's own
 * ticket, a status set to itself) commits no version and wakes no desk.
 */
export type ServerMutationTx = MutationTx & {
  /** The version this transaction's writes carry, or null when it wrote nothing. */
  readonly version: () => number | null;
};

export function loadStatusModel(tx: Db): Promise<StatusModel> {
  return Promise.all([
    tx.selectFrom('statuses').selectAll().orderBy('position').execute(),
    tx.selectFrom('status_transitions').selectAll().execute(),
  ]).then(([statuses, transitions]) => ({
    statuses: statuses.map((s) => ({
      code: s.code,
      position: toInt(s.position),
      kind: asStatusKind(s.kind),
      nameRu: s.name_ru,
      nameEn: s.name_en,
      color: s.color,
    })),
    transitions: transitions.map((t) => ({ from: t.from_status, to: t.to_status })),
  }));
}

function asStatusKind(kind: string): StatusKind {
  if ((STATUS_KINDS as readonly string[]).includes(kind)) return kind as StatusKind;
  throw new Error(`Status kind "${kind}" in the database is not one of ${STATUS_KINDS.join(', ')}`);
}

/** Takes the next version under the row lock; the caller's transaction holds it until commit. */
export async function takeVersion(tx: Db): Promise<number> {
  const row = await tx
    .updateTable('server_version')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('id', '=', 1)
    .returning('version')
    .executeTakeFirstOrThrow();
  return toInt(row.version);
}

/**
 * Blocks until no other push transaction holds the version row, and keeps it locked until commit. On
 * SQLite the IMMEDIATE transaction already holds the database's only write lock.
 */
export async function lockVersion(tx: Db, backend: Backend): Promise<void> {
  if (backend === 'postgres') {
    await tx.selectFrom('server_version').select('version').where('id', '=', 1).forUpdate().execute();
  }
}

export async function putRow(tx: Db, table: TableName, row: Readonly<Record<string, unknown>>, version: number) {
  const record: Record<string, unknown> = { ...toDbRecord(table, row), version };
  const { id: _id, ...update } = record;
  await tx
    .insertInto(table)
    .values(record as { id: string; version: number })
    .onConflict((oc) => oc.column('id').doUpdateSet(update))
    .execute();
}

type DebtRecord = { amount: unknown; resolved_at: unknown; paid: unknown };

export function createServerTx(tx: Db, context: Readonly<{ now: number; userId: string | null }>): ServerMutationTx {
  let version: number | null = null;
  let statusModel: StatusModel | null = null;
  return {
    now: context.now,
    userId: context.userId,
    version: () => version,
    async get<T extends TableName>(table: T, id: string): Promise<RowOf<T> | undefined> {
      const name: TableName = table; // widened: Kysely cannot resolve columns through the generic T
      const record = await tx.selectFrom(name).selectAll().where('id', '=', id).executeTakeFirst();
      return record ? fromDbRecord(table, record) : undefined;
    },
    async put(table, row) {
      version ??= await takeVersion(tx);
      await putRow(tx, table, row, version);
    },
    async statusModel() {
      statusModel ??= await loadStatusModel(tx);
      return statusModel;
    },
    async nextTicketNumber() {
      const { rows } = await sql<{ n: unknown }>`select coalesce(max(number), 0) + 1 as n from tickets`.execute(tx);
      return toInt(rows[0]?.n ?? 1);
    },
    // core/debt.ts in SQL: completed paid tickets whose payments fall short of the amount. debtOf() then
    // applies the rule once more, so core stays the one definition of "unpaid".
    async clientDebt(clientId): Promise<Debt> {
      const { rows } = await sql<DebtRecord>`
        select t.amount, t.resolved_at,
               coalesce((select sum(p.amount) from payments p where p.ticket_id = t.id), 0) as paid
        from tickets t join statuses s on s.code = t.status
        where t.client_id = ${clientId} and t.billing = 'paid' and s.kind = 'completed'
          and coalesce((select sum(p.amount) from payments p where p.ticket_id = t.id), 0) < t.amount`.execute(tx);
      if (rows.length === 0) return NO_DEBT;
      return debtOf(
        rows.map((r) => ({
          billing: 'paid',
          statusKind: 'completed',
          amount: toInt(r.amount),
          paid: toInt(r.paid),
          completedAt: r.resolved_at === null ? null : toInt(r.resolved_at),
        })),
      );
    },
  };
}
