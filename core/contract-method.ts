import { z } from 'zod';
import type { TableName } from './entities.js';
import type { Mutator } from './mutation.js';

/**
 * How a domain declares its contract methods. A query names the tables it reads, so a change to other tables
 * never refetches it; a mutation method *is* its mutator: the mutator's args are the method's input, and the
 * desk runs it without a handler of its own unless the method answers more than `{ ok: true }`.
 */
export type Reads = readonly TableName[] | 'session';

export type QueryMethod<I extends z.ZodType, O extends z.ZodType> = Readonly<{
  kind: 'query';
  input: I;
  output: O;
  reads: Reads;
}>;

export type MutationMethod<I extends z.ZodType, O extends z.ZodType> = Readonly<{
  kind: 'mutation';
  input: I;
  output: O;
  /** The mutator this method runs; null for session actions that are not synced mutations. */
  mutator: Mutator<I> | null;
}>;

export const Ok = z.object({ ok: z.literal(true) });

export function query<I extends z.ZodType, O extends z.ZodType>(input: I, output: O, reads: Reads): QueryMethod<I, O> {
  return { kind: 'query', input, output, reads };
}

export function mutation<I extends z.ZodType>(mutator: Mutator<I>): MutationMethod<I, typeof Ok>;
export function mutation<I extends z.ZodType, O extends z.ZodType>(
  mutator: Mutator<I>,
  output: O,
): MutationMethod<I, O>;
export function mutation(mutator: Mutator, output: z.ZodType = Ok): MutationMethod<z.ZodType, z.ZodType> {
  return { kind: 'mutation', input: mutator.args, output, mutator };
}

/** A state-changing call that is not a synced mutation (signing in and out). */
export function action<I extends z.ZodType, O extends z.ZodType>(input: I, output: O): MutationMethod<I, O> {
  return { kind: 'mutation', input, output, mutator: null };
}

export const empty = z.object({}).strict();
