import { contract, type MethodName } from '../core/contract.js';
import type { Handlers } from '../core/dispatch.js';
import { isMutationName, type MutationInput, type MutationName } from '../core/mutations.js';
import { callHandlers } from './calls/handlers.js';
import { callerCardHandlers } from './calls/caller-card.js';
import { pbxAdminHandlers } from './calls/pbx-admin.js';
import { phoneSettingsHandlers } from './calls/phone-settings.js';
import { clientHandlers } from './clients/handlers.js';
import type { DeskContext } from './desk-context.js';
import { importHandlers } from './import/handlers.js';
import { plannerHandlers } from './planning/handlers.js';
import { kpiHandlers } from './money/kpi-handlers.js';
import { moneyHandlers } from './money/handlers.js';
import { sessionHandlers } from './session/handlers.js';
import { staffHandlers } from './staff/handlers.js';
import { ticketHandlers } from './tickets/handlers.js';

/**
 * Every contract method a desk serves. A mutation method without a handler of its own runs its mutator
 * through the desk's policy and answers `{ ok: true }`: adding a mutation needs no code here.
 */
export function deskHandlers(desk: DeskContext): Handlers {
  const generic: Record<string, (input: unknown) => Promise<{ ok: true }>> = {};
  for (const method of Object.keys(contract) as MethodName[]) {
    const spec = contract[method];
    if (spec.kind === 'mutation' && spec.mutator && isMutationName(method)) {
      generic[method] = async (input) => {
        await desk.mutate(method as MutationName, input as MutationInput<MutationName>);
        return { ok: true };
      };
    }
  }
  return {
    ...(generic as unknown as Handlers),
    ...sessionHandlers(desk),
    ...staffHandlers(desk),
    ...clientHandlers(desk),
    ...ticketHandlers(desk),
    ...callHandlers(desk),
    ...callerCardHandlers(desk),
    ...phoneSettingsHandlers(desk),
    ...pbxAdminHandlers(desk),
    ...plannerHandlers(desk),
    ...moneyHandlers(desk),
    ...importHandlers(desk),
    ...kpiHandlers(desk),
  };
}
