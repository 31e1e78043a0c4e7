import type { z } from 'zod';
import type { Role } from './entities.js';
import { CALL_MUTATORS } from './calls/mutators.js';
import { CLIENT_MUTATORS } from './clients/mutators.js';
import { IMPORT_MUTATORS } from './import/mutators.js';
import { MONEY_MUTATORS } from './money/mutators.js';
import { createMutationTx, type Mutator, type RowAccess } from './mutation.js';
import { PLANNING_MUTATORS } from './planning/mutators.js';
import { PultError } from './result.js';
import { TICKET_MUTATORS } from './tickets/mutators.js';

/**
 * The one registry of named mutations, composed from the domains. A name is the same at the button (the
 * contract method), in the desk's outbox and in the server's log: `domain:verb`.
 */
export const MUTATORS = {
  ...TICKET_MUTATORS,
  ...MONEY_MUTATORS,
  ...CALL_MUTATORS,
  ...CLIENT_MUTATORS,
  ...PLANNING_MUTATORS,
  ...IMPORT_MUTATORS,
} as const;

export type MutationName = keyof typeof MUTATORS;
export type MutationArgs<N extends MutationName> = z.output<(typeof MUTATORS)[N]['args']>;
export type MutationInput<N extends MutationName> = z.input<(typeof MUTATORS)[N]['args']>;
export const MUTATION_NAMES = Object.keys(MUTATORS) as MutationName[];

/**
 * Names older desks queued before mutations took their contract names (the arguments kept their shape). An
 * outbox entry written by an older version still replays and still pushes.
 */
export const FORMER_NAMES: Readonly<Record<string, MutationName>> = {
  'ticket.create': 'ticket:create',
  'ticket.setStatus': 'ticket:set-status',
  'comment.add': 'ticket:add-comment',
  'ticket.claim': 'ticket:claim',
  'payment.add': 'payment:add',
};

/** The current name of a mutation, or null when no version of Pult ever had it. */
export function canonicalMutationName(name: unknown): MutationName | null {
  if (typeof name !== 'string') return null;
  if (Object.hasOwn(MUTATORS, name)) return name as MutationName;
  return Object.hasOwn(FORMER_NAMES, name) ? FORMER_NAMES[name]! : null;
}

export function isMutationName(name: unknown): name is MutationName {
  return canonicalMutationName(name) !== null;
}

/**
 * Whether these roles may run a mutation. The server enforces it on every push (a hidden button is not a
 * permission); the desk uses it to refuse at once what its server would refuse.
 */
export function mayRun(roles: readonly Role[], name: MutationName | string): boolean {
  const canonical = canonicalMutationName(name);
  return canonical !== null && MUTATORS[canonical].roles.some((role) => roles.includes(role));
}

export type MutationContext = Readonly<{
  now: number;
  userId: string | null;
  location: 'desk' | 'server';
  /** The server acting on its own behalf (MutationTx.system); never set for a pushed mutation. */
  system?: boolean;
}>;

/**
 * Parses a mutation's arguments and runs it against a store: the one entry point for desks and the server.
 * Returns the parsed arguments, which are what a desk queues (defaults filled in, so a later change of a
 * default never changes how a queued entry replays).
 */
export async function runMutation(
  access: RowAccess,
  context: MutationContext,
  name: string,
  rawArgs: unknown,
): Promise<unknown> {
  const canonical = canonicalMutationName(name);
  if (!canonical) throw new PultError('invalid-input', `Unknown mutation: ${name.slice(0, 80)}`);
  const mutator = MUTATORS[canonical] as unknown as Mutator;
  const parsed = mutator.args.safeParse(rawArgs);
  if (!parsed.success) {
    throw new PultError(
      'invalid-input',
      `Invalid arguments for ${canonical}: ${parsed.error.issues[0]?.message ?? ''}`,
    );
  }
  const tx = createMutationTx(access, context, mutator.writes(parsed.data));
  await mutator.run(tx, parsed.data);
  return parsed.data;
}
