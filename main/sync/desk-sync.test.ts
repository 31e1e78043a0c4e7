import { deskDatabase } from '../workstation-db.js';
import Database from 'better-sqlite3';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PultEvent, SyncStatus } from '../../core/contract.js';
import { dispatch } from '../../core/dispatch.js';
import { createServer, type PultServer } from '../../server/app.js';
import { PASSWORD, seedWorld, type World } from '../../server/test-support/world.js';
import { openWorkstation, type Workstation } from '../workstation.js';
import { createMemorySecretStore } from './secret-store.js';
import { createHttpTransport } from './transport.js';

/**
 * Desks and a real server (embedded SQLite, restartable on the same file and port) in one process: what a
 * dispatcher sees when two desks share one company database.
 */
let dir: string;
let dbUrl: string;
let server: PultServer;
let world: World;
const desks: Workstation[] = [];

async function startServer(port = 0): Promise<PultServer> {
  return createServer({ db: dbUrl, port });
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pult-desk-sync-'));
  dbUrl = `sqlite:${join(dir, 'server.sqlite')}`;
  server = await startServer();
  world = await seedWorld(server.database);
});

afterEach(async () => {
  for (const desk of desks.splice(0)) desk.close();
  await server.close();
});

function openDesk(name: string): Workstation & { events: PultEvent[] } {
  const events: PultEvent[] = [];
  const desk = openWorkstation({
    dataFile: join(dir, `${name}.sqlite`),
    sync: { serverUrl: server.url, secrets: createMemorySecretStore() },
  });
  desk.subscribe((e) => events.push(e));
  desks.push(desk);
  return Object.assign(desk, { events });
}

async function call<T>(desk: Workstation, method: string, input: unknown): Promise<T> {
  const result = await dispatch(desk.handlers, method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

async function signIn(desk: Workstation, login: string): Promise<SyncStatus> {
  return call<SyncStatus>(desk, 'session:sign-in', { login, password: PASSWORD });
}

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

const statusOf = (desk: Workstation, id: string) =>
  (deskDatabase(desk).prepare('SELECT status FROM tickets WHERE id = ?').get(id) as { status: string } | undefined)
    ?.status;

/**
 * A front on 127.0.0.1 that answers the first `busyLogins` sign-ins itself with the server's 503 `busy` (the
 * answer its line of password checks gives when full) and passes everything else to the real server.
 */
async function startBusyFront(target: string, busyLogins: number, retryAfter: string) {
  const logins: number[] = [];
  const front = http.createServer((req, res) => {
    if (req.url === '/api/auth/login') logins.push(Date.now());
    if (req.url === '/api/auth/login' && logins.length <= busyLogins) {
      req.resume();
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': retryAfter });
      res.end(JSON.stringify({ error: { code: 'busy', message: 'The server is busy checking passwords' } }));
      return;
    }
    const upstream = http.request(`${target}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  const { port } = front.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, logins, close: () => new Promise((r) => front.close(r)) };
}

describe('desks that share one server', () => {
  it('an empty desk signs in and pulls everything, then works against its replica', async () => {
    const desk = openDesk('a');
    expect((await call<SyncStatus>(desk, 'session:status', {})).state).toBe('signed-out');
    const status = await signIn(desk, 'anna');
    expect(status).toMatchObject({ state: 'online', userName: 'Анна Ковалёва', pending: 0 });
    expect(statusOf(desk, world.ticket.id)).toBe('new');
    expect(await call(desk, 'app:info', {})).toMatchObject({ user: { name: 'Анна Ковалёва' } });
  });

  it('a server busy with other sign-ins (503 busy, Retry-After: 1) is waited for: the desk signs in a moment later', async () => {
    const front = await startBusyFront(server.url, 2, '1');
    try {
      const desk = openWorkstation({
        dataFile: join(dir, 'busy.sqlite'),
        sync: { serverUrl: front.url, secrets: createMemorySecretStore() },
      });
      desks.push(desk);
      const started = Date.now();
      const result = await dispatch(desk.handlers, 'session:sign-in', { login: 'anna', password: PASSWORD });
      expect(result).toMatchObject({ ok: true, value: { userName: 'Анна Ковалёва' } });
      expect(front.logins).toHaveLength(3);
      expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
      expect(statusOf(desk, world.ticket.id)).toBe('new');
    } finally {
      await front.close();
    }
  });

  it('a server that asks for longer than a person waits is reported busy (not unreachable), and the desk stays signed out', async () => {
    const front = await startBusyFront(server.url, 1, '30');
    try {
      const desk = openWorkstation({
        dataFile: join(dir, 'busy.sqlite'),
        sync: { serverUrl: front.url, secrets: createMemorySecretStore() },
      });
      desks.push(desk);
      const result = await dispatch(desk.handlers, 'session:sign-in', { login: 'anna', password: PASSWORD });
      expect(result).toMatchObject({
        ok: false,
        error: { code: 'server-unreachable', reason: { key: 'server-busy' } },
      });
      expect(front.logins).toHaveLength(1);
      expect((await call<SyncStatus>(desk, 'session:status', {})).state).toBe('signed-out');
    } finally {
      await front.close();
    }
  });

  it('a wrong password is refused by name and the desk stays signed out', async () => {
    const desk = openDesk('a');
    const result = await dispatch(desk.handlers, 'session:sign-in', { login: 'anna', password: 'nope' });
    expect(result).toMatchObject({ ok: false, error: { code: 'unauthorized', message: 'Wrong login or password' } });
    expect((await call<SyncStatus>(desk, 'session:status', {})).state).toBe('signed-out');
  });

  it('after ten wrong passwords the desk is told to wait, not that the password is wrong', async () => {
    const desk = openDesk('a');
    for (let i = 0; i < 10; i++) {
      const wrong = await dispatch(desk.handlers, 'session:sign-in', { login: 'anna', password: `guess ${i}` });
      expect(wrong).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    }
    const result = await dispatch(desk.handlers, 'session:sign-in', { login: 'anna', password: PASSWORD });
    expect(result).toMatchObject({ ok: false, error: { code: 'too-many-attempts' } });
    expect((await call<SyncStatus>(desk, 'session:status', {})).state).toBe('signed-out');
  });

  it('a status change at desk A appears at desk B without B asking (the poke)', async () => {
    const a = openDesk('a');
    const b = openDesk('b');
    await signIn(a, 'anna');
    await signIn(b, 'ivan');
    await call(a, 'ticket:set-status', { id: world.ticket.id, status: 'in_progress' });
    expect(statusOf(a, world.ticket.id)).toBe('in_progress'); // at once, locally
    await until('desk B to see the change', () => statusOf(b, world.ticket.id) === 'in_progress');
    await until(
      'desk A to have nothing pending',
      async () => (await call<SyncStatus>(a, 'session:status', {})).pending === 0,
    );
    expect(b.events.some((e) => e.type === 'changed')).toBe(true);
  });

  it('a change at desk A reaches an up-to-date desk B in the poke itself: B applies it without asking', async () => {
    const a = openDesk('a');
    let pulls = 0;
    const transport = createHttpTransport(server.url);
    const b = openWorkstation({
      dataFile: join(dir, 'b.sqlite'),
      sync: {
        serverUrl: server.url,
        secrets: createMemorySecretStore(),
        transport: { ...transport, pull: (...args) => (pulls++, transport.pull(...args)) },
      },
    });
    desks.push(b);
    await signIn(a, 'anna');
    await signIn(b, 'ivan');
    await b.syncNow();
    const pullsBefore = pulls;
    await call(a, 'ticket:set-status', { id: world.ticket.id, status: 'in_progress' });
    await until('desk B to see the change', () => statusOf(b, world.ticket.id) === 'in_progress');
    expect(pulls).toBe(pullsBefore);
    // And B is where a pull would have left it: nothing more to fetch, the same rows as the server.
    await b.syncNow();
    expect(statusOf(b, world.ticket.id)).toBe('in_progress');
  });

  /** A desk whose pulls are counted; `pokes: false` leaves it deaf to other desks' changes until it pulls. */
  function countingDesk(name: string, pokes = true) {
    const transport = createHttpTransport(server.url);
    const counted = { pulls: 0 };
    const desk = openWorkstation({
      dataFile: join(dir, `${name}.sqlite`),
      sync: {
        serverUrl: server.url,
        secrets: createMemorySecretStore(),
        transport: {
          ...transport,
          pull: (...args) => (counted.pulls++, transport.pull(...args)),
          ...(pokes ? {} : { poke: () => ({ close: () => undefined }) }),
        },
      },
    });
    desks.push(desk);
    return Object.assign(desk, { pullCount: () => counted.pulls });
  }
  const cursorOf = (desk: Workstation) =>
    Number(
      (deskDatabase(desk).prepare("SELECT value FROM settings WHERE key = 'sync.cursor'").get() as { value: string })
        .value,
    );
  const serverVersionNow = async () =>
    Number((await server.database.db.selectFrom('server_version').select('version').executeTakeFirstOrThrow()).version);
  const ticketOf = (desk: Workstation) =>
    deskDatabase(desk).prepare('SELECT status, updated_at FROM tickets WHERE id = ?').get(world.ticket.id);

  it("the server's answer to a push acknowledges it with the rows it wrote: the writing desk needs no pull", async () => {
    const a = countingDesk('a');
    await signIn(a, 'anna');
    await a.syncNow();
    const pullsBefore = a.pullCount();
    await call(a, 'ticket:set-status', { id: world.ticket.id, status: 'in_progress' });
    await until(
      'desk A to have nothing pending',
      async () => (await call<SyncStatus>(a, 'session:status', {})).pending === 0,
    );
    expect(a.pullCount()).toBe(pullsBefore);
    // The desk holds the server's row (its time, not the desk's) at the server's version, as a pull would leave it.
    const onServer = await server.database.db
      .selectFrom('tickets')
      .select(['status', 'updated_at'])
      .where('id', '=', world.ticket.id)
      .executeTakeFirstOrThrow();
    expect(ticketOf(a)).toEqual({ status: 'in_progress', updated_at: Number(onServer.updated_at) });
    expect(cursorOf(a)).toBe(await serverVersionNow());
  });

  it('a push answered with rows that do not start at the desk’s cursor (another desk wrote meanwhile) is followed by a pull', async () => {
    const a = countingDesk('a', false);
    const b = openDesk('b');
    await signIn(a, 'anna');
    await signIn(b, 'ivan');
    await a.syncNow();
    await call(b, 'ticket:add-comment', { id: crypto.randomUUID(), ticketId: world.ticket.id, body: 'от Ивана' });
    await until(
      'desk B to have nothing pending',
      async () => (await call<SyncStatus>(b, 'session:status', {})).pending === 0,
    );
    const pullsBefore = a.pullCount();
    await call(a, 'ticket:set-status', { id: world.ticket.id, status: 'in_progress' });
    await until(
      'desk A to have nothing pending',
      async () => (await call<SyncStatus>(a, 'session:status', {})).pending === 0,
    );
    expect(a.pullCount()).toBe(pullsBefore + 1);
    expect(deskDatabase(a).prepare('SELECT body FROM comments').pluck().all()).toEqual(['от Ивана']);
    expect(cursorOf(a)).toBe(await serverVersionNow());
  });

  it('works offline, and sends what was saved when the server is back, in order and exactly once', async () => {
    const a = openDesk('a');
    const b = openDesk('b');
    await signIn(a, 'anna');
    await signIn(b, 'ivan');
    const port = Number(new URL(server.url).port);
    await server.close();

    await call(a, 'ticket:set-status', { id: world.ticket.id, status: 'in_progress' });
    for (const body of ['первый', 'второй', 'третий']) {
      await call(a, 'ticket:add-comment', { id: crypto.randomUUID(), ticketId: world.ticket.id, body });
    }
    await a.syncNow();
    const offline = await call<SyncStatus>(a, 'session:status', {});
    expect(offline).toMatchObject({ state: 'offline', pending: 4 });

    server = await startServer(port);
    await until(
      'desk B to get every comment',
      () => {
        const bodies = (
          deskDatabase(b).prepare('SELECT body FROM comments ORDER BY at, rowid').all() as { body: string }[]
        ).map((c) => c.body);
        return bodies.join(',') === 'первый,второй,третий';
      },
      15_000,
    );
    await a.syncNow();
    expect(await call<SyncStatus>(a, 'session:status', {})).toMatchObject({ state: 'online', pending: 0 });
    const onServer = await server.database.db.selectFrom('comments').select('body').execute();
    expect(onServer.map((c) => c.body).sort()).toEqual(['второй', 'первый', 'третий']);
  });

  it('a ticket made offline carries a provisional number until the server numbers it', async () => {
    const a = openDesk('a');
    const b = openDesk('b');
    await signIn(a, 'anna');
    await signIn(b, 'pavel'); // a planner: may open tickets too
    const port = Number(new URL(server.url).port);
    await server.close();

    // Both desks guess the same next number while they cannot ask the server.
    const make = (desk: Workstation, title: string) =>
      call<{ id: string; number: number; provisional: boolean }>(desk, 'ticket:create', {
        id: crypto.randomUUID(),
        clientId: world.client.id,
        type: 'incident',
        billing: 'warranty',
        title,
      });
    const fromA = await make(a, 'Не работает датчик топлива');
    const fromB = await make(b, 'Трекер не выходит на связь');
    expect(fromA).toMatchObject({ number: 3, provisional: true });
    expect(fromB).toMatchObject({ number: 3, provisional: true });
    const rowOf = async (desk: Workstation, id: string) =>
      (
        await call<{ rows: { id: string; number: number; provisional: boolean }[] }>(desk, 'tickets:query', {
          view: 'all',
          limit: 10,
        })
      ).rows.find((r) => r.id === id);
    expect(await rowOf(a, fromA.id)).toMatchObject({ number: 3, provisional: true });
    expect(await rowOf(a, world.ticket.id)).toMatchObject({ provisional: false });
    expect(await call(a, 'ticket:get', { id: fromA.id })).toMatchObject({ ticket: { provisional: true } });

    server = await startServer(port);
    await a.syncNow();
    await b.syncNow();
    await a.syncNow();
    const numbers = [await rowOf(a, fromA.id), await rowOf(a, fromB.id)];
    expect(numbers.map((r) => r?.provisional)).toEqual([false, false]);
    expect(new Set(numbers.map((r) => r?.number))).toEqual(new Set([3, 4]));
    expect(await rowOf(b, fromA.id)).toEqual(numbers[0]);
    expect(await call(a, 'ticket:get', { id: fromA.id })).toMatchObject({ ticket: { provisional: false } });
  });

  it('a change the server refuses is rolled back at the desk, and the user is told why by name', async () => {
    const a = openDesk('a');
    const b = openDesk('b');
    await signIn(a, 'anna');
    await signIn(b, 'ivan');
    const port = Number(new URL(server.url).port);

    // Desk B goes offline and takes the ticket there; meanwhile Anna takes it through the server.
    await server.close();
    await call(b, 'ticket:claim', { id: world.ticket.id });
    expect(deskDatabase(b).prepare('SELECT assignee_id FROM tickets WHERE id = ?').get(world.ticket.id)).toEqual({
      assignee_id: world.ivan.employee.id,
    });
    server = await startServer(port);
    await a.syncNow();
    await call(a, 'ticket:claim', { id: world.ticket.id });
    await a.syncNow();

    await b.syncNow();
    await until('desk B to hear of the refusal', () => b.events.some((e) => e.type === 'rejected'), 15_000);
    expect(b.events.find((e) => e.type === 'rejected')).toMatchObject({
      mutation: 'ticket:claim',
      code: 'conflict',
      message: 'Already taken by Анна Ковалёва',
      reason: { key: 'already-taken', params: { name: 'Анна Ковалёва' } },
    });
    expect(deskDatabase(b).prepare('SELECT assignee_id FROM tickets WHERE id = ?').get(world.ticket.id)).toEqual({
      assignee_id: world.anna.employee.id,
    });
    expect(await call<SyncStatus>(b, 'session:status', {})).toMatchObject({ pending: 0 });
  });

  it('a role may not do what the server forbids: the desk says so at once and sends nothing', async () => {
    const desk = openDesk('p');
    await signIn(desk, 'pavel'); // a planner
    const result = await dispatch(desk.handlers, 'payment:add', {
      id: crypto.randomUUID(),
      ticketId: world.ticket.id,
      amount: 100,
      paidAt: Date.now(),
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: expect.stringMatching(/planner/) },
    });
    expect(await call<SyncStatus>(desk, 'session:status', {})).toMatchObject({ pending: 0 });
    expect(deskDatabase(desk).prepare('SELECT count(*) AS n FROM payments').get()).toEqual({ n: 0 });
    // What a desk that did send it would meet (server/push.test.ts: refused by role, on both backends).
    await desk.syncNow();
    expect(await server.database.db.selectFrom('payments').selectAll().execute()).toEqual([]);
  });

  it('pending changes survive closing the desk before they were pushed', async () => {
    const dataFile = join(dir, 'crashy.sqlite');
    const secrets = createMemorySecretStore();
    let desk = openWorkstation({ dataFile, sync: { serverUrl: server.url, secrets } });
    await call(desk, 'session:sign-in', { login: 'anna', password: PASSWORD });
    const port = Number(new URL(server.url).port);
    await server.close();
    await call(desk, 'ticket:set-status', { id: world.ticket.id, status: 'in_progress' });
    // "Saved" means on disk: the change and its outbox entry, under its one name, in the same commit.
    expect(deskDatabase(desk).prepare('SELECT mutation_id, name FROM outbox').all()).toEqual([
      { mutation_id: 1, name: 'ticket:set-status' },
    ]);
    desk.close(); // "saved", then the desk is gone before any push

    server = await startServer(port);
    desk = openWorkstation({ dataFile, sync: { serverUrl: server.url, secrets } });
    desks.push(desk);
    await desk.syncNow();
    await until('the server to have the change', async () => {
      const row = await server.database.db
        .selectFrom('tickets')
        .select('status')
        .where('id', '=', world.ticket.id)
        .executeTakeFirst();
      return row?.status === 'in_progress';
    });
  });
});

describe('a desk that changes hands', () => {
  it('the next shift signs in at the same desk and its changes reach the server as its own', async () => {
    const desk = openDesk('first-line');
    await signIn(desk, 'anna');
    await call(desk, 'ticket:add-comment', { id: crypto.randomUUID(), ticketId: world.ticket.id, body: 'смена Анны' });
    await desk.syncNow();
    await call(desk, 'session:sign-out', {});
    const status = await signIn(desk, 'ivan');
    expect(status).toMatchObject({ state: 'online', userName: 'Иван Петров' });
    await call(desk, 'ticket:add-comment', { id: crypto.randomUUID(), ticketId: world.ticket.id, body: 'смена Ивана' });
    await desk.syncNow();
    expect(await call<SyncStatus>(desk, 'session:status', {})).toMatchObject({ state: 'online', pending: 0 });
    const comments = await server.database.db
      .selectFrom('comments')
      .select(['body', 'author_id'])
      .orderBy('at')
      .execute();
    expect(comments).toEqual([
      { body: 'смена Анны', author_id: world.anna.employee.id },
      { body: 'смена Ивана', author_id: world.ivan.employee.id },
    ]);
  });
});

describe('a server restored from an older backup', () => {
  it('the desk reloads from it, keeps and resends its unsent change, and tells the user', async () => {
    const desk = openDesk('restored');
    await signIn(desk, 'anna');
    await call(desk, 'ticket:set-status', { id: world.ticket.id, status: 'in_progress' });
    await desk.syncNow();

    // The backup is taken here; what follows reaches the server and is lost when the backup is restored.
    const serverFile = join(dir, 'server.sqlite');
    const backupFile = join(dir, 'backup.sqlite');
    const source = new Database(serverFile, { readonly: true });
    await source.backup(backupFile);
    source.close();
    const lost = crypto.randomUUID();
    await call(desk, 'ticket:add-comment', { id: lost, ticketId: world.ticket.id, body: 'после копии' });
    await desk.syncNow();

    const port = Number(new URL(server.url).port);
    await server.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(serverFile + suffix, { force: true });
    copyFileSync(backupFile, serverFile);
    server = await startServer(port);

    // The desk's next change meets a server that has forgotten its last one.
    const kept = crypto.randomUUID();
    await call(desk, 'ticket:add-comment', { id: kept, ticketId: world.ticket.id, body: 'после восстановления' });
    await desk.syncNow();
    await desk.syncNow();

    expect(desk.events.filter((e) => e.type === 'reset')).toEqual([
      { type: 'reset', reason: expect.any(String), kept: 1 },
    ]);
    const status = await call<SyncStatus>(desk, 'session:status', {});
    expect(status).toMatchObject({ state: 'online', pending: 0 });
    const onServer = await server.database.db.selectFrom('comments').select('id').execute();
    expect(onServer.map((c) => c.id)).toContain(kept);
    expect(onServer.map((c) => c.id)).not.toContain(lost);
    // The replica is the server's again: the restored status, the resent comment, not the lost one.
    const db = deskDatabase(desk);
    expect(db.prepare('SELECT status FROM tickets WHERE id = ?').get(world.ticket.id)).toEqual({
      status: 'in_progress',
    });
    const ids = (db.prepare('SELECT id FROM comments').all() as { id: string }[]).map((c) => c.id);
    expect(ids).toContain(kept);
    expect(ids).not.toContain(lost);
  });
});
