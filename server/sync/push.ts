import { isMutationName, mayRun } from '../../core/mutations.js';
import { assertNever, PultError, type PultErrorData } from '../../core/result.js';
import type { PushRequest, PushResponse } from '../../core/sync-protocol.js';
import type { User } from '../auth/users.js';
import type { ServerDatabase } from '../db/connect.js';
import type { Db } from '../db/schema.js';
import { toInt } from '../db/rows.js';
import { inSavepoint, inTransaction } from '../db/transactions.js';
import { HttpError } from '../http-error.js';
import { classifyError } from './database-errors.js';
import { checkSchemaVersion, claimDesk } from './desks.js';
import { readLiveIn, type LiveRead } from './pull.js';
import { createServerTx, saveVersions, startVersions, type VersionCounter } from './server-tx.js';

type PushedMutation = PushRequest['mutations'][number];

type Outcome =
  Readonly<{ status: 'applied'; version: number | null }> | Readonly<{ status: 'rejected'; error: PultErrorData }>;

/** What one request's transaction did: its results so far, and the gap that stopped it, if one did. */
type Batch = Readonly<{
  results: PushResponse['results'];
  last: number;
  /** The version before the request's first write: its writes are (from, version]. */
  from: number;
  version: number | null;
  gap: Readonly<{ id: number; last: number }> | null;
  /** The push's rows and the poke's sessions, read in the transaction (null: nothing written). */
  live: LiveRead | null;
}>;

const MAX_MESSAGE = 1000;

const rejection = (e: PultError): PultErrorData => ({
  code: e.code,
  message: e.message.slice(0, MAX_MESSAGE),
  ...(e.reason ? { reason: e.reason } : {}),
});

/**
 * Runs one mutation inside the request's transaction. Its writes sit in a savepoint: a PultError, or a
 * database refusing the mutation's data (a NUL in text on PostgreSQL, a constraint), undoes them and the
 * mutation is consumed as rejected, so a poisoned mutation never blocks the queue. An error that is about
 * the moment (a lost connection, a serialization failure, shutdown) or not the database's at all (a bug)
 * propagates: the whole request rolls back and the desk retries it.
 */
/**
 * Thrown by a mutation run without its savepoint that failed: the request's transaction is rolled back and run
 * again, this time with a savepoint per mutation.
 */
class NeedsSavepoints extends Error {
  override readonly name = 'NeedsSavepoints';
}

async function runOne(
  tx: Db,
  user: User,
  mutation: PushedMutation,
  versions: VersionCounter,
  careful: boolean,
): Promise<Outcome> {
  if (!isMutationName(mutation.name)) {
    throw new HttpError(400, 'invalid-input', `Unknown mutation: ${mutation.name}`); // checked before; a guard
  }
  if (!mayRun(user.roles, mutation.name)) {
    return {
      status: 'rejected',
      error: {
        code: 'forbidden',
        message: `Your roles (${user.roles.join(', ') || 'none'}) may not run ${mutation.name}`,
        reason: { key: 'role-may-not', params: { mutation: mutation.name } },
      },
    };
  }
  const serverTx = createServerTx(tx, { now: Date.now(), userId: user.employeeId }, versions);
  if (!careful) {
    try {
      await serverTx.run(mutation.name, mutation.args);
    } catch (e) {
      // Only what a savepoint would have turned into a rejection is run again; an error about the moment (a
      // lost connection) or a bug fails the request as it would have anyway.
      if (e instanceof PultError || classifyError(e) === 'refusal') {
        throw new NeedsSavepoints(`${mutation.name} failed without a savepoint`, { cause: e });
      }
      throw e;
    }
    return { status: 'applied', version: serverTx.version() };
  }
  const before = versions.current;
  try {
    await inSavepoint(tx, () => serverTx.run(mutation.name, mutation.args));
    return { status: 'applied', version: serverTx.version() };
  } catch (e) {
    // The savepoint took the mutation's writes back, and the version they were written at with them.
    versions.current = before;
    if (e instanceof PultError) return { status: 'rejected', error: rejection(e) };
    if (classifyError(e) === 'refusal') {
      const said = e instanceof Error ? e.message : String(e);
      const message = `The database refused ${mutation.name}: ${said}`.slice(0, MAX_MESSAGE);
      return { status: 'rejected', error: { code: 'internal', message } };
    }
    throw e;
  }
}

/**
 * One request, one transaction (one commit, one fsync), a savepoint per mutation. Lock the desk row, then
 * the version row **before any mutator reads**, so writers run one at a time and each sees the previous
 * commit; versions stay gap-free and in commit order because a rolled-back savepoint takes its version
 * bump with it. Duplicates are skipped; a gap stops the loop, and what came before it still commits.
 */
function processBatch(
  database: ServerDatabase,
  deskId: string,
  user: User,
  mutations: readonly PushedMutation[],
  careful: boolean,
  sessions: readonly string[],
): Promise<Batch> {
  return inTransaction(database, 'write', async (tx) => {
    let lock = tx.selectFrom('desks').select('last_mutation_id').where('desk_id', '=', deskId);
    if (database.backend === 'postgres') lock = lock.forUpdate();
    const before = toInt((await lock.executeTakeFirstOrThrow()).last_mutation_id);
    const versions = await startVersions(tx, database.backend);

    let last = before;
    let version: number | null = null;
    let gap: Batch['gap'] = null;
    const results: PushResponse['results'] = [];
    const applied: { desk_id: string; mutation_id: number; version: number }[] = [];
    for (const mutation of mutations) {
      if (mutation.id <= last) {
        results.push({ id: mutation.id, status: 'duplicate' });
        continue;
      }
      if (mutation.id > last + 1) {
        gap = { id: mutation.id, last };
        break;
      }
      const outcome = await runOne(tx, user, mutation, versions, careful);
      switch (outcome.status) {
        case 'applied':
          results.push({ id: mutation.id, status: 'applied' });
          if (outcome.version !== null) {
            version = Math.max(version ?? 0, outcome.version);
            applied.push({ desk_id: deskId, mutation_id: mutation.id, version: outcome.version });
          }
          break;
        case 'rejected': {
          const { error } = outcome;
          results.push({ id: mutation.id, status: 'rejected', error });
          await tx
            .insertInto('rejections')
            .values({
              desk_id: deskId,
              mutation_id: mutation.id,
              name: mutation.name,
              code: error.code,
              message: error.message,
              reason: error.reason ? JSON.stringify(error.reason) : null,
              at: Date.now(),
            })
            .execute();
          break;
        }
        default:
          assertNever(outcome, 'push outcome');
      }
      last = mutation.id;
    }
    // The request's acknowledgements in a few statements: chunks of powers of two up to 128, so that SQLite's
    // statement cache (keyed by SQL text) holds at most eight shapes of it and 999 parameters are never hit.
    for (let i = 0; i < applied.length;) {
      const size = 2 ** Math.floor(Math.log2(Math.min(applied.length - i, 128)));
      await tx
        .insertInto('desk_applied')
        .values(applied.slice(i, i + size))
        .execute();
      i += size;
    }
    await saveVersions(tx, versions);
    if (last > before) {
      await tx.updateTable('desks').set({ last_mutation_id: last }).where('desk_id', '=', deskId).execute();
    }
    // The push's rows are read before the commit: the poke leaves as soon as the commit is durable, and the
    // answer carries them to the pushing desk, which then needs no pull of its own.
    const live = version !== null ? await readLiveIn(tx, versions.start, version, sessions) : null;
    return { results, last, from: versions.start, version, gap, live };
  });
}

/** A desk's pushes run one at a time in this process; across instances the desk row lock keeps them apart. */
const deskQueues = new Map<string, Promise<unknown>>();

function serialisePerDesk<T>(deskId: string, fn: () => Promise<T>): Promise<T> {
  const previous = deskQueues.get(deskId) ?? Promise.resolve();
  const run = previous.then(fn, fn);
  const settled = run.catch(() => undefined);
  deskQueues.set(deskId, settled);
  void settled.then(() => {
    if (deskQueues.get(deskId) === settled) deskQueues.delete(deskId);
  });
  return run;
}

/**
 * Processes a push (docs/sync.md, Push). `committed` hears the highest version the push wrote, also when it
 * ends with a gap: what came before the gap is committed, and desks must hear about it.
 */
export async function push(
  database: ServerDatabase,
  user: User,
  request: PushRequest,
  committed: (version: number, from: number, live: LiveRead | null) => void,
  /** The sessions of the desks listening for pokes now (PokeHub.sessions). */
  sessions: () => readonly string[] = () => [],
): Promise<PushResponse> {
  checkSchemaVersion(request.schemaVersion);
  // An unknown name is a schema violation of the whole request (docs/sync.md): refuse before writing anything.
  const unknown = request.mutations.find((m) => !isMutationName(m.name));
  if (unknown) throw new HttpError(400, 'invalid-input', `Unknown mutation "${unknown.name}" (id ${unknown.id})`);

  return serialisePerDesk(request.deskId, async () => {
    const seen = await claimDesk(database.db, request.deskId, user.id, Date.now());
    // last_mutation_id only grows: a request of nothing but duplicates needs no transaction (a desk retrying).
    if (request.mutations.every((m) => m.id <= seen)) {
      return { lastMutationId: seen, results: request.mutations.map((m) => ({ id: m.id, status: 'duplicate' })) };
    }
    // Most requests apply every mutation: run them without savepoints (two statements fewer each). The rare one
    // in which a mutation fails runs again from the start, with a savepoint around each.
    const run = (careful: boolean) =>
      processBatch(database, request.deskId, user, request.mutations, careful, sessions());
    const batch = await run(false).catch((e: unknown) => {
      if (e instanceof NeedsSavepoints) return run(true);
      throw e;
    });
    if (batch.version !== null) committed(batch.version, batch.from, batch.live);
    if (batch.gap) {
      throw new HttpError(
        409,
        'mutation-gap',
        `Mutation ${batch.gap.id} is out of order: the server has processed this desk's mutations up to ${batch.gap.last}`,
      );
    }
    const delta = batch.live?.delta;
    return {
      lastMutationId: batch.last,
      results: batch.results,
      ...(delta && batch.version !== null ? { written: { from: batch.from, version: batch.version, ...delta } } : {}),
    };
  });
}
