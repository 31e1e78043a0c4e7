import { randomUUID } from 'node:crypto';
import { describe, expect, onTestFinished, test } from 'vitest';
import { LIVE_DELTA_MAX, LivePoke } from '../core/sync-protocol.js';
import { BACKENDS, startTestServer, testDatabases } from './test-support/backends.js';
import { call, openPoke, signIn, TestDesk } from './test-support/client.js';

/**
 * Live pokes: a push's poke carries the rows a pull from the version before it would bring, so a desk that is
 * up to date applies them without asking; too much for one poke, and the poke says only the version; rows go
 * only to sockets whose session is still valid.
 */
const databases = testDatabases();
const comment = (ticketId: string, body: string) => ({ id: randomUUID(), ticketId, body, public: false });

describe.each(BACKENDS)('live pokes on %s', (backend) => {
  test("a push's poke carries exactly the rows and range that a pull from the version before it answers", async () => {
    const { url, world } = await startTestServer(databases, backend);
    const anna = new TestDesk(url, await signIn(url, 'anna'));
    const ivan = new TestDesk(url, await signIn(url, 'ivan'));
    const socket = await openPoke(url, ivan.token);
    onTestFinished(() => socket.close());
    const before = socket.versions[0]!;

    const pushed = await anna.push([
      anna.mutation('ticket:add-comment', comment(world.ticket.id, 'живой')),
      anna.mutation('ticket:set-status', { id: world.ticket.id, status: 'in_progress' }),
    ]);
    expect(pushed.status).toBe(200);
    const version = await socket.waitFor(before + 1);

    const live = LivePoke.parse(socket.messages.at(-1));
    expect(live).toMatchObject({ from: before, version });
    const pulled = await ivan.pullAll(before);
    expect(pulled).toHaveLength(1);
    expect(pulled[0]!.cursor).toBe(version);
    const key = (c: { table: string; row: Record<string, unknown> }) => `${c.table}/${String(c.row.id)}`;
    expect(live.changes.map(key).sort()).toEqual(pulled[0]!.changes.map(key).sort());
    expect(live.changes.find((c) => c.table === 'comments')?.row.body).toBe('живой');
    expect(live.changes.find((c) => c.table === 'tickets')?.row.status).toBe('in_progress');
  });

  test('a push too large for one poke is announced by its version alone', async () => {
    const { url, world } = await startTestServer(databases, backend);
    const anna = new TestDesk(url, await signIn(url, 'anna'));
    const socket = await openPoke(url, await signIn(url, 'ivan'));
    onTestFinished(() => socket.close());
    const before = socket.versions[0]!;
    const many = Array.from({ length: LIVE_DELTA_MAX + 1 }, (_, i) =>
      anna.mutation('ticket:add-comment', comment(world.ticket.id, `n${i}`)),
    );
    expect((await anna.push(many)).status).toBe(200);
    await socket.waitFor(before + LIVE_DELTA_MAX + 1);
    expect(socket.messages.at(-1)).toEqual({ version: before + LIVE_DELTA_MAX + 1 });
  });

  test('a socket whose session ended gets no rows: it is closed, while a signed-in one hears the change', async () => {
    const { url, world } = await startTestServer(databases, backend);
    const anna = new TestDesk(url, await signIn(url, 'anna'));
    const ivanToken = await signIn(url, 'ivan');
    const gone = await openPoke(url, ivanToken);
    const kept = await openPoke(url, await signIn(url, 'anna'));
    onTestFinished(() => [gone, kept].forEach((s) => s.close()));
    expect((await call(url, 'POST', '/api/auth/logout', { token: ivanToken, body: {} })).status).toBe(200);

    expect((await anna.push([anna.mutation('ticket:add-comment', comment(world.ticket.id, 'тайна'))])).status).toBe(
      200,
    );
    await kept.waitFor(kept.versions[0]! + 1);
    expect(JSON.stringify(kept.messages.at(-1))).toContain('тайна');
    expect(await gone.closed).toBe(1008);
    expect(JSON.stringify(gone.messages)).not.toContain('тайна');
  });

  test("the pushing desk hears no poke for its own push (its answer carries the rows); it hears another's", async () => {
    const { url, world } = await startTestServer(databases, backend);
    const anna = new TestDesk(url, await signIn(url, 'anna'));
    const ivan = new TestDesk(url, await signIn(url, 'ivan'));
    const own = await openPoke(url, anna.token);
    const other = await openPoke(url, ivan.token);
    onTestFinished(() => [own, other].forEach((s) => s.close()));
    const before = own.versions[0]!;

    const pushed = await anna.push([anna.mutation('ticket:add-comment', comment(world.ticket.id, 'своё'))]);
    expect(pushed.status).toBe(200);
    const mine = pushed.body.written!.version;
    expect(pushed.body.written).toMatchObject({ from: before });
    expect(JSON.stringify(pushed.body.written)).toContain('своё');
    await other.waitFor(mine);
    const theirs = await ivan.push([ivan.mutation('ticket:add-comment', comment(world.ticket.id, 'чужое'))]);
    expect(theirs.status).toBe(200);
    // Pokes go out in order: by the time Ivan's change reaches Anna's socket, her own would have come first.
    await own.waitFor(theirs.body.written!.version);
    expect(own.versions).toEqual([before, theirs.body.written!.version]);
    expect(JSON.stringify(own.messages)).not.toContain('своё');
    expect(JSON.stringify(own.messages)).toContain('чужое');
  });
});
