import { mayRun, type MutationInput, type MutationName } from '../core/mutations.js';
import { PultError } from '../core/result.js';
import type { Role } from '../core/entities.js';
import type { AppliedMutation, GroupedMutation, GroupResult, LocalMutationRunner } from './mutations/local-runner.js';
import type { SyncClient } from './sync/sync-client.js';

/**
 * The desk's policy in front of the runner: nothing is written to a damaged file, nothing is queued while
 * signed out, and a change the server would refuse for the user's roles is refused at once instead of shown
 * and taken back a moment later (the server still decides).
 */
export function createDeskMutate(
  deps: Readonly<{
    runner: LocalMutationRunner;
    sync: SyncClient | null;
    damaged(): string | null;
    roles(): readonly Role[] | undefined;
    changed(tables: AppliedMutation['tables']): void;
  }>,
) {
  return async <N extends MutationName>(name: N, args: MutationInput<N>): Promise<AppliedMutation> => {
    const damaged = deps.damaged();
    if (damaged) throw new PultError('store-unavailable', damaged);
    if (deps.sync && deps.sync.status().state === 'signed-out') throw new PultError('unauthorized', 'Sign in first');
    const roles = deps.roles();
    if (roles && !mayRun(roles, name)) {
      throw PultError.because(
        'forbidden',
        `Your roles (${roles.join(', ') || 'none'}) may not run ${name}`,
        'role-may-not',
        { mutation: name },
      );
    }
    const applied = await deps.runner.run(name, args);
    // The push leaves first, then the listeners hear of the change: what they do (the windows' refetches,
    // caches) is not on the way of the change to the other desks. Node writes a request on a kept-alive
    // socket in a process.nextTick of its own, after every promise continuation queued meanwhile: one tick
    // here lets those bytes go before the listeners' work (p50 0.2 ms sooner at the server, bench/sync.ts).
    deps.sync?.nudge();
    if (deps.sync) await new Promise((resolve) => process.nextTick(resolve));
    deps.changed(applied.tables);
    return applied;
  };
}

/**
 * The same policy for many groups of mutations in one transaction (LocalMutationRunner.runGroups): the file and
 * the session are checked once, the roles per mutation (a refused one fails its group only).
 */
export function createDeskMutateGroups(
  deps: Readonly<{
    runner: LocalMutationRunner;
    sync: SyncClient | null;
    damaged(): string | null;
    roles(): readonly Role[] | undefined;
    changed(tables: AppliedMutation['tables']): void;
  }>,
) {
  return async (groups: readonly (() => Promise<readonly GroupedMutation[]>)[]): Promise<readonly GroupResult[]> => {
    const damaged = deps.damaged();
    if (damaged) throw new PultError('store-unavailable', damaged);
    if (deps.sync && deps.sync.status().state === 'signed-out') throw new PultError('unauthorized', 'Sign in first');
    const roles = deps.roles();
    const { results, tables } = await deps.runner.runGroups(groups, (name) => {
      if (roles && !mayRun(roles, name)) {
        throw PultError.because('forbidden', `Your roles may not run ${name}`, 'role-may-not', { mutation: name });
      }
    });
    if (tables.length > 0) {
      deps.sync?.nudge();
      deps.changed(tables);
    }
    return results;
  };
}
