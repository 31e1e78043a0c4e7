import { availableParallelism } from 'node:os';
import { HttpError } from '../http-error.js';

/**
 * Password checks cost ~100 ms of a core and 32 MiB each (scrypt, passwords.ts), on libuv's small thread
 * pool that file and DNS work share. The gate runs at most `concurrency` at once and queues the rest in a
 * bounded line that fails fast when full: a flood of sign-ins is refused in microseconds instead of making
 * every sign-in wait behind it. The line is served fairly by client address (the address with the fewest
 * checks running, then the one that started one longest ago, goes next), so a flood from one address delays a sign-in from another by less than one
 * check, and one address may hold only a few places in it.
 */
export type KdfGate = Readonly<{
  run<T>(address: string, check: () => Promise<T>): Promise<T>;
  /** Checks running and waiting now (for tests and logs). */
  load(): Readonly<{ running: number; waiting: number }>;
}>;

export type KdfGateOptions = Readonly<{
  concurrency: number;
  /** Places in the line in all; beyond it 503 `busy`. */
  waiting: number;
  /** Places in the line per address; beyond it 429 `too-many-attempts`. */
  waitingPerAddress: number;
}>;

/** The cores this machine has, but at least 1 and at most 4 (past that the thread pool is the limit). */
export const defaultKdfGateOptions = (): KdfGateOptions => ({
  concurrency: Math.max(1, Math.min(4, availableParallelism())),
  waiting: 64,
  waitingPerAddress: 8,
});

export function createKdfGate(options: KdfGateOptions = defaultKdfGateOptions()): KdfGate {
  const { concurrency, waiting: places, waitingPerAddress } = options;
  if (!Number.isInteger(concurrency) || concurrency < 1 || !Number.isInteger(places) || places < 0) {
    throw new RangeError(
      `Password checks: concurrency ${concurrency} (≥ 1) and waiting ${places} (≥ 0) must be integers`,
    );
  }
  if (!Number.isInteger(waitingPerAddress) || waitingPerAddress < 0) {
    throw new RangeError(`Password checks: waitingPerAddress ${waitingPerAddress} must be an integer ≥ 0`);
  }
  let running = 0;
  let waitingCount = 0;
  // Address → its waiters in arrival order; how many checks each address has running; and when it last
  // started one (kept while the address is running or waiting).
  const waiting = new Map<string, (() => void)[]>();
  const runningBy = new Map<string, number>();
  const lastStart = new Map<string, number>();
  let starts = 0;

  // The next check goes to the waiting address with the fewest running, and among those to the one that
  // started a check longest ago (or never): a newcomer goes before a flood that has been running.
  const pickAddress = (): string | undefined => {
    let best: string | undefined;
    let bestKey: readonly [number, number] = [Infinity, Infinity];
    for (const address of waiting.keys()) {
      const key = [runningBy.get(address) ?? 0, lastStart.get(address) ?? -1] as const;
      if (key[0] < bestKey[0] || (key[0] === bestKey[0] && key[1] < bestKey[1])) [best, bestKey] = [address, key];
    }
    return best;
  };

  const begin = (address: string) => {
    running += 1;
    runningBy.set(address, (runningBy.get(address) ?? 0) + 1);
    lastStart.set(address, starts++);
  };
  const end = (address: string) => {
    running -= 1;
    const n = (runningBy.get(address) ?? 1) - 1;
    if (n > 0) runningBy.set(address, n);
    else runningBy.delete(address);
    if (n <= 0 && !waiting.has(address)) lastStart.delete(address);
  };

  const startNext = () => {
    while (running < options.concurrency) {
      const address = pickAddress();
      if (address === undefined) return;
      const line = waiting.get(address) ?? [];
      const start = line.shift();
      waiting.delete(address);
      if (line.length > 0) waiting.set(address, line);
      if (!start) continue;
      waitingCount -= 1;
      begin(address);
      start();
    }
  };

  return {
    async run(address, check) {
      if (running < options.concurrency && waitingCount === 0) begin(address);
      else {
        const line = waiting.get(address) ?? [];
        if (line.length >= options.waitingPerAddress) {
          throw new HttpError(
            429,
            'too-many-attempts',
            'Too many sign-ins at once from this address: try again in 1 s',
            1,
          );
        }
        if (waitingCount >= options.waiting) {
          throw new HttpError(503, 'busy', 'The server is busy checking passwords: try again in 1 s', 1);
        }
        // Counted as running by startNext before it resolves, so nobody slips past in between.
        await new Promise<void>((resolve) => {
          line.push(resolve);
          if (!waiting.has(address)) waiting.set(address, line);
          waitingCount += 1;
        });
      }
      try {
        return await check();
      } finally {
        end(address);
        startNext();
      }
    },
    load: () => ({ running, waiting: waitingCount }),
  };
}
