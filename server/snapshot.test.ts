import Database from 'better-sqlite3';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { describe, expect, onTestFinished, test } from 'vitest';
import { SNAPSHOT_HEADER, SnapshotMeta, SYNC_SCHEMA_VERSION, TABLE_NAMES } from '../core/sync-protocol.js';
import { LATEST_VERSION as STORE_SCHEMA } from '../replica/migrations/index.js';
import { fromDb } from '../replica/rows.js';
import { createServer } from './app.js';
import { acceptsBrotli } from './http/snapshots.js';
import { BACKENDS, startTestServer, testDatabases } from './test-support/backends.js';
import { call, serverRows, signIn, TestDesk } from './test-support/client.js';

/**
 * The snapshot route (docs/sync.md, First sync), on both backends: it serves a whole replica file of every
 * row up to its version, described truthfully, only to a signed-in desk, and never a stale or foreign one.
 */
const databases = testDatabases();

function snapshotUrl(desk: TestDesk, storeSchema = STORE_SCHEMA, extra = ''): string {
  return `/api/sync/snapshot?deskId=${desk.deskId}&schemaVersion=${SYNC_SCHEMA_VERSION}&storeSchema=${storeSchema}${extra}`;
}

async function download(desk: TestDesk): Promise<{ status: number; meta: SnapshotMeta | null; bytes: Buffer }> {
  const response = await fetch(`${desk.baseUrl}${snapshotUrl(desk)}`, {
    headers: { authorization: `Bearer ${desk.token}` },
  });
  const header = response.headers.get(SNAPSHOT_HEADER);
  return {
    status: response.status,
    meta: header ? SnapshotMeta.parse(JSON.parse(header)) : null,
    bytes: Buffer.from(await response.arrayBuffer()),
  };
}

type Raw = Readonly<{ status: number; encoding: string | null; length: number; meta: SnapshotMeta; body: Buffer }>;

/** The snapshot as it crosses the wire (no decompression on the way), asking with `acceptEncoding`. */
function downloadRaw(desk: TestDesk, acceptEncoding: string | null): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { authorization: `Bearer ${desk.token}` };
    if (acceptEncoding !== null) headers['accept-encoding'] = acceptEncoding;
    http
      .get(`${desk.baseUrl}${snapshotUrl(desk)}`, { headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            encoding: response.headers['content-encoding'] ?? null,
            length: Number(response.headers['content-length']),
            meta: SnapshotMeta.parse(JSON.parse(String(response.headers[SNAPSHOT_HEADER]))),
            body: Buffer.concat(chunks),
          }),
        );
      })
      .on('error', reject);
  });
}

/** The replica file's rows in core's shape: table → id → row. */
function fileRows(bytes: Buffer): Map<string, Map<string, Record<string, unknown>>> {
  const dir = mkdtempSync(join(tmpdir(), 'pult-snapshot-file-'));
  const path = join(dir, 'replica.sqlite');
  writeFileSync(path, bytes);
  const db = new Database(path, { readonly: true });
  try {
    const tables = new Map<string, Map<string, Record<string, unknown>>>();
    for (const table of TABLE_NAMES) {
      const rows = new Map<string, Record<string, unknown>>();
      for (const r of db.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[]) {
        const row = fromDb(table, r) as Record<string, unknown>;
        rows.set(String(row.id), row);
      }
      if (rows.size > 0) tables.set(table, rows);
    }
    return tables;
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.each(BACKENDS)('snapshots on %s', (backend) => {
  test('a small database has no snapshot: the desk is told to pull page by page; bad requests are refused', async () => {
    const { url } = await startTestServer(databases, backend);
    const desk = new TestDesk(url, await signIn(url, 'anna'));
    const none = await call<{ error: { code: string } }>(url, 'GET', snapshotUrl(desk), { token: desk.token });
    expect(none).toMatchObject({ status: 404, body: { error: { code: 'no-snapshot' } } });
    expect((await call(url, 'GET', snapshotUrl(desk))).status).toBe(401);
    expect((await call(url, 'GET', snapshotUrl(desk, 0), { token: desk.token })).status).toBe(400);
    expect((await call(url, 'GET', snapshotUrl(desk, STORE_SCHEMA, '&x=1'), { token: desk.token })).status).toBe(400);
    expect((await call<{ snapshotVersion: null }>(url, 'GET', '/api/health')).body.snapshotVersion).toBeNull();
  });

  test('the snapshot is every row up to its version, whole, and described truthfully', async () => {
    // Stale after one version: ready() brings it up to the seeded world whenever the startup build began.
    const { url, server, world } = await startTestServer(databases, backend, {
      snapshots: { minRows: 0, staleAfterVersions: 1 },
    });
    await server.snapshots?.ready();
    const desk = new TestDesk(url, await signIn(url, 'anna'));
    const version = (await call<{ version: number }>(url, 'GET', '/api/health')).body.version;

    const got = await download(desk);
    expect(got.status).toBe(200);
    expect(got.meta).toMatchObject({ version, storeSchema: STORE_SCHEMA, bytes: got.bytes.length });
    expect(createHash('sha256').update(got.bytes).digest('hex')).toBe(got.meta?.sha256);
    const inFile = fileRows(got.bytes);
    expect(inFile).toEqual(await serverRows(desk));
    expect(got.meta?.rows).toBe([...inFile.values()].reduce((n, rows) => n + rows.size, 0));
    expect(inFile.get('tickets')?.get(world.taken.id)).toMatchObject({ assigneeId: world.anna.employee.id });

    // Another user's desk id is not this user's to use.
    const ivan = new TestDesk(url, await signIn(url, 'ivan'));
    const stolen = await call(url, 'GET', snapshotUrl(desk), { token: ivan.token });
    expect(stolen.status).toBe(403);
  });

  test('a stale snapshot is rebuilt after changes, and the old file goes', async () => {
    const { url, server, world } = await startTestServer(databases, backend, {
      snapshots: { minRows: 0, staleAfterVersions: 1 },
    });
    await server.snapshots?.ready();
    const first = server.snapshots?.current();
    const desk = new TestDesk(url, await signIn(url, 'anna'));
    const comment = { id: randomUUID(), ticketId: world.ticket.id, body: 'после первого снимка', public: false };
    expect((await desk.push([desk.mutation('comment.add', comment)])).body.results[0]?.status).toBe('applied');
    await server.snapshots?.ready();
    const second = server.snapshots?.current();
    expect(second?.version).toBeGreaterThan(first?.version ?? Infinity);
    expect(existsSync(first?.path ?? '')).toBe(false);
    expect(readdirSync(dirname(second?.path ?? '')).sort()).toEqual(
      [
        `snapshot-${second?.version}.json`,
        `snapshot-${second?.version}.sqlite`,
        `snapshot-${second?.version}.sqlite.br`,
      ].sort(),
    );
    const got = await download(desk);
    expect(fileRows(got.bytes).get('comments')?.get(comment.id)).toMatchObject({ body: 'после первого снимка' });
  });

  test('a desk that asks for brotli gets the file compressed once per build; it decompresses to exactly the file described', async () => {
    const { url, server } = await startTestServer(databases, backend, {
      snapshots: { minRows: 0, staleAfterVersions: 1 },
    });
    await server.snapshots?.ready();
    const desk = new TestDesk(url, await signIn(url, 'anna'));
    const plain = await downloadRaw(desk, null);
    expect(plain).toMatchObject({ status: 200, encoding: null, length: plain.meta.bytes });
    expect(plain.body.length).toBe(plain.meta.bytes);

    const compressedAt = statSync(server.snapshots?.current()?.brotliPath ?? '').mtimeMs;
    const first = await downloadRaw(desk, 'gzip, deflate, br');
    const second = await downloadRaw(desk, 'br');
    expect(first).toMatchObject({ status: 200, encoding: 'br', length: first.body.length });
    // The same description: length and checksum are the file's, whatever carries it.
    expect(first.meta).toEqual(plain.meta);
    expect(first.body.length).toBeLessThan(plain.meta.bytes / 2);
    expect(brotliDecompressSync(first.body).equals(plain.body)).toBe(true);
    // Compressed when built, not per request: both downloads are the one file, untouched since.
    expect(second.body.equals(first.body)).toBe(true);
    expect(first.body.equals(readFileSync(server.snapshots?.current()?.brotliPath ?? ''))).toBe(true);
    expect(statSync(server.snapshots?.current()?.brotliPath ?? '').mtimeMs).toBe(compressedAt);

    // Brotli refused by name, or not offered: the plain file.
    for (const ask of ['br;q=0, gzip', 'gzip', 'identity', '*;q=1, br;q=0']) {
      const got = await downloadRaw(desk, ask);
      expect({ ask, encoding: got.encoding, length: got.body.length }).toEqual({
        ask,
        encoding: null,
        length: plain.meta.bytes,
      });
    }
  });
});

test('Accept-Encoding takes brotli only when br (or *) carries a non-zero weight', () => {
  expect(acceptsBrotli(undefined)).toBe(false);
  expect(acceptsBrotli('')).toBe(false);
  expect(acceptsBrotli('br')).toBe(true);
  expect(acceptsBrotli('gzip, deflate, br')).toBe(true);
  expect(acceptsBrotli('BR;q=0.5')).toBe(true);
  expect(acceptsBrotli('br;q=0')).toBe(false);
  expect(acceptsBrotli('br;q=0.000')).toBe(false);
  expect(acceptsBrotli('br;q=nonsense')).toBe(false);
  expect(acceptsBrotli('gzip')).toBe(false);
  expect(acceptsBrotli('*')).toBe(true);
  expect(acceptsBrotli('*;q=0')).toBe(false);
  expect(acceptsBrotli('*, br;q=0')).toBe(false);
  expect(acceptsBrotli('brotli')).toBe(false);
});

test('a server that closes in the middle of a build leaves no half-built file and serves nothing half-built', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pult-snapshot-close-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const db = `sqlite:${join(dir, 'server.sqlite')}`;
  const { openServerDb } = await import('./db/connect.js');
  const { migrateToLatest } = await import('./db/migrations/index.js');
  const { importDemo } = await import('./demo-import.js');
  const database = openServerDb(db);
  await migrateToLatest(database);
  await importDemo(database, { tickets: 3000 });
  await database.close();

  const snapshots = join(dir, 'snapshots');
  const server = await createServer({ db, snapshots: { dir: snapshots, minRows: 0 } });
  // Closed once the worker has begun writing its file, not before the build started.
  const deadline = Date.now() + 30_000;
  while (!(existsSync(snapshots) && readdirSync(snapshots).some((f) => f.endsWith('.part')))) {
    if (Date.now() > deadline) throw new Error('the build never started');
    await new Promise((r) => setTimeout(r, 5));
  }
  await server.close();
  expect(server.snapshots?.current()).toBeNull();
  expect(readdirSync(snapshots)).toEqual([]);
});

test('a restarted server serves the snapshot it built before, and never one newer than its database', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pult-snapshot-restart-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const db = `sqlite:${join(dir, 'server.sqlite')}`;
  const { seedWorld } = await import('./test-support/world.js');
  const snapshots = { minRows: 0, staleAfterVersions: 1 };
  let server = await createServer({ db, snapshots });
  const world = await seedWorld(server.database);
  const desk = new TestDesk(server.url, await signIn(server.url, 'anna'));
  const comment = { id: randomUUID(), ticketId: world.ticket.id, body: 'версия 2', public: false };
  await desk.push([desk.mutation('comment.add', comment)]);
  await server.snapshots?.ready();
  const built = server.snapshots?.current();
  await server.close();

  server = await createServer({ db, snapshots });
  onTestFinished(() => server.close());
  await server.snapshots?.ready();
  expect(server.snapshots?.current()).toEqual(built);
  await server.close();

  // The database goes back in time (a restore): the snapshot describes versions it never had.
  const { openServerDb } = await import('./db/connect.js');
  const database = openServerDb(db);
  await database.db
    .updateTable('server_version')
    .set({ version: (built?.version ?? 1) - 1 })
    .execute();
  await database.close();
  server = await createServer({ db, snapshots });
  await server.snapshots?.ready();
  expect(server.snapshots?.current()?.builtAt).not.toBe(built?.builtAt);
  expect(server.snapshots?.current()?.version).toBe((built?.version ?? 1) - 1);
});
