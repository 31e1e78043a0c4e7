import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { MAX_PUSH_BYTES, SYNC_SCHEMA_VERSION } from '../core/sync-protocol.js';
import { HttpError } from './http-error.js';
import { checkSchemaVersion } from './sync/desks.js';
import { BACKENDS, startTestServer, testDatabases } from './test-support/backends.js';
import { call, serverRows, serverVersion, signIn, TestDesk, type ErrorBody } from './test-support/client.js';
import { ticketRow } from './test-support/world.js';
import { importRows } from './db/import-rows.js';

/**
 * Push (docs/sync.md): idempotent by (desk, mutation id), in order, authoritative. These tests try to get a
 * mutation applied twice, out of order, by the wrong person, or to let a poisoned one block the queue, and
 * check that a refused request changes nothing at all.
 */
const databases = testDatabases();

const comment = (ticketId: string, body = 'Перезвонить после обеда') => ({
  id: randomUUID(),
  ticketId,
  body,
  public: false,
});

const setStatus = (id: string, status: string) => ({
  id,
  status,
  logId: randomUUID(),
  comment: null,
  child: { id: randomUUID(), logId: randomUUID() },
});

describe.each(BACKENDS)('push on %s', (backend) => {
  async function setUp(login = 'anna') {
    const env = await startTestServer(databases, backend);
    const desk = new TestDesk(env.url, await signIn(env.url, login));
    return { ...env, desk };
  }

  test('an applied mutation writes its rows under one new version, as the server computes them', async () => {
    const { desk, world, url } = await setUp();
    const before = await serverVersion(url);
    const args = comment(world.ticket.id);
    const reply = await desk.push([desk.mutation('comment.add', args)]);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ lastMutationId: 1, results: [{ id: 1, status: 'applied' }] });
    expect(await serverVersion(url)).toBe(before + 1);

    const [page] = await desk.pullAll(before);
    // The answer carries the rows the push wrote: exactly what a pull from the version before it answers.
    expect(reply.body.written).toEqual({
      from: before,
      version: before + 1,
      changes: page?.changes,
      deletions: page?.deletions,
    });
    expect(page?.cursor).toBe(before + 1);
    expect(page?.lastMutationId).toBe(1);
    const changes = page?.changes ?? [];
    expect(changes.filter((c) => c.table === 'comments').map((c) => c.row)).toEqual([
      { ...args, authorId: world.anna.employee.id, at: expect.any(Number) },
    ]);
    expect(changes.find((c) => c.table === 'tickets')?.row).toMatchObject({ id: world.ticket.id, status: 'new' });
    expect([...new Set(changes.map((c) => c.table))].sort()).toEqual(['comments', 'tickets']);
  });

  test('malformed JSON, a schema violation and a wrong content type are refused with 400/415 and write nothing', async () => {
    const { desk, url, world } = await setUp();
    const before = await serverVersion(url);
    const send = (rawBody: string, contentType?: string) =>
      call<ErrorBody>(url, 'POST', '/api/sync/push', { token: desk.token, rawBody, contentType });
    const good = JSON.stringify({
      deskId: desk.deskId,
      schemaVersion: SYNC_SCHEMA_VERSION,
      mutations: [desk.mutation('comment.add', comment(world.ticket.id), 1)],
    });
    const broken = await send(good.slice(0, -3));
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe('invalid-input');
    const extra = await send(JSON.stringify({ ...JSON.parse(good), sneaky: true }));
    expect(extra.status).toBe(400);
    expect(extra.body.error.message).toMatch(/sneaky|unrecognized/i);
    const noDesk = await send(JSON.stringify({ ...JSON.parse(good), deskId: 'desk-1' }));
    expect(noDesk.status).toBe(400);
    expect((await send(good, 'text/html')).status).toBe(415);
    expect(await serverVersion(url)).toBe(before);
    expect((await desk.pullAll(0)).at(-1)?.lastMutationId).toBe(0);
  });

  test('a body over 4 MiB is refused with 413 before it is read', async () => {
    const { desk, url, world } = await setUp();
    const huge = 'я'.repeat(MAX_PUSH_BYTES / 2 + 10);
    const reply = await desk.push([desk.mutation('comment.add', comment(world.ticket.id, huge))]);
    expect(reply.status).toBe(413);
    expect(reply.body.error.code).toBe('too-large');
    expect((await serverRows(desk)).get('comments')).toBeUndefined();
    expect(await serverVersion(url)).toBe(1);
  });

  test('an unknown mutation name refuses the whole request: not even the valid mutations before it are written', async () => {
    const { desk, url, world } = await setUp();
    const reply = await desk.push([
      desk.mutation('comment.add', comment(world.ticket.id)),
      desk.mutation('ticket.delete', { id: world.ticket.id }),
    ]);
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toContain('ticket.delete');
    expect(await serverVersion(url)).toBe(1);
    const [page] = await desk.pullAll(0);
    expect(page?.lastMutationId).toBe(0);
    expect(page?.changes.some((c) => c.table === 'comments')).toBe(false);
  });

  test('a mutation id from the future gets 409 mutation-gap and is not written; earlier ones of the request stay', async () => {
    const { desk, url, world } = await setUp();
    const future = await desk.push([desk.mutation('comment.add', comment(world.ticket.id), 2)]);
    expect(future.status).toBe(409);
    expect(future.body.error.code).toBe('mutation-gap');
    expect(await serverVersion(url)).toBe(1);

    const first = comment(world.ticket.id, 'первый');
    const mixed = await desk.push([
      desk.mutation('comment.add', first, 1),
      desk.mutation('comment.add', comment(world.ticket.id, 'из будущего'), 3),
    ]);
    expect(mixed.status).toBe(409);
    const comments = [...((await serverRows(desk)).get('comments')?.values() ?? [])];
    expect(comments.map((c) => c.body)).toEqual(['первый']);
    expect((await desk.pullAll(0)).at(-1)?.lastMutationId).toBe(1);
  });

  test('duplicate, repeated, reordered and concurrent pushes apply every mutation exactly once', async () => {
    const { desk, url, world } = await setUp();
    const m = [1, 2, 3, 4, 5, 6].map((id) => desk.mutation('comment.add', comment(world.ticket.id, `c${id}`), id));
    const first = await desk.push(m.slice(0, 2));
    expect(first.body.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    // The response was lost; the desk sends the same batch again, plus the next one.
    const retry = await desk.push(m.slice(0, 3));
    expect(retry.body.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'applied']);
    // A later batch overtakes an earlier one on the network.
    expect((await desk.push(m.slice(4, 6))).status).toBe(409);
    expect((await desk.push(m.slice(3, 4))).body.lastMutationId).toBe(4);
    // Five copies of the rest at once: each mutation still runs once.
    const copies = await Promise.all(Array.from({ length: 5 }, () => desk.push(m)));
    for (const c of copies) expect(c.status).toBe(200);
    const statuses = copies.flatMap((c) => c.body.results.slice(4).map((r) => r.status));
    expect(statuses.filter((s) => s === 'applied')).toHaveLength(2);

    const comments = [...((await serverRows(desk)).get('comments')?.values() ?? [])];
    expect(comments.map((c) => c.body).sort()).toEqual(['c1', 'c2', 'c3', 'c4', 'c5', 'c6']);
    expect(await serverVersion(url)).toBe(1 + 6);
    expect((await desk.pullAll(0)).at(-1)?.lastMutationId).toBe(6);
  });

  test('a transition the status model forbids is consumed with its reason and does not block the next mutation', async () => {
    const { desk, url, world } = await setUp();
    const reply = await desk.push([
      desk.mutation('ticket.setStatus', setStatus(world.ticket.id, 'closed')),
      desk.mutation('ticket.setStatus', setStatus(world.ticket.id, 'in_progress')),
    ]);
    expect(reply.status).toBe(200);
    expect(reply.body.lastMutationId).toBe(2);
    expect(reply.body.results).toEqual([
      {
        id: 1,
        status: 'rejected',
        error: {
          code: 'transition-not-allowed',
          message: 'A ticket cannot go from "new" to "closed"',
          reason: { key: 'transition-not-allowed', params: { from: 'new', to: 'closed' } },
        },
      },
      { id: 2, status: 'applied' },
    ]);
    // Only the applied mutation took a version.
    expect(await serverVersion(url)).toBe(2);
    const [page] = await desk.pullAll(0);
    expect(page?.rejections).toEqual([
      {
        id: expect.any(Number),
        mutationId: 1,
        name: 'ticket.setStatus',
        code: 'transition-not-allowed',
        message: 'A ticket cannot go from "new" to "closed"',
        reason: { key: 'transition-not-allowed', params: { from: 'new', to: 'closed' } },
      },
    ]);
    const ticket = page?.changes.find((c) => c.table === 'tickets' && c.row.id === world.ticket.id)?.row;
    expect(ticket?.status).toBe('in_progress');
    const logs = page?.changes.filter((c) => c.table === 'ticket_status_log').map((c) => c.row.toStatus);
    expect(logs).toEqual(['in_progress']);
    // Once the desk has shown it, the rejection is not sent again.
    const acked = await desk.pullAll(0, page?.rejections[0]?.id ?? 0);
    expect(acked[0]?.rejections).toEqual([]);
  });

  test('a planner adding a payment is refused as forbidden, consumed, and nothing else is written', async () => {
    const { desk, url, world } = await setUp('pavel');
    const payment = { id: randomUUID(), ticketId: world.ticket.id, amount: 50_00, paidAt: Date.now() };
    const reply = await desk.push([
      desk.mutation('payment.add', payment),
      desk.mutation('comment.add', comment(world.ticket.id)),
    ]);
    expect(reply.body.results[0]).toEqual({
      id: 1,
      status: 'rejected',
      error: {
        code: 'forbidden',
        message: 'Your roles (planner) may not run payment.add',
        reason: { key: 'role-may-not', params: { mutation: 'payment.add' } },
      },
    });
    expect(reply.body.results[1]?.status).toBe('applied');
    // The desk hears the refusal on its next pull, with the reason its UI words in the user's language.
    const [page] = await desk.pullAll(0);
    expect(page?.rejections).toEqual([
      {
        id: expect.any(Number),
        mutationId: 1,
        name: 'payment.add',
        code: 'forbidden',
        message: 'Your roles (planner) may not run payment.add',
        reason: { key: 'role-may-not', params: { mutation: 'payment.add' } },
      },
    ]);
    const rows = await serverRows(desk);
    expect(rows.get('payments')).toBeUndefined();
    expect(await serverVersion(url)).toBe(2);

    const olga = new TestDesk(url, await signIn(url, 'olga'));
    const paid = await olga.push([olga.mutation('payment.add', payment)]);
    expect(paid.body.results[0]?.status).toBe('applied');
  });

  test('claiming a ticket someone else took is refused with "Already taken by" their name', async () => {
    const { desk, world } = await setUp('ivan');
    const reply = await desk.push([desk.mutation('ticket.claim', { id: world.taken.id })]);
    expect(reply.body.results[0]).toEqual({
      id: 1,
      status: 'rejected',
      error: {
        code: 'conflict',
        message: 'Already taken by Анна Ковалёва',
        reason: { key: 'already-taken', params: { name: 'Анна Ковалёва' } },
      },
    });
    const claimed = await desk.push([desk.mutation('ticket.claim', { id: world.ticket.id })]);
    expect(claimed.body.results[0]?.status).toBe('applied');
    const ticket = (await serverRows(desk)).get('tickets')?.get(world.ticket.id);
    expect(ticket?.assigneeId).toBe(world.ivan.employee.id);
  });

  test('two desks claiming one free ticket at once: exactly one wins, the other hears who', async () => {
    const { url, world } = await setUp();
    const anna = new TestDesk(url, await signIn(url, 'anna'));
    const ivan = new TestDesk(url, await signIn(url, 'ivan'));
    const replies = await Promise.all(
      [anna, ivan].map((d) => d.push([d.mutation('ticket.claim', { id: world.ticket.id })])),
    );
    const results = replies.map((r) => r.body.results[0]);
    expect(results.filter((r) => r?.status === 'applied')).toHaveLength(1);
    const refused = results.find((r) => r?.status === 'rejected');
    expect(refused?.error?.message).toMatch(/^Already taken by (Анна Ковалёва|Иван Петров)$/);
  });

  test('the server numbers new tickets itself, checks the debt with its own data, and spawns the visit ticket', async () => {
    const { desk, server, world } = await setUp();
    // A completed paid visit, half paid: the client owes 100.00.
    const done = ticketRow(world.client, 7, { status: 'done', resolvedAt: 1_000, amount: 200_00 });
    await importRows(server.database, [
      { table: 'tickets', row: done },
      { table: 'payments', row: { id: randomUUID(), ticketId: done.id, amount: 100_00, paidAt: 2_000, by: null } },
    ]);
    const create = (debtAcknowledged: { count: number; sum: number } | null) => ({
      id: randomUUID(),
      ackId: randomUUID(),
      logId: randomUUID(),
      clientId: world.client.id,
      type: 'incident',
      billing: 'paid',
      title: 'Не работает датчик топлива',
      debtAcknowledged,
    });
    const acked = create({ count: 1, sum: 100_00 });
    const reply = await desk.push([
      desk.mutation('ticket.create', create(null)),
      desk.mutation('ticket.create', acked),
      desk.mutation('ticket.setStatus', setStatus(world.ticket.id, 'needs_visit')),
    ]);
    expect(reply.body.results.map((r) => r.error?.code ?? r.status)).toEqual([
      'debt-not-acknowledged',
      'applied',
      'applied',
    ]);
    const tickets = (await serverRows(desk)).get('tickets');
    expect(tickets?.get(acked.id)?.number).toBe(8);
    const child = [...(tickets?.values() ?? [])].find((t) => t.parentId === world.ticket.id);
    expect(child).toMatchObject({ number: 9, status: 'new', title: `Выезд: ${world.ticket.title}` });
    const ack = [...((await serverRows(desk)).get('debt_acknowledgements')?.values() ?? [])];
    expect(ack).toEqual([
      expect.objectContaining({ ticketId: acked.id, debtCount: 1, debtSum: 100_00, oldestAt: 1_000 }),
    ]);
  });

  test('a desk newer than the server gets 409 server-too-old; one older than supported gets 426', async () => {
    const { desk, world } = await setUp();
    const newer = await desk.push([desk.mutation('comment.add', comment(world.ticket.id))], SYNC_SCHEMA_VERSION + 1);
    expect(newer.status).toBe(409);
    expect(newer.body.error.code).toBe('server-too-old');
    expect((await desk.pullAll(0)).at(-1)?.lastMutationId).toBe(0);
    const tooOld = (() => {
      try {
        checkSchemaVersion(1, 2);
      } catch (error) {
        return error;
      }
    })();
    expect(tooOld).toBeInstanceOf(HttpError);
    expect(tooOld).toMatchObject({ status: 426, code: 'schema-too-old' });
  });
});
