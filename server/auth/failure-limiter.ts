/**
 * Failed attempts per key in a fixed window: after `max` failures the key is refused until the window that
 * began with its first failure ends. A success clears the key. Kept in memory per server instance (a
 * restart forgets it, which only gives a guesser a few more tries).
 */
export type FailureLimiter = Readonly<{
  /** Milliseconds the key must still wait; 0 when it may try. */
  blockedFor(key: string, now: number): number;
  fail(key: string, now: number): void;
  clear(key: string): void;
}>;

/** Keys kept at most; the oldest go first, so a flood of made-up logins cannot grow the map without end. */
const KEYS_KEPT = 10_000;

export function createFailureLimiter(max: number, windowMs: number): FailureLimiter {
  const keys = new Map<string, { failures: number; until: number }>();
  const current = (key: string, now: number) => {
    const entry = keys.get(key);
    if (entry && entry.until <= now) {
      keys.delete(key);
      return undefined;
    }
    return entry;
  };
  return {
    blockedFor(key, now) {
      const entry = current(key, now);
      return entry && entry.failures >= max ? entry.until - now : 0;
    },
    fail(key, now) {
      const entry = current(key, now);
      if (entry) entry.failures += 1;
      else {
        keys.set(key, { failures: 1, until: now + windowMs });
        if (keys.size > KEYS_KEPT) keys.delete(keys.keys().next().value as string);
      }
    },
    clear(key) {
      keys.delete(key);
    },
  };
}
