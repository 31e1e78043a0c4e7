import { z } from 'zod';
import { Id } from '../entities.js';
import { defineMutator, ref, type Mutator } from '../mutation.js';
import { MUTATORS } from '../mutations.js';
import { PultError } from '../result.js';

/**
 * Deleting mutators for tests. No product mutator deletes yet (the planner's "unplan" and the directory's
 * "remove a phone" will), and the registry is a closed object that the desk's runner and the server's push
 * both consult by name. Rather than a hook in production code that could add mutators at run time, a test
 * adds these records to the same object for the life of its own test process (vitest runs each file in its
 * own fork), so the real runner, push, pull and rebase run them end to end. Never imported outside tests.
 */
export const TEST_MUTATORS = {
  'test:unplan-visit': defineMutator({
    args: z.object({ id: Id }).strict(),
    roles: ['admin', 'dispatcher', 'planner'],
    writes: (args) => ({ creates: [], updates: [], deletes: [ref('visits', args.id)] }),
    async run(tx, args) {
      await tx.delete('visits', args.id);
    },
  }),
  'test:move-visit': defineMutator({
    args: z.object({ id: Id, startAt: z.number().int().nonnegative() }).strict(),
    roles: ['admin', 'dispatcher', 'planner'],
    writes: (args) => ({ creates: [], updates: [ref('visits', args.id)] }),
    async run(tx, args) {
      const visit = await tx.get('visits', args.id);
      if (!visit) throw new PultError('not-found', `No visit ${args.id}`);
      await tx.update('visits', {
        ...visit,
        startAt: args.startAt,
        endAt: args.startAt + (visit.endAt - visit.startAt),
      });
    },
  }),
  'test:remove-phone': defineMutator({
    args: z.object({ id: Id }).strict(),
    roles: ['admin', 'dispatcher'],
    writes: (args) => ({ creates: [], updates: [], deletes: [ref('phones', args.id)] }),
    async run(tx, args) {
      await tx.delete('phones', args.id);
    },
  }),
} as const;

export type TestMutationName = keyof typeof TEST_MUTATORS;

/** Adds the test mutators to the registry for this test process; returns what takes them out again. */
export function registerTestMutators(): () => void {
  const registry = MUTATORS as unknown as Record<string, Mutator>;
  for (const [name, mutator] of Object.entries(TEST_MUTATORS)) {
    if (Object.hasOwn(registry, name)) throw new Error(`${name} is already a mutation`);
    registry[name] = mutator as unknown as Mutator;
  }
  return () => {
    for (const name of Object.keys(TEST_MUTATORS)) delete registry[name];
  };
}
