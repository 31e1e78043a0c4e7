import { Worker } from 'node:worker_threads';
import { assertNever } from '../../core/result.js';
import type { Change } from '../../core/sync-protocol.js';

/**
 * Builds a snapshot file on a worker thread (snapshot-worker.ts): writing the replica, indexing its text,
 * hashing and compressing it (tens of seconds of CPU at 100k tickets) never holds up a push or a pull.
 * Measured at 100k tickets on the shared 2-core machine, a desk's push + pull during a build: p99 550 ms
 * with the build on the server's thread, 124 ms with it here (docs/sync.md has the figures).
 */

/**
 * Where the rows come from. `database`: the worker opens the SQLite file itself (its own read connection,
 * WAL lets it read beside the server's writes) and this thread does nothing but wait. `pages`: this thread
 * reads them (PostgreSQL, through the server's own pool, and an in-memory SQLite) and hands each over.
 */
export type RowSource =
  | Readonly<{ kind: 'database'; url: string; upTo: number }>
  | Readonly<{ kind: 'pages'; pages: AsyncIterable<readonly Change[]> }>;
export type BuilderData = Readonly<{ path: string; read: Readonly<{ url: string; upTo: number }> | null }>;
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
  source: RowSource,
  cancelled: () => boolean,
): Promise<BuiltSnapshot> {
  const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(BOOT)}`), {
    workerData: {
      path,
      read: source.kind === 'database' ? { url: source.url, upTo: source.upTo } : null,
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
    const pages = source.kind === 'pages' ? source.pages : [];
    for await (const changes of pages) {
      // One page in the worker, the next one read meanwhile: never more than two pages in memory.
      await inFlight;
      if (failed) break;
      if (cancelled()) throw new Error('the server is closing');
      inFlight = new Promise((r) => (written = r));
      post({ type: 'page', changes });
    }
    await inFlight;
    if (source.kind === 'pages') post({ type: 'end' });
    // Indexing and compressing take seconds: a server that closes meanwhile does not wait for them.
    const watch = setInterval(() => {
      if (cancelled()) post({ type: 'abort' });
    }, 100);
    try {
      return await result;
    } finally {
      clearInterval(watch);
    }
  } catch (error) {
    post({ type: 'abort' });
    await result.catch(() => undefined);
    throw error;
  } finally {
    await worker.terminate();
  }
}
