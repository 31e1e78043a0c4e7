import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, onTestFinished, test } from 'vitest';
import type { PushedMutation } from '../core/sync-protocol.js';
import { createServer } from './app.js';
import { openServerDb } from './db/connect.js';
import { migrateToLatest } from './db/migrations/index.js';
import { BACKENDS, startTestServer, testDatabases } from './test-support/backends.js';
import { openPoke, serverRows, serverVersion, signIn, TestDesk } from './test-support/client.js';
import { seedWorld } from './test-support/world.js';

/**
 * What must hold when many things happen at once or the server dies: versions gap-free and in commit order
 * (so a desk pulling meanwhile never skips a row), pokes crossing server instances, and every acknowledged
 * mutation surviving a kill -9.
 */
const databases = testDatabases();
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const comment = (ticketId: string, body: string) => ({ id: randomUUID(), ticketId, body, public: false });

describe.each(BACKENDS)('concurrency on %s', (backend) => {
  test('versions stay gap-free and in commit order while several desks push at once: a desk pulling meanwhile misses nothing', async () => {
    const first = await startTestServer(databases, backend);
    const { world } = first;
    // On PostgreSQL two instances share the database, as in production; SQLite has one writer process.
    const second = backend === 'postgres' ? await createServer({ db: first.dbUrl }) : first.server;
    if (second !== first.server) onTestFinished(() => second.close());
    const urls = [first.url, second.url];

    const logins = ['anna', 'ivan', 'pavel', 'olga'];
    const desks = await Promise.all(
      logins.map(async (login, i) => {
        const url = urls[i % urls.length] ?? first.url;
        return new TestDesk(url, await signIn(url, login));
      }),
    );
    const PER_DESK = 30;
    const BATCH = 3;
    const tickets = [world.ticket.id, world.taken.id];

    const watcher = new TestDesk(second.url, await signIn(second.url, 'admin'));
    const heard = new Set<string>();
    let cursor = (await watcher.pullAll(0)).at(-1)?.cursor ?? 0;
    const watch = async () => {
      for (const page of await watcher.pullAll(cursor)) {
        for (const c of page.changes) if (c.table === 'comments') heard.add(String(c.row.id));
        cursor = page.cursor;
      }
    };
    let pushing = true;
    const watching = (async () => {
      while (pushing) await watch();
    })();

    await Promise.all(
      desks.map(async (desk, d) => {
        const all = Array.from({ length: PER_DESK }, (_, i) =>
          desk.mutation('comment.add', comment(tickets[i % 2] ?? '', `desk ${d} #${i}`)),
        );
        for (let i = 0; i < all.length; i += BATCH) {
          const reply = await desk.push(all.slice(i, i + BATCH));
          expect(reply.status).toBe(200);
        }
      }),
    );
    pushing = false;
    await watching;
    await watch();

    const total = desks.length * PER_DESK;
    const versions = (await first.server.database.db.selectFrom('comments').select('version').execute())
      .map((r) => Number(r.version))
      .sort((a, b) => a - b);
    // The world took version 1; then one version per applied mutation, none skipped, none shared.
    expect(versions).toEqual(Array.from({ length: total }, (_, i) => i + 2));
    expect(await serverVersion(first.url)).toBe(total + 1);
    expect(heard.size).toBe(total);
  });

  test('a push pokes every other desk connected to the server with the new version, and the greeting says the current one', async () => {
    const { url, world } = await startTestServer(databases, backend);
    const anna = new TestDesk(url, await signIn(url, 'anna'));
    // Anna at another desk, and Ivan (the pushing desk itself hears of its push in the push's answer).
    const sockets = await Promise.all([
      openPoke(url, await signIn(url, 'anna')),
      openPoke(url, await signIn(url, 'ivan')),
    ]);
    onTestFinished(() => sockets.forEach((s) => s.close()));
    for (const s of sockets) expect(s.versions).toEqual([1]);
    await anna.push([anna.mutation('comment.add', comment(world.ticket.id, 'poke'))]);
    for (const s of sockets) expect(await s.waitFor(2)).toBe(2);
    // A rejected mutation changes no row and wakes nobody.
    await anna.push([anna.mutation('ticket.claim', { id: randomUUID() })]);
    await anna.push([anna.mutation('comment.add', comment(world.ticket.id, 'again'))]);
    for (const s of sockets) expect(await s.waitFor(3)).toBe(3);
    for (const s of sockets) expect(s.versions).toEqual([1, 2, 3]);
  });

  test('a server killed mid-way keeps every mutation it acknowledged, and after a restart the rest apply exactly once', async () => {
    const dbUrl = await databases.url(backend);
    const setup = openServerDb(dbUrl);
    await migrateToLatest(setup);
    const world = await seedWorld(setup);
    await setup.close();

    let child = await startChild(dbUrl);
    const token = await signIn(child.url, 'anna');
    const desk = new TestDesk(child.url, token);
    const all: PushedMutation[] = Array.from({ length: 400 }, (_, i) =>
      desk.mutation('comment.add', comment(world.ticket.id, `n${i}`)),
    );
    let acknowledged = 0;
    const pushes = (async () => {
      for (let i = 0; i < all.length; i += 10) {
        const reply = await desk.push(all.slice(i, i + 10)).catch(() => null);
        if (reply?.status !== 200) return;
        acknowledged = reply.body.lastMutationId;
      }
    })();
    while (acknowledged < 100) await new Promise((r) => setTimeout(r, 5));
    child.process.kill('SIGKILL');
    await pushes;
    expect(acknowledged).toBeLessThan(all.length);

    child = await startChild(dbUrl);
    const after = new TestDesk(child.url, token); // the session survived the restart
    Object.assign(after, { deskId: desk.deskId });
    const pulled = await after.pullAll(0);
    const processed = pulled.at(-1)?.lastMutationId ?? 0;
    expect(processed).toBeGreaterThanOrEqual(acknowledged);
    const bodies = (rows: Awaited<ReturnType<typeof serverRows>>) =>
      [...(rows.get('comments')?.values() ?? [])].map((c) => String(c.body));
    const kept = new Set(bodies(await serverRows(after)));
    for (let i = 0; i < acknowledged; i++) expect(kept.has(`n${i}`), `n${i}`).toBe(true);
    expect(kept.size).toBe(processed);

    // The desk sends its whole outbox again: what the server had is skipped, the rest applies once.
    for (let i = 0; i < all.length; i += 100) expect((await after.push(all.slice(i, i + 100))).status).toBe(200);
    const final = bodies(await serverRows(after));
    expect(final).toHaveLength(all.length);
    expect(new Set(final).size).toBe(all.length);
    child.process.kill('SIGTERM');
  }, 60_000);
});

describe('several server instances on one PostgreSQL', () => {
  test('a push through instance A pokes a desk connected to instance B', async () => {
    const a = await startTestServer(databases, 'postgres');
    const b = await createServer({ db: a.dbUrl });
    onTestFinished(() => b.close());
    const socket = await openPoke(b.url, await signIn(b.url, 'anna'));
    onTestFinished(() => socket.close());
    const ivan = new TestDesk(a.url, await signIn(a.url, 'ivan'));
    await ivan.push([ivan.mutation('comment.add', comment(a.world.ticket.id, 'через A'))]);
    expect(await socket.waitFor(2)).toBe(2);
  });
});

type Child = { process: ChildProcess; url: string };

/** The real CLI in its own process, so that it can be killed like a crashing server. */
function startChild(dbUrl: string): Promise<Child> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', '--db', dbUrl, '--port', '0'], {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: '', PULT_ADMIN_PASSWORD: 'unused-admin-pass' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    onTestFinished(() => {
      if (child.exitCode === null) child.kill('SIGKILL');
    });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 20_000);
    const onData = (data: Buffer) => {
      out += data.toString();
      const m = /listening at (http:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolvePromise({ process: child, url: m[1] });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${out}`));
    });
  });
}
