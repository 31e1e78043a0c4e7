import { deskDatabase } from '../workstation-db.js';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../core/contract.js';
import { dispatch } from '../../core/dispatch.js';
import { TABLE_NAMES, type SnapshotMeta } from '../../core/sync-protocol.js';
import { createServer, type PultServer } from '../../server/app.js';
import { DEMO_PASSWORD, importDemo } from '../../server/demo-import.js';
import { openServerDb } from '../../server/db/connect.js';
import { migrateToLatest } from '../../server/db/migrations/index.js';
import { openWorkstation, type Workstation } from '../workstation.js';
import { createMemorySecretStore } from './secret-store.js';
import { createHttpTransport, type SyncTransport } from './transport.js';

/**
 * First sync from a snapshot (docs/sync.md, First sync): an empty desk copies the server's ready-made
 * replica file and pulls only what came after it. What the dispatcher must get is exactly the replica a
 * page-by-page first sync gives, searchable, and still this desk's own: its identity, its outbox numbering.
 */
let dir: string;
let server: PultServer;
let login: string;
/** Another demo user: a second desk needs a user of its own (a desk belongs to one user). */
let login2: string;
const desks: Workstation[] = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pult-snapshot-'));
  const dbUrl = `sqlite:${join(dir, 'server.sqlite')}`;
  const database = openServerDb(dbUrl);
  await migrateToLatest(database);
  const demo = await importDemo(database, { tickets: 300 });
  await database.close();
  const active = demo?.users.filter((u) => u.active) ?? [];
  login = active.find((u) => u.roles.includes('dispatcher'))?.login ?? '';
  login2 = active.find((u) => u.login !== login)?.login ?? '';
  server = await createServer({ db: dbUrl, snapshots: { minRows: 0 } });
  await server.snapshots?.ready();
  // A real build on a worker thread that loads its code first: on a busy machine, more than the default 10 s.
}, 60_000);

afterEach(async () => {
  for (const desk of desks.splice(0)) desk.close();
  for (const hop of hops.splice(0)) hop.close();
  await server.close();
});

type Recorded = { snapshots: (SnapshotMeta | null)[]; pullCursors: number[] };

/** What went over the wire for one snapshot download through the proxy below. */
type Wire = { encoding: string | null; bytes: number };
type Mangle = 'none' | 'cut' | 'flip';

/**
 * A hop between the desk and the server for the snapshot download, the way a bad office line or proxy
 * would treat it: it passes the server's answer through untouched, cuts the connection halfway through the
 * body (`cut`), or flips one byte in the middle of it (`flip`). It records what crossed it.
 */
async function snapshotHop(mangle: Mangle, wire: Wire[]): Promise<string> {
  const hop = http.createServer((request, response) => {
    const upstream = http.get(`${server.url}${request.url}`, { headers: request.headers }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (c: Buffer) => chunks.push(c));
      answer.on('end', () => {
        const body = Buffer.concat(chunks);
        wire.push({ encoding: answer.headers['content-encoding'] ?? null, bytes: body.length });
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        const ok = (answer.statusCode ?? 0) === 200;
        if (ok && mangle === 'cut') {
          response.write(body.subarray(0, body.length >> 1), () => response.destroy());
          return;
        }
        if (ok && mangle === 'flip') body[body.length >> 1]! ^= 0xff;
        response.end(body);
      });
    });
    upstream.on('error', () => response.destroy());
  });
  await new Promise<void>((r) => hop.listen(0, '127.0.0.1', r));
  hops.push(hop);
  return `http://127.0.0.1:${(hop.address() as AddressInfo).port}`;
}
const hops: http.Server[] = [];

/** The real HTTP transport, recording what each snapshot download returned; `paged` leaves snapshots out. */
function transport(options: { paged?: boolean; recorded?: Recorded; snapshotVia?: string } = {}): SyncTransport {
  const real = createHttpTransport(server.url);
  if (options.paged) return { ...real, snapshot: undefined };
  const download = createHttpTransport(options.snapshotVia ?? server.url).snapshot!;
  return {
    ...real,
    pull(token, request) {
      options.recorded?.pullCursors.push(request.cursor);
      return real.pull(token, request);
    },
    async snapshot(token, query, file, onProgress) {
      const meta = await download(token, query, file, onProgress);
      options.recorded?.snapshots.push(meta);
      return meta;
    },
  };
}

function openDesk(name: string, t: SyncTransport): Workstation & { statuses: SyncStatus[] } {
  const statuses: SyncStatus[] = [];
  const desk = openWorkstation({
    dataFile: join(dir, `${name}.sqlite`),
    sync: { serverUrl: server.url, secrets: createMemorySecretStore(), transport: t },
  });
  desk.subscribe((e) => {
    if (e.type === 'sync') statuses.push(e.status);
  });
  desks.push(desk);
  return Object.assign(desk, { statuses });
}

async function call<T>(desk: Workstation, method: string, input: unknown): Promise<T> {
  const result = await dispatch(desk.handlers, method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

/** Every replicated row of a desk, without the desk-local rowid (seq). */
function replica(desk: Workstation): Record<string, unknown[]> {
  return Object.fromEntries(
    TABLE_NAMES.map((table) => [
      table,
      (deskDatabase(desk).prepare(`SELECT * FROM ${table} ORDER BY id`).all() as Record<string, unknown>[]).map(
        ({ seq: _seq, ...row }) => row,
      ),
    ]),
  );
}

const plateOfSomeTicket = (desk: Workstation) =>
  (
    deskDatabase(desk)
      .prepare('SELECT v.plate FROM tickets t JOIN vehicles v ON v.id = t.vehicle_id ORDER BY t.number LIMIT 1')
      .get() as { plate: string }
  ).plate;

describe('an empty desk and a server with a snapshot', () => {
  it('starts from the snapshot, pulls what came after it, and ends with exactly the replica paging gives', async () => {
    // A change after the snapshot: the desk must get it by pulling from the snapshot's version.
    const writer = openDesk('writer', transport({ paged: true }));
    await call(writer, 'session:sign-in', { login, password: DEMO_PASSWORD });
    const ticket = (
      deskDatabase(writer).prepare('SELECT id FROM tickets ORDER BY number LIMIT 1').get() as { id: string }
    ).id;
    await call(writer, 'ticket:add-comment', { id: crypto.randomUUID(), ticketId: ticket, body: 'после снимка' });
    await writer.syncNow();
    const snapshotVersion = server.snapshots?.current()?.version ?? -1;

    const recorded: Recorded = { snapshots: [], pullCursors: [] };
    const wire: Wire[] = [];
    const fresh = openDesk('fresh', transport({ recorded, snapshotVia: await snapshotHop('none', wire) }));
    const status = await call<SyncStatus>(fresh, 'session:sign-in', { login: login2, password: DEMO_PASSWORD });
    expect(status).toMatchObject({ state: 'online', pending: 0, progress: null });
    expect(recorded.snapshots).toEqual([expect.objectContaining({ version: snapshotVersion })]);
    // It came compressed, and what the desk checked and installed is the whole file the server described.
    const meta = recorded.snapshots[0]!;
    expect(wire).toEqual([{ encoding: 'br', bytes: server.snapshots?.current()?.brotliBytes }]);
    expect(wire[0]!.bytes).toBeLessThan(meta.bytes / 2);
    // Only what came after the snapshot was pulled.
    expect(recorded.pullCursors[0]).toBe(snapshotVersion);
    // The bar moved while the file came in, and ended full.
    const shown = fresh.statuses.flatMap((s) => (s.progress ? [s.progress] : []));
    expect(shown.length).toBeGreaterThan(1);
    expect(shown.at(-1)?.done).toBe(shown.at(-1)?.total);

    const paged = openDesk('paged', transport({ paged: true }));
    await call(paged, 'session:sign-in', { login: login2, password: DEMO_PASSWORD });
    expect(replica(fresh)).toEqual(replica(paged));
    expect(replica(fresh).comments).toContainEqual(expect.objectContaining({ body: 'после снимка' }));

    // Searchable at once: the text index came with the file.
    const plate = plateOfSomeTicket(fresh);
    const found = await call<{ total: number }>(fresh, 'tickets:query', {
      view: 'all',
      filter: { text: plate },
      limit: 10,
    });
    expect(found.total).toBeGreaterThan(0);
    expect(found).toEqual(await call(paged, 'tickets:query', { view: 'all', filter: { text: plate }, limit: 10 }));
    expect(existsSync(join(dir, 'fresh.sqlite.snapshot'))).toBe(false);
  });

  it('the desk stays itself: its identity and outbox go on, and its next change reaches the other desks', async () => {
    const desk = openDesk('desk', transport());
    await call(desk, 'session:sign-in', { login, password: DEMO_PASSWORD });
    const setting = (key: string) =>
      (deskDatabase(desk).prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined)
        ?.value;
    expect(setting('sync.desk_id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number(setting('sync.cursor'))).toBeGreaterThanOrEqual(server.snapshots?.current()?.version ?? Infinity);

    const other = openDesk('other', transport({ paged: true }));
    await call(other, 'session:sign-in', { login: login2, password: DEMO_PASSWORD });
    const ticket = (
      deskDatabase(desk).prepare('SELECT id FROM tickets ORDER BY number LIMIT 1').get() as { id: string }
    ).id;
    const id = crypto.randomUUID();
    await call(desk, 'ticket:add-comment', { id, ticketId: ticket, body: 'с рабочего места со снимком' });
    await desk.syncNow();
    expect(await call<SyncStatus>(desk, 'session:status', {})).toMatchObject({ pending: 0, state: 'online' });
    await other.syncNow();
    expect(deskDatabase(other).prepare('SELECT body FROM comments WHERE id = ?').get(id)).toEqual({
      body: 'с рабочего места со снимком',
    });
  });

  it.each([
    ['cut off halfway', 'cut'],
    ['with one byte flipped', 'flip'],
  ] as const)(
    'a compressed snapshot that arrives %s is never installed: the desk pulls page by page and ends right',
    async (_how, mangle) => {
      const recorded: Recorded = { snapshots: [], pullCursors: [] };
      const wire: Wire[] = [];
      const desk = openDesk('desk', transport({ recorded, snapshotVia: await snapshotHop(mangle, wire) }));
      await expect(call(desk, 'session:sign-in', { login, password: DEMO_PASSWORD })).resolves.toMatchObject({
        state: 'online',
      });
      // The download was tried, compressed, and refused: nothing of it was installed, paging did the work.
      expect(wire).toEqual([expect.objectContaining({ encoding: 'br' })]);
      expect(recorded.snapshots).toEqual([]);
      expect(recorded.pullCursors[0]).toBe(0);
      const paged = openDesk('paged', transport({ paged: true }));
      await call(paged, 'session:sign-in', { login: login2, password: DEMO_PASSWORD });
      expect(replica(desk)).toEqual(replica(paged));
      expect(readdirSync(dir).filter((f) => f.endsWith('.snapshot'))).toEqual([]);
    },
  );

  it('a desk that already holds data never takes a snapshot over it', async () => {
    const recorded: Recorded = { snapshots: [], pullCursors: [] };
    const desk = openDesk('desk', transport({ recorded }));
    await call(desk, 'session:sign-in', { login, password: DEMO_PASSWORD });
    expect(recorded.snapshots).toHaveLength(1);
    await call(desk, 'session:sign-out', {});
    await call(desk, 'session:sign-in', { login: login2, password: DEMO_PASSWORD });
    expect(recorded.snapshots).toHaveLength(1);
  });
});
