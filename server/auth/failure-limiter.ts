/**
 * Attempts per key in a fixed window: an attempt is counted *before* it is checked (reserved), so a
 * hundred requests in flight at once are a hundred attempts, not one each that nobody has counted yet.
 * After `max` the key is refused until the window that began with its first attempt ends. An attempt that
 * turned out right, or never ran, is taken back. Kept in memory per server instance (a restart forgets it,
 * which only gives a guesser a few more tries).
 */
export type AttemptLimiter = Readonly<{
  /** Counts an attempt: 0 when counted, else the milliseconds the key must still wait (nothing counted). */
  reserve(key: string, now: number): number;
  /** Takes back one counted attempt (it succeeded, or was refused before it was checked). */
  release(key: string): void;
  /** Forgets the key's attempts (a right password for that login). */
  clear(key: string): void;
}>;

/** Keys kept at most; the oldest go first, so a flood of made-up logins cannot grow the map without end. */
const KEYS_KEPT = 10_000;

export function createAttemptLimiter(max: number, windowMs: number): AttemptLimiter {
  const keys = new Map<string, { attempts: number; until: number }>();
  const current = (key: string, now: number) => {
    const entry = keys.get(key);
    if (entry && entry.until <= now) {
      keys.delete(key);
      return undefined;
    }
    return entry;
  };
  return {
    reserve(key, now) {
      const entry = current(key, now);
      if (!entry) {
        keys.set(key, { attempts: 1, until: now + windowMs });
        if (keys.size > KEYS_KEPT) keys.delete(keys.keys().next().value as string);
        return 0;
      }
      if (entry.attempts >= max) return entry.until - now;
      entry.attempts += 1;
      return 0;
    },
    release(key) {
      const entry = keys.get(key);
      if (entry && entry.attempts > 0) entry.attempts -= 1;
    },
    clear(key) {
      keys.delete(key);
    },
  };
}
