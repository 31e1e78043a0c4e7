import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';

/**
 * The primitive field schemas every domain builds on. Every string that enters Pult goes through `str()`,
 * which refuses NUL and unpaired UTF-16 surrogates: PostgreSQL rejects NUL in text outright and a lone
 * surrogate cannot be encoded as UTF-8, so either would pass the desk and then fail on the server for good.
 * Refusing them at the schema keeps desk and server in agreement about what a valid value is.
 */

// A NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
// eslint-disable-next-line no-control-regex -- matching NUL is the point of this expression
const ILL_FORMED = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isWellFormedText(value: string): boolean {
  return !ILL_FORMED.test(value);
}

export const ILL_FORMED_TEXT_MESSAGE = 'Text must not contain NUL characters or unpaired surrogates';

/** A string with no NUL and no unpaired surrogate. Chain `.max()`, `.trim()`, `.min()` as with `z.string()`. */
export function str() {
  return z.string().refine(isWellFormedText, { message: ILL_FORMED_TEXT_MESSAGE, abort: true });
}

/** Optional-free bounded text: `text(500)`. */
export const text = (max: number) => str().max(max);

/** A required, trimmed name. */
export const name = str().trim().min(1).max(200);

/** Longest free text the contract accepts anywhere unless a field says otherwise (oversized input is refused). */
export const MAX_TEXT = 20_000;

/** Ids are UUIDs made by the desk that creates the row (v7: time-ordered, so new rows append to indexes). */
export const Id = z.uuid();

/**
 * An id a caller may leave out: one is made when the arguments are parsed at the desk, and the parsed
 * arguments (id included) are what the outbox keeps, so every replay and the server write the same rows.
 * Use it for rows a mutation creates as a side effect; the row a user action is about keeps a required id
 * made when the action starts, so that a retried submit cannot create it twice.
 */
export const NewId = Id.default(() => uuidv7());

/**
 * A point in time in milliseconds since the epoch. Bounded to year 9999: a larger number is a bug or an attack,
 * and some consumers (dates, PostgreSQL timestamps in exports) cannot represent it.
 */
export const MAX_MILLIS = 253_402_300_799_999;
export const Millis = z.number().int().nonnegative().max(MAX_MILLIS);

/** A duration in milliseconds, up to a year. */
export const DurationMs = z
  .number()
  .int()
  .nonnegative()
  .max(366 * 24 * 3_600_000);

/** Money in minor units (kopecks), always in the client's currency. */
export const MinorUnits = z.number().int().nonnegative().max(1_000_000_000_00);
