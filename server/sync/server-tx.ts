import type { RowOf, TableName } from '../../core/entities.js';
import type { RowAccess } from '../../core/mutation.js';
import { runMutation } from '../../core/mutations.js';
import { snakeCase } from '../../core/schema/columns.js';
import { STATUS_KINDS, type StatusKind, type StatusModel } from '../../core/tickets/status-model.js';
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
export type ServerMutationTx = Readonly<{
  /** Runs one mutation authoritatively; returns its parsed arguments. */
  run(name: string, args: unknown): Promise<unknown>;
  /** The version this transaction's writes carry, or null when it wrote nothing. */
  version(): number | null;
}>;

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
    transitions: transitions.map((t) => ({
      from: t.from_status,
      to: t.to_status,
      ...(toInt(t.on_full_payment) === 1 ? { onFullPayment: true } : {}),
    })),
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

/**
 * Deletes a synced row and leaves its tombstone under `version`. A tombstone already there (a forged
 * re-creation of a deleted id, deleted again) takes the newer version: one per row, always the last deletion.
 */
export async function removeRow(tx: Db, table: TableName, id: string, version: number) {
  await tx.deleteFrom(table).where('id', '=', id).execute();
  await tx
    .insertInto('tombstones')
    .values({ tbl: table, id, version })
    .onConflict((oc) => oc.columns(['tbl', 'id']).doUpdateSet({ version }))
    .execute();
}

/**
 * The versions one request hands out, counted in memory under the version row's lock (`startVersions` takes it
 * before any mutation runs: FOR UPDATE on PostgreSQL, the IMMEDIATE transaction on SQLite) and written back once
 * with `saveVersions`: one statement per request instead of one per mutation.
 */
export type VersionCounter = { readonly start: number; current: number };

export async function startVersions(tx: Db, backend: Backend): Promise<VersionCounter> {
  let query = tx.selectFrom('server_version').select('version').where('id', '=', 1);
  // On SQLite the IMMEDIATE transaction already holds the database's only write lock.
  if (backend === 'postgres') query = query.forUpdate();
  const row = await query.executeTakeFirstOrThrow();
  const start = toInt(row.version);
  return { start, current: start };
}

export async function saveVersions(tx: Db, versions: VersionCounter): Promise<void> {
  if (versions.current === versions.start) return;
  await tx.updateTable('server_version').set({ version: versions.current }).where('id', '=', 1).execute();
}

export function createServerTx(
  tx: Db,
  context: Readonly<{ now: number; userId: string | null; system?: boolean }>,
  /** Without a counter, the mutation takes its version from the version row itself. */
  versions?: VersionCounter,
): ServerMutationTx {
  let version: number | null = null;
  const nextVersion = async () => (versions ? ++versions.current : await takeVersion(tx));
  let statusModel: StatusModel | null = null;
  const access: RowAccess = {
    async get<T extends TableName>(table: T, id: string): Promise<RowOf<T> | undefined> {
      const name: TableName = table; // widened: Kysely cannot resolve columns through the generic T
      const record = await tx.selectFrom(name).selectAll().where('id', '=', id).executeTakeFirst();
      return record ? fromDbRecord(table, record) : undefined;
    },
    async find(table, where, options = {}) {
      const name: TableName = table;
      // Kysely's column types cannot follow a table chosen at run time; the names come from core's schema.
      let query = tx.selectFrom(name).selectAll() as unknown as DynamicQuery;
      for (const [key, value] of Object.entries(where as Record<string, unknown>)) {
        if (value === undefined) continue;
        const column = snakeCase(key);
        if (Array.isArray(value)) {
          if (value.length === 0) return [];
          query = query.where(column, 'in', value);
        } else if (value === null) {
          query = query.where(column, 'is', null);
        } else {
          query = query.where(column, '=', typeof value === 'boolean' ? (value ? 1 : 0) : value);
        }
      }
      for (const [key, dir] of options.orderBy ?? []) query = query.orderBy(snakeCase(key), dir);
      if (options.limit !== undefined) query = query.limit(Math.max(0, Math.floor(options.limit)));
      const records = (await query.execute()) as Record<string, unknown>[];
      return records.map((r) => fromDbRecord(table, r));
    },
    async write(table, row) {
      version ??= await nextVersion();
      await putRow(tx, table, row, version);
    },
    async remove(table, id) {
      version ??= await nextVersion();
      await removeRow(tx, table, id, version);
    },
    async statusModel() {
      statusModel ??= await loadStatusModel(tx);
      return statusModel;
    },
  };
  return {
    version: () => version,
    run: (name, args) => runMutation(access, { ...context, location: 'server' }, name, args),
  };
}

/** The slice of Kysely's select builder `find` uses, with column names as plain strings. */
type DynamicQuery = {
  where(column: string, op: 'in' | 'is' | '=', value: unknown): DynamicQuery;
  orderBy(column: string, dir: 'asc' | 'desc'): DynamicQuery;
  limit(n: number): DynamicQuery;
  execute(): Promise<unknown[]>;
};
