import type { z } from 'zod';
import type { Role, RowOf, TableName } from './entities.js';
import { PultError } from './result.js';
import type { StatusModel } from './tickets/status-model.js';

/**
 * The mutation framework: what a mutator may ask of the store it runs against. Desks run mutators against
 * their SQLite replica, the server against its database, through the same interface — so a rule such as
 * "one open callback per number" is ordinary mutator code, written and tested once.
 */

/** Equality on each named field; an array means "any of". An empty object matches every row. */
export type Where<T extends TableName> = { readonly [K in keyof RowOf<T>]?: RowOf<T>[K] | readonly RowOf<T>[K][] };

export type FindOptions<T extends TableName> = Readonly<{
  orderBy?: readonly (readonly [keyof RowOf<T> & string, 'asc' | 'desc'])[];
  limit?: number;
}>;

/** The raw row access a store provides; `createMutationTx` adds the rules every mutation obeys. */
export type RowAccess = Readonly<{
  get<T extends TableName>(table: T, id: string): Promise<RowOf<T> | undefined>;
  find<T extends TableName>(table: T, where: Where<T>, options?: FindOptions<T>): Promise<RowOf<T>[]>;
  /** Insert or replace the whole row. Only `createMutationTx` calls it, after its checks. */
  write<T extends TableName>(table: T, row: RowOf<T>): Promise<void>;
  /**
   * Remove a row that exists. Only `createMutationTx` calls it, after its checks. A store that syncs
   * remembers the deletion (the desk keeps the pre-image, the server a tombstone) so others learn of it.
   */
  remove(table: TableName, id: string): Promise<void>;
  statusModel(): Promise<StatusModel>;
}>;

export interface MutationTx {
  readonly now: number;
  readonly userId: string | null;
  /** Where this run happens: a desk's optimistic run or the server's authoritative one. */
  readonly location: 'desk' | 'server';
  /**
   * The server acting on its own behalf (a call the PBX reported), not on a person's push. Only the server's
   * own code sets it; a pushed mutation never runs as the system.
   */
  readonly system: boolean;
  get<T extends TableName>(table: T, id: string): Promise<RowOf<T> | undefined>;
  find<T extends TableName>(table: T, where: Where<T>, options?: FindOptions<T>): Promise<RowOf<T>[]>;
  /** Creates a row. Its id must be new: a clash is refused, never an overwrite of someone else's row. */
  insert<T extends TableName>(table: T, row: RowOf<T>): Promise<void>;
  /** Changes a row that exists. */
  update<T extends TableName>(table: T, row: RowOf<T>): Promise<void>;
  /** Deletes a row that exists; every desk learns that it is gone (docs/sync.md, Deletes). */
  delete(table: TableName, id: string): Promise<void>;
  statusModel(): Promise<StatusModel>;
}

export type RowRef = Readonly<{ table: TableName; id: string }>;

/**
 * Rows named by a rule rather than by id: the run may change a row of `table` only if the row, as it is
 * before the change, matches `where` (equality on each field; an array means "any of"). A missed call adds
 * to the open callback *found* for its number, which its arguments cannot name by id.
 */
export type RowRule<T extends TableName = TableName> = Readonly<{ table: T; where: Where<T> }>;

export const rule = <T extends TableName>(table: T, where: Where<T>): RowRule => ({ table, where }) as RowRule;

/**
 * The rows one run of a mutation may create, change and delete, named by its arguments. `deletes` may be left
 * out by the many mutators that never delete: then the run may delete nothing. `updatesWhere` adds the rows
 * a rule names; a rule must compare at least one field, so it can never mean "any row".
 */
export type Writes = Readonly<{
  creates: readonly RowRef[];
  updates: readonly RowRef[];
  deletes?: readonly RowRef[];
  updatesWhere?: readonly RowRule[];
}>;

/** Whether a row matches a `Where`: the one reading of it for rules, and the reference for the stores' `find`. */
export function rowMatches(row: Readonly<Record<string, unknown>>, where: Readonly<Record<string, unknown>>): boolean {
  return Object.entries(where).every(([key, value]) =>
    value === undefined ? true : Array.isArray(value) ? value.includes(row[key]) : row[key] === value,
  );
}

/**
 * A mutator: one named operation, the same record from the button to the server's log. `args` is also the
 * contract method's input; `roles` decides who may run it (the server enforces it, the desk hides what
 * the user cannot do); `writes` names every row it may touch, and the transaction refuses any other.
 */
export type Mutator<A extends z.ZodType = z.ZodType> = Readonly<{
  args: A;
  roles: readonly Role[];
  writes(args: z.output<A>): Writes;
  run(tx: MutationTx, args: z.output<A>): Promise<void>;
}>;

export function defineMutator<A extends z.ZodType>(mutator: Mutator<A>): Mutator<A> {
  return mutator;
}

export const ref = (table: TableName, id: string): RowRef => ({ table, id });

const key = (table: TableName, id: string) => `${table}/${id}`;

/**
 * Wraps a store's raw access with the rules of every mutation: a created row must not exist yet, a changed
 * or deleted row must exist, and none may be a row the mutation's `writes` does not name. Ids come from the
 * desk, so without these a signed-in user could reuse another row's id and overwrite or delete it.
 */
export function createMutationTx(
  access: RowAccess,
  context: Readonly<{ now: number; userId: string | null; location: 'desk' | 'server'; system?: boolean }>,
  writes: Writes,
): MutationTx {
  const creates = new Set(writes.creates.map((r) => key(r.table, r.id)));
  const updates = new Set(writes.updates.map((r) => key(r.table, r.id)));
  const deletes = new Set((writes.deletes ?? []).map((r) => key(r.table, r.id)));
  const rules = writes.updatesWhere ?? [];
  for (const r of rules) {
    if (!Object.values(r.where).some((v) => v !== undefined)) {
      throw new Error(`A rule for ${r.table} must compare at least one field`);
    }
  }
  const created = new Set<string>();
  // A row a rule admitted stays admitted for the rest of the run: its first change may take it out of the rule
  // (a resolved callback is no longer open), and the same run may still finish what it started.
  const admitted = new Set<string>();
  const outside = (table: TableName, id: string, verb: string) =>
    new PultError('forbidden', `This change may not ${verb} ${table} ${id}`);
  return {
    now: context.now,
    userId: context.userId,
    location: context.location,
    system: context.system ?? false,
    get: access.get,
    find: access.find,
    statusModel: access.statusModel,
    async insert(table, row) {
      const k = key(table, row.id);
      if (!creates.has(k)) throw outside(table, row.id, 'create');
      if (created.has(k) || (await access.get(table, row.id))) {
        throw PultError.because('conflict', `The id of the new ${table} row is taken`, 'id-taken', { table });
      }
      created.add(k);
      await access.write(table, row);
    },
    async update(table, row) {
      const k = key(table, row.id);
      // A row this run created may be changed again by the same run.
      if (created.has(k)) return access.write(table, row);
      const current = await access.get(table, row.id);
      if (!updates.has(k) && !admitted.has(k)) {
        const ruled = rules.filter((r) => r.table === table);
        if (ruled.length === 0) throw outside(table, row.id, 'change');
        if (current && !ruled.some((r) => rowMatches(current, r.where))) throw outside(table, row.id, 'change');
      }
      if (!current) throw new PultError('not-found', `No ${table} row ${row.id}`);
      admitted.add(k);
      await access.write(table, row);
    },
    async delete(table, id) {
      const k = key(table, id);
      if (!deletes.has(k)) throw outside(table, id, 'delete');
      if (!(await access.get(table, id))) throw new PultError('not-found', `No ${table} row ${id}`);
      // Gone for the rest of this run too: a later update of it must fail as it would in the next run.
      created.delete(k);
      admitted.delete(k);
      await access.remove(table, id);
    },
  };
}
