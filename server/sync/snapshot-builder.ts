import { Worker } from 'node:worker_threads';
import { assertNever } from '../../core/result.js';
import type { Change } from '../../core/sync-protocol.js';

/**
 * Builds a snapshot file on a worker thread (snapshot-worker.ts). The server's thread only reads pages from
 * its database — through the same connection or pool it answers desks with, so SQLite and PostgreSQL are
 * one code path — and hands each page over; writing the replica, indexing its text, hashing and compressing
 * it (tens of seconds of CPU at 100k tickets) never holds up a push or a pull.
 */
export type BuilderData = Readonly<{ path: string }>;
export type ToBuilder =
  Readonly<{ type: 'page'; changes: readonly Change[] }> | Readonly<{ type: 'end' }> | Readonly<{ type: 'abort' }>;
export type BuiltSnapshot = Readonly<{ rows: number; bytes: number; sha256: string; brotliBytes: number }>;
export type FromBuilder =
  | Readonly<{ type: 'written' }>
  | Readonly<{ type: 'failed'; message: string }>
  | Readonly<{ type: 'done' } & BuiltSnapshot>;

/**
 * The worker's code is TypeScript, run through tsx's loader in that thread (the server runs on tsx; a
 * worker does not inherit the loader under every runner, so it registers it itself).
 */
const BOOT = `import { workerData } from 'node:worker_threads';
const { register } = await import(workerData.tsx);
register();
await import(workerData.entry);`;

/**
 * Writes the snapshot of `pages` at `path` (and its brotli copy at `${path}.br`) on a worker thread.
 * `cancelled` is asked between pages; once it says yes the build stops and leaves no file behind.
 */
export async function buildSnapshotInWorker(
  path: string,
  pages: AsyncIterable<readonly Change[]>,
  cancelled: () => boolean,
): Promise<BuiltSnapshot> {
  const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(BOOT)}`), {
    workerData: {
      path,
      tsx: import.meta.resolve('tsx/esm/api'),
      entry: new URL('./snapshot-worker.ts', import.meta.url).href,
    } satisfies BuilderData & Record<string, unknown>,
  });
  let written: (() => void) | null = null;
  let settle: { resolve(v: BuiltSnapshot): void; reject(e: Error): void } | null = null;
  const result = new Promise<BuiltSnapshot>((resolve, reject) => (settle = { resolve, reject }));
  // Nobody may be awaiting `result` yet when the worker fails early: that is not an unhandled rejection.
  result.catch(() => undefined);
  const fail = (error: Error) => {
    settle?.reject(error);
    written?.();
  };
  worker.on('message', (message: FromBuilder) => {
    switch (message.type) {
      case 'written': {
        const next = written;
        written = null;
        next?.();
        break;
      }
      case 'failed':
        fail(new Error(message.message));
        break;
      case 'done': {
        const { type: _type, ...built } = message;
        settle?.resolve(built);
        break;
      }
      default:
        assertNever(message, 'message');
    }
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the snapshot worker exited with code ${code}`)));
  const post = (message: ToBuilder) => worker.postMessage(message);
  let failed = false;
  void result.catch(() => (failed = true));
  try {
    let inFlight: Promise<void> = Promise.resolve();
    for await (const changes of pages) {
      // One page in the worker, the next one read meanwhile: never more than two pages in memory.
      await inFlight;
      if (failed) break;
      if (cancelled()) throw new Error('the server is closing');
      inFlight = new Promise((r) => (written = r));
      post({ type: 'page', changes });
    }
    await inFlight;
    post({ type: 'end' });
    return await result;
  } catch (error) {
    post({ type: 'abort' });
    await result.catch(() => undefined);
    throw error;
  } finally {
    await worker.terminate();
  }
}
