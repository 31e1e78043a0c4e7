import type { ContractIndex, MethodName, PultEvent } from '../../core/contract';
import type { MutationName } from '../../core/mutations';

/**
 * The contract as the window needs it at run time — method names, the tables each query reads, the names
 * older desks gave mutations — written in by the build (electron.vite.config.ts, vitest.config.ts) from
 * core/contract.ts. The schemas stay on the trusted side: the window never loads zod to start.
 */
declare const __PULT_CONTRACT_INDEX__: ContractIndex;

const INDEX: ContractIndex = __PULT_CONTRACT_INDEX__;

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(INDEX.reads, name);
}

/** The tables a query shows, 'session' for session state, null for a mutation or an unknown method. */
export function readsOf(method: MethodName): ContractIndex['reads'][MethodName] {
  return Object.hasOwn(INDEX.reads, method) ? INDEX.reads[method] : null;
}

/** The current name of a mutation (a method that changes data), or null when no version had it. */
export function canonicalMutationName(name: string): MutationName | null {
  if (Object.hasOwn(INDEX.formerNames, name)) return INDEX.formerNames[name]!;
  return (INDEX.mutations as readonly string[]).includes(name) ? (name as MutationName) : null;
}

/**
 * Whether an event can change what a query answers: a change to a table it reads (or to an unknown set of
 * tables, `'*'`), or, for session queries, a change of the sync session. A change elsewhere refetches nothing.
 */
export function shows(method: MethodName, event: PultEvent): boolean {
  const reads = readsOf(method);
  if (reads === null) return false;
  if (reads === 'session') return event.type === 'sync' || event.type === 'damaged';
  return event.type === 'changed' && event.tables.some((t) => t === '*' || reads.includes(t));
}
