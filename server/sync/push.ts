import { isMutationName, mayRun } from '../../core/mutations.js';
import { assertNever, PultError, type PultErrorData } from '../../core/result.js';
import type { PushRequest, PushResponse } from '../../core/sync-protocol.js';
import type { User } from '../auth/users.js';
import type { ServerDatabase } from '../db/connect.js';
import { toInt } from '../db/rows.js';
import { inSavepoint, inTransaction } from '../db/transactions.js';
import { HttpError } from '../http-error.js';
import { checkSchemaVersion, claimDesk } from './desks.js';
import { createServerTx, lockVersion } from './server-tx.js';

type Outcome =
  | Readonly<{ status: 'duplicate' }>
  | Readonly<{ status: 'gap'; last: number }>
  | Readonly<{ status: 'applied'; version: number | null }>
  | Readonly<{ status: 'rejected'; error: PultErrorData }>;

const MAX_MESSAGE = 1000;

/**
 * One mutation in one transaction: lock the desk row, decide duplicate / gap / run, and move the desk's
 * last_mutation_id in the same commit as the mutator's rows, so "processed" and "written" never disagree.
 * A PultError undoes the mutator's writes (savepoint) but the mutation is still consumed, with its reason
 * stored for the desk: a poisoned mutation never blocks the queue. Any other error (a bug, a lost
 * connection) rolls everything back and fails the request, so the desk retries it.
 */
async function processOne(
  database: ServerDatabase,
  deskId: string,
  user: User,
  mutation: PushRequest['mutations'][number],
): Promise<Outcome> {
  return inTransaction(database, 'write', async (tx) => {
    let lock = tx.selectFrom('desks').select('last_mutation_id').where('desk_id', '=', deskId);
    if (database.backend === 'postgres') lock = lock.forUpdate();
    const last = toInt((await lock.executeTakeFirstOrThrow()).last_mutation_id);
    if (mutation.id <= last) return { status: 'duplicate' };
    if (mutation.id > last + 1) return { status: 'gap', last };

    // Taken before the mutator reads anything: writers run one at a time, each seeing the previous commit.
    await lockVersion(tx, database.backend);
    let error: PultErrorData | null = null;
    let version: number | null = null;
    if (!isMutationName(mutation.name)) {
      throw new HttpError(400, 'invalid-input', `Unknown mutation: ${mutation.name}`); // checked before; a guard
    }
    if (!mayRun(user.roles, mutation.name)) {
      error = {
        code: 'forbidden',
        message: `Your roles (${user.roles.join(', ') || 'none'}) may not run ${mutation.name}`,
        reason: { key: 'role-may-not', params: { mutation: mutation.name } },
      };
    } else {
      const serverTx = createServerTx(tx, { now: Date.now(), userId: user.employeeId });
      try {
        await inSavepoint(tx, () => serverTx.run(mutation.name, mutation.args));
        version = serverTx.version();
      } catch (e) {
        if (!(e instanceof PultError)) throw e;
        error = { code: e.code, message: e.message.slice(0, MAX_MESSAGE), ...(e.reason ? { reason: e.reason } : {}) };
      }
    }
    if (error) {
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
    }
    await tx.updateTable('desks').set({ last_mutation_id: mutation.id }).where('desk_id', '=', deskId).execute();
    if (version !== null) {
      await tx.insertInto('desk_applied').values({ desk_id: deskId, mutation_id: mutation.id, version }).execute();
    }
    return error ? { status: 'rejected', error } : { status: 'applied', version };
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
 * ends early (a gap, an error): what earlier mutations committed stays, and desks must hear about it.
 */
export async function push(
  database: ServerDatabase,
  user: User,
  request: PushRequest,
  committed: (version: number) => void,
): Promise<PushResponse> {
  checkSchemaVersion(request.schemaVersion);
  // An unknown name is a schema violation of the whole request (docs/sync.md): refuse before writing anything.
  const unknown = request.mutations.find((m) => !isMutationName(m.name));
  if (unknown) throw new HttpError(400, 'invalid-input', `Unknown mutation "${unknown.name}" (id ${unknown.id})`);

  return serialisePerDesk(request.deskId, async () => {
    let last = await claimDesk(database.db, request.deskId, user.id, Date.now());
    const results: PushResponse['results'] = [];
    let version: number | null = null;
    try {
      for (const mutation of request.mutations) {
        // last_mutation_id only grows, so anything at or below a value read earlier is certainly a duplicate.
        const outcome: Outcome =
          mutation.id <= last ? { status: 'duplicate' } : await processOne(database, request.deskId, user, mutation);
        switch (outcome.status) {
          case 'gap':
            throw new HttpError(
              409,
              'mutation-gap',
              `Mutation ${mutation.id} is out of order: the server has processed this desk's mutations up to ${outcome.last}`,
            );
          case 'duplicate':
            results.push({ id: mutation.id, status: 'duplicate' });
            break;
          case 'applied':
            results.push({ id: mutation.id, status: 'applied' });
            if (outcome.version !== null) version = Math.max(version ?? 0, outcome.version);
            break;
          case 'rejected':
            results.push({ id: mutation.id, status: 'rejected', error: outcome.error });
            break;
          default:
            assertNever(outcome, 'push outcome');
        }
        last = Math.max(last, mutation.id);
      }
    } finally {
      if (version !== null) committed(version);
    }
    return { lastMutationId: last, results };
  });
}
