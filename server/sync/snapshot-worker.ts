import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, renameSync, rmSync, statSync } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { constants, createBrotliCompress } from 'node:zlib';
import { assertNever } from '../../core/result.js';
import type { Change } from '../../core/sync-protocol.js';
import { buildSnapshotFile } from '../../replica/snapshot.js';
import { openServerDb } from '../db/connect.js';
import { rowsUpTo } from './snapshots.js';
import type { ToBuilder, FromBuilder, BuilderData } from './snapshot-builder.js';

/**
 * The snapshot builder's thread (started by snapshot-builder.ts). Everything heavy of a build happens here —
 * SQLite writes, the text index, the checksum, the compression — so the server's own thread only reads
 * pages from its database and stays free to answer desks.
 */
const port = parentPort;
if (!port) throw new Error('snapshot-worker.ts runs only as a worker thread');
const { path, read } = workerData as BuilderData;

let aborted = false;
const waiting: ((message: ToBuilder) => void)[] = [];
const queued: ToBuilder[] = [];
port.on('message', (message: ToBuilder) => {
  if (message.type === 'abort') aborted = true;
  const next = waiting.shift();
  if (next) next(message);
  else queued.push(message);
});
const receive = (): Promise<ToBuilder> =>
  new Promise((resolve) => {
    const message = queued.shift();
    if (message) resolve(message);
    else waiting.push(resolve);
  });
const send = (message: FromBuilder) => port.postMessage(message);

/** The rows read here, through a connection of this thread's own. */
async function* pagesRead(url: string, upTo: number): AsyncGenerator<readonly Change[]> {
  const database = openServerDb(url);
  try {
    for await (const changes of rowsUpTo(database, upTo)) {
      if (aborted) throw new Error('the build was cancelled');
      yield changes;
    }
  } finally {
    await database.close();
  }
}

/** The rows as the server's thread sends them. */
async function* pagesSent(): AsyncGenerator<readonly Change[]> {
  for (;;) {
    const message = await receive();
    switch (message.type) {
      case 'page':
        yield message.changes;
        // Asked for after the write: the server reads the next page while this one is written.
        send({ type: 'written' });
        break;
      case 'end':
        return;
      case 'abort':
        throw new Error('the build was cancelled');
      default:
        assertNever(message, 'message');
    }
  }
}

/**
 * Brotli at quality 4: at 100k tickets (a 366 MB file) it sends 100 MB in 7.6 s of this thread's CPU, where
 * gzip -6 sends 125 MB in 10.6 s and brotli 5 saves 2 MB more for 3.6 s more (measured; docs/sync.md).
 */
const BROTLI_QUALITY = 4;

/** The file's SHA-256 and its compressed copy at `${path}.br`, in one read of the file. */
async function hashAndCompress(file: string): Promise<{ sha256: string; brotliBytes: number }> {
  const hash = createHash('sha256');
  const part = `${file}.br.part`;
  try {
    await pipeline(
      createReadStream(file, { highWaterMark: 1 << 20 }),
      new Transform({
        transform(chunk: Buffer, _encoding, done) {
          if (aborted) return done(new Error('the build was cancelled'));
          hash.update(chunk);
          done(null, chunk);
        },
      }),
      createBrotliCompress({
        params: {
          [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
          [constants.BROTLI_PARAM_SIZE_HINT]: statSync(file).size,
        },
      }),
      createWriteStream(part),
    );
    renameSync(part, `${file}.br`);
    return { sha256: hash.digest('hex'), brotliBytes: statSync(`${file}.br`).size };
  } catch (error) {
    rmSync(part, { force: true });
    throw error;
  }
}

try {
  const rows = await buildSnapshotFile(
    path,
    read ? pagesRead(read.url, read.upTo) : pagesSent(),
    // A turn of this thread's event loop between pages and index chunks, so that an abort gets in.
    async () => {
      await new Promise((r) => setImmediate(r));
      if (aborted) throw new Error('the build was cancelled');
    },
    5_000,
  );
  try {
    const { sha256, brotliBytes } = await hashAndCompress(path);
    send({ type: 'done', rows, bytes: statSync(path).size, sha256, brotliBytes });
  } catch (error) {
    rmSync(path, { force: true });
    throw error;
  }
} catch (error) {
  send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
}
