import { deskDatabase } from '../main/workstation-db.js';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { expect, onTestFinished, test } from 'vitest';
import type { PultEvent, SyncStatus } from '../core/contract.js';
import { dispatch } from '../core/dispatch.js';
import { createMemorySecretStore } from '../main/sync/secret-store.js';
import { createHttpTransport, type SyncTransport } from '../main/sync/transport.js';
import { openWorkstation, type Workstation } from '../main/workstation.js';
import { createServer, type PultServer } from './app.js';
import { startTestPostgres } from './test-support/postgres.js';
import { PASSWORD, seedWorld } from './test-support/world.js';

/**
 * PostgreSQL restarts (fast mode: open transactions are cut, every connection drops) while a desk is half-way
 * through a push. Real desks (openWorkstation with sync, over HTTP) against a real server (Fastify in this
 * process) on a throwaway cluster: the server's pool must find its way back by itself, the desks must retry,
 * and the idempotent push must turn every re-sent mutation the server had already committed into a no-op.
 */

/** What a desk's real HTTP transport went through (the transport itself is the desk's own). */
type Traffic = {
  /** Pushes on the wire now, by number. */
  pushing: Set<number>;
  pushes: number;
  failedPushes: Set<number>;
  /** Mutations the server answered `duplicate` to: it had them already. */
  duplicates: number;
  failures: string[];
};

function observedTransport(serverUrl: string, traffic: Traffic): SyncTransport {
  const http = createHttpTransport(serverUrl);
  const observe = async <T>(what: string, request: () => Promise<T>): Promise<T> => {
    try {
      return await request();
    } catch (error) {
      traffic.failures.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
      throw error;
    }
  };
  return {
    ...http,
    async push(token, request) {
      const n = ++traffic.pushes;
      traffic.pushing.add(n);
      try {
        const response = await observe('push', () => http.push(token, request));
        traffic.duplicates += response.results.filter((r) => r.status === 'duplicate').length;
        return response;
      } catch (error) {
        traffic.failedPushes.add(n);
        throw error;
      } finally {
        traffic.pushing.delete(n);
      }
    },
    pull: (token, request) => observe('pull', () => http.pull(token, request)),
  };
}

type Desk = Readonly<{ ws: Workstation; traffic: Traffic; rejected: PultEvent[] }>;

async function call<T>(desk: Desk, method: string, input: unknown): Promise<T> {
  const result = await dispatch(desk.ws.handlers, method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, check: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`Timed out after ${ms} ms waiting for ${what}`);
    await tick(5);
  }
}

const byId = <T extends { id: string }>(rows: readonly T[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id));

test("restart PostgreSQL mid-push: every desk converges to the server's state and no acknowledged change is lost or applied twice", async () => {
  const postgres = await startTestPostgres();
  // Restarting someone else's database is not ours to do, and skipping would pass without proving anything.
  // (Nothing was created on it yet, so there is nothing to clean up.)
  if (postgres.cannotRestart) throw new Error(postgres.cannotRestart);
  const dir = mkdtempSync(join(tmpdir(), 'pult-pg-restart-'));
  const desks: Desk[] = [];
  let server: PultServer | null = null;
  onTestFinished(async () => {
    try {
      for (const desk of desks) desk.ws.close();
      await server?.close();
    } finally {
      await postgres.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const url = await postgres.createDatabase();
  server = await createServer({ db: url });
  const world = await seedWorld(server.database);
  const { db } = server.database;

  const openDesk = async (name: string, login: string): Promise<Desk> => {
    const traffic: Traffic = { pushing: new Set(), pushes: 0, failedPushes: new Set(), duplicates: 0, failures: [] };
    const ws = openWorkstation({
      dataFile: join(dir, `${name}.sqlite`),
      sync: {
        serverUrl: server!.url,
        secrets: createMemorySecretStore(),
        transport: observedTransport(server!.url, traffic),
      },
    });
    const desk: Desk = { ws, traffic, rejected: [] };
    desks.push(desk);
    ws.subscribe((e) => {
      if (e.type === 'rejected') desk.rejected.push(e);
    });
    expect(await call<SyncStatus>(desk, 'session:sign-in', { login, password: PASSWORD })).toMatchObject({
      state: 'online',
      pending: 0,
    });
    return desk;
  };
  const a = await openDesk('a', 'anna');
  const b = await openDesk('b', 'ivan');

  /** Every change a desk saved locally (the desk said ok), in the order it saved them. */
  const saved = new Map<Desk, { comments: { id: string; body: string }[]; mutations: number }>(
    desks.map((d) => [d, { comments: [], mutations: 0 }]),
  );
  const comment = async (desk: Desk, body: string) => {
    const id = randomUUID();
    const ticketId = saved.get(desk)!.comments.length % 2 ? world.taken.id : world.ticket.id;
    await call(desk, 'ticket:add-comment', { id, ticketId, body });
    saved.get(desk)!.comments.push({ id, body });
    saved.get(desk)!.mutations++;
  };
  const setStatus = async (desk: Desk, id: string, status: string) => {
    await call(desk, 'ticket:set-status', { id, status });
    saved.get(desk)!.mutations++;
  };

  // A second session holds back every insert into comments until the restart cuts it: a push that reaches its
  // first comment waits there with its transaction open, so the restart is sure to land inside a batch (without
  // it, the batch could commit in the moment between "the server is writing" and the cut).
  const blocker = new pg.Client({ connectionString: url });
  blocker.on('error', () => undefined); // the restart terminates it, which is the point
  await blocker.connect();
  onTestFinished(() => blocker.end().catch(() => undefined));
  await blocker.query('BEGIN');
  await blocker.query('LOCK TABLE comments IN SHARE ROW EXCLUSIVE MODE');

  // Before: a status change and a burst of comments, so that the desk pushes them as one long batch.
  await setStatus(a, world.ticket.id, 'in_progress');
  for (let i = 0; i < 40; i++) await comment(a, `before #${i}`);
  const processedOfA = async () =>
    Number(
      (
        await db
          .selectFrom('desks')
          .select('last_mutation_id')
          .where('user_id', '=', world.anna.user.id)
          .executeTakeFirst()
      )?.last_mutation_id ?? 0,
    );
  // The server is inside that batch: a push is on the wire and its transaction has written (PostgreSQL gave
  // it a transaction id) and now waits for the comments lock, so nothing of it is committed. A request is one
  // transaction, so the cut loses all of it and the desk must send it again.
  const writingPush = async () => {
    const { rows } = await sql<{ n: unknown }>`
      select count(*) as n from pg_stat_activity
      where application_name = 'pult-server' and backend_xid is not null and wait_event_type = 'Lock'
        and pid <> pg_backend_pid()`.execute(db);
    return Number(rows[0]?.n ?? 0) > 0;
  };
  let cut: ReadonlySet<number> = new Set();
  let processedAtCut = 0;
  await until(
    "the server to be inside desk A's batch",
    async () => {
      if (!(await writingPush())) return false;
      // The waiting push cannot finish before the restart, so the pushes on the wire now are the ones cut.
      // (Read after the check: one read before it might name an earlier push that has finished since.)
      cut = new Set(a.traffic.pushing);
      processedAtCut = await processedOfA();
      return cut.size > 0;
    },
    10_000,
  );

  // During: PostgreSQL restarts in fast mode under the push on the wire; both desks keep working.
  const started = Date.now();
  let restarted = false;
  const restarting = postgres.restart().finally(() => {
    restarted = true;
  });
  restarting.catch(() => undefined); // awaited below; a failed restart fails the test there
  await setStatus(a, world.ticket.id, 'needs_visit'); // the server numbers the child ticket this creates
  let during = 0;
  do {
    await comment(a, `during #${during}`);
    if (during % 3 === 0) await comment(b, `desk B during #${during}`);
    during++;
    await tick(15);
  } while (!restarted);
  await restarting;
  const restartMs = Date.now() - started;

  // After: more changes on the restarted database.
  for (let i = 0; i < 20; i++) await comment(a, `after #${i}`);
  await setStatus(a, world.taken.id, 'done');
  await comment(b, 'desk B after');

  // Converge: nothing pending, both online, both at the server's current version. The pool recovers by itself.
  const currentVersion = async () =>
    Number((await db.selectFrom('server_version').select('version').executeTakeFirstOrThrow()).version);
  const cursorOf = (desk: Desk) =>
    Number(
      (deskDatabase(desk.ws).prepare("SELECT value FROM settings WHERE key = 'sync.cursor'").get() as { value: string })
        .value,
    );
  let statuses: SyncStatus[] = [];
  await until(
    'both desks to converge',
    async () => {
      await Promise.all(desks.map((d) => d.ws.syncNow()));
      statuses = await Promise.all(desks.map((d) => call<SyncStatus>(d, 'session:status', {})));
      const version = await currentVersion();
      return desks.every(
        (d, i) => statuses[i]?.pending === 0 && statuses[i]?.state === 'online' && cursorOf(d) === version,
      );
    },
    45_000,
  ).catch((error: unknown) => {
    throw new Error(
      `${String(error)}; statuses ${JSON.stringify(statuses)}; failures of A: ${a.traffic.failures.join(' | ')}`,
    );
  });

  // The restart really cut the push that was on the wire while its transaction was writing, so the desk had to
  // send that batch again (else this test would prove nothing)…
  const failures = `pushes ${[...cut].join(', ')} cut, ${[...a.traffic.failedPushes].join(', ')} of ${a.traffic.pushes} failed; restart after ${processedAtCut} of desk A's mutations, took ${restartMs} ms; desk A's failed requests: ${a.traffic.failures.join(' | ')}`;
  expect(
    [...cut].some((n) => a.traffic.failedPushes.has(n)),
    failures,
  ).toBe(true);

  // …and yet every comment each desk saved is on the server exactly once, with the body it was saved with.
  const onServer = await db.selectFrom('comments').select(['id', 'body', 'version']).execute();
  const allSaved = [...saved.values()].flatMap((s) => s.comments);
  expect(onServer).toHaveLength(allSaved.length);
  for (const c of allSaved) expect(onServer.filter((s) => s.id === c.id).map((s) => s.body)).toEqual([c.body]);

  // A's comments took versions in the order A saved them.
  const versionOf = new Map(onServer.map((c) => [c.id, Number(c.version)]));
  const aVersions = saved.get(a)!.comments.map((c) => versionOf.get(c.id) ?? -1);
  for (let i = 1; i < aVersions.length; i++) expect(aVersions[i]!).toBeGreaterThan(aVersions[i - 1]!);

  // Nothing was applied twice: a second comment.add or status change would have been refused (conflict,
  // transition-not-allowed) and stored as a rejection. And the server processed every mutation each desk saved.
  expect(await db.selectFrom('rejections').selectAll().execute()).toEqual([]);
  for (const desk of desks) expect(desk.rejected).toEqual([]);
  const processed = new Map(
    (await db.selectFrom('desks').select(['user_id', 'last_mutation_id']).execute()).map((d) => [
      d.user_id,
      Number(d.last_mutation_id),
    ]),
  );
  expect(processed).toEqual(
    new Map([
      [world.anna.user.id, saved.get(a)!.mutations],
      [world.ivan.user.id, saved.get(b)!.mutations],
    ]),
  );
  const statusOnServer = new Map(
    (await db.selectFrom('tickets').select(['id', 'status']).execute()).map((t) => [t.id, t.status]),
  );
  expect(statusOnServer.get(world.ticket.id)).toBe('needs_visit');
  expect(statusOnServer.get(world.taken.id)).toBe('done');

  // Both replicas equal the server: comments (id, body) and tickets (id, number, status).
  const serverComments = byId(onServer.map(({ id, body }) => ({ id, body })));
  const serverTickets = byId(
    (await db.selectFrom('tickets').select(['id', 'number', 'status']).execute()).map((t) => ({
      id: t.id,
      number: Number(t.number),
      status: t.status,
    })),
  );
  expect(serverTickets).toHaveLength(3); // the world's two and the child of "needs visit"
  for (const desk of desks) {
    expect(
      byId(deskDatabase(desk.ws).prepare('SELECT id, body FROM comments').all() as { id: string; body: string }[]),
    ).toEqual(serverComments);
    expect(
      byId(
        deskDatabase(desk.ws).prepare('SELECT id, number, status FROM tickets').all() as {
          id: string;
          number: number;
          status: string;
        }[],
      ),
    ).toEqual(serverTickets);
  }
}, 120_000);
