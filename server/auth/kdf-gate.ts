import { availableParallelism } from 'node:os';
import { HttpError } from '../http-error.js';

/**
 * Password checks cost ~100 ms of a core and 32 MiB each (scrypt, passwords.ts), on libuv's small thread
 * pool that file and DNS work share. The gate runs at most `concurrency` at once and queues the rest in a
 * bounded line that fails fast when full: a flood of sign-ins is refused in microseconds instead of making
 * every sign-in wait behind it. The line is served round-robin by client address, so a flood from one
 * address delays a sign-in from another by about one check, and one address may hold only a few places.
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
  let running = 0;
  let waitingCount = 0;
  // Address → its waiters in arrival order. Map order is the turn order: an address served goes to the back.
  const waiting = new Map<string, (() => void)[]>();

  const startNext = () => {
    while (running < options.concurrency) {
      const first = waiting.entries().next();
      if (first.done) return;
      const [address, line] = first.value;
      const start = line.shift();
      waiting.delete(address);
      if (line.length > 0) waiting.set(address, line);
      if (!start) continue;
      waitingCount -= 1;
      running += 1;
      start();
    }
  };

  return {
    async run(address, check) {
      if (running < options.concurrency && waitingCount === 0) running += 1;
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
        running -= 1;
        startNext();
      }
    },
    load: () => ({ running, waiting: waitingCount }),
  };
}
