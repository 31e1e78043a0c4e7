import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { importRows } from './db/import-rows.js';
import { BACKENDS, startTestServer, testDatabases } from './test-support/backends.js';
import { call, serverRows, signIn, TestDesk } from './test-support/client.js';
import { T0, ticketRow } from './test-support/world.js';

/**
 * The planner's rules are judged again by the server on every push. Two desks that planned offline into the
 * same slot of one engineer both succeeded locally; the server applies the first push and rejects the second
 * with a reason that names the engineer and who took the slot. The same for a visit both desks moved.
 */
const databases = testDatabases();
const H = 3_600_000;

async function setUp(backend: (typeof BACKENDS)[number]) {
  const env = await startTestServer(databases, backend);
  const waiting = [2, 3].map((n) => ticketRow(env.world.client, 100 + n, { status: 'needs_visit' }));
  await importRows(
    env.server.database,
    waiting.map((row) => ({ table: 'tickets' as const, row })),
  );
  const pavel = new TestDesk(env.url, await signIn(env.url, 'pavel'));
  const anna = new TestDesk(env.url, await signIn(env.url, 'anna'));
  return { ...env, waiting, pavel, anna };
}

describe.each(BACKENDS)('the planner on the server (%s)', (backend) => {
  test('two desks that booked one engineer’s slot offline: the first push wins, the second is rejected naming who took it', async () => {
    const { world, waiting, pavel, anna } = await setUp(backend);
    const [first, second] = waiting as [(typeof waiting)[number], (typeof waiting)[number]];
    const plan = (ticketId: string, startAt: number) => ({
      id: randomUUID(),
      ticketId,
      engineerId: world.ivan.employee.id,
      startAt,
      endAt: startAt + 2 * H,
      logId: randomUUID(),
    });
    const mine = plan(first.id, T0 + 24 * H);
    const theirs = plan(second.id, T0 + 25 * H);
    expect((await pavel.push([pavel.mutation('visit:plan', mine)])).body.results).toEqual([
      { id: 1, status: 'applied' },
    ]);
    const reply = await anna.push([anna.mutation('visit:plan', theirs)]);
    expect(reply.body.results).toEqual([
      {
        id: 1,
        status: 'rejected',
        error: {
          code: 'conflict',
          message: 'Иван Петров already has visit #102 then (planned by Павел Сидоров)',
          reason: { key: 'visit-overlap', params: { engineer: 'Иван Петров', number: '102', by: 'Павел Сидоров' } },
        },
      },
    ]);
    const rows = await serverRows(anna);
    expect([...(rows.get('visits')?.keys() ?? [])]).toEqual([mine.id]);
    expect(rows.get('tickets')?.get(first.id)?.status).toBe('visit_planned');
    expect(rows.get('tickets')?.get(second.id)?.status).toBe('needs_visit');
  });

  test('two desks moving the same visit: the second move is refused with the name of who moved it first', async () => {
    const { world, waiting, pavel, anna } = await setUp(backend);
    const ticket = waiting[0]!;
    const id = randomUUID();
    const startAt = T0 + 24 * H;
    await pavel.push([
      pavel.mutation('visit:plan', {
        id,
        ticketId: ticket.id,
        engineerId: world.ivan.employee.id,
        startAt,
        endAt: startAt + H,
        logId: randomUUID(),
      }),
    ]);
    const move = (by: number) => ({
      id,
      ticketId: ticket.id,
      engineerId: world.ivan.employee.id,
      startAt: startAt + by * H,
      endAt: startAt + (by + 1) * H,
      expectedRevision: 0,
    });
    expect((await pavel.push([pavel.mutation('visit:move', move(2))])).body.results[0]?.status).toBe('applied');
    const reply = await anna.push([anna.mutation('visit:move', move(4))]);
    expect(reply.body.results[0]?.error?.reason).toEqual({ key: 'visit-moved', params: { name: 'Павел Сидоров' } });
    const visit = (await serverRows(anna)).get('visits')?.get(id);
    expect(visit).toMatchObject({ startAt: startAt + 2 * H, revision: 1 });
  });

  test('a desk of schema 3 is served visits, and told to update (426) once a row of a planner table lies after its cursor', async () => {
    const env = await setUp(backend);
    const { url, world, waiting, pavel } = env;
    const old = (cursor: number) =>
      call(url, 'POST', '/api/sync/pull', {
        token: pavel.token,
        body: { deskId: pavel.deskId, schemaVersion: 3, cursor, page: null, ackedRejection: 0 },
      });
    expect((await old(0)).status).toBe(200);
    await pavel.push([
      pavel.mutation('visit:plan', {
        id: randomUUID(),
        ticketId: waiting[0]!.id,
        engineerId: world.ivan.employee.id,
        startAt: T0,
        endAt: T0 + H,
        logId: randomUUID(),
      }),
    ]);
    // A visit alone is readable to it (it drops the fields it does not know); a checklist answer is not.
    const afterVisit = await old(0);
    expect(afterVisit.status).toBe(200);
    await importRows(env.server.database, [
      { table: 'holidays', row: { id: randomUUID(), day: '2026-11-07', name: 'День Октябрьской революции' } },
    ]);
    expect(await old(0)).toMatchObject({ status: 426, body: { error: { code: 'schema-too-old' } } });
  });

  test('an engineer may not plan visits, and an accountant may not edit a checklist template', async () => {
    const { url, world, waiting } = await setUp(backend);
    const ivan = new TestDesk(url, await signIn(url, 'ivan'));
    const reply = await ivan.push([
      ivan.mutation('visit:plan', {
        id: randomUUID(),
        ticketId: waiting[0]!.id,
        engineerId: world.ivan.employee.id,
        startAt: T0,
        endAt: T0 + H,
        logId: randomUUID(),
      }),
    ]);
    expect(reply.body.results[0]?.error?.code).toBe('forbidden');
    const olga = new TestDesk(url, await signIn(url, 'olga'));
    const template = {
      id: randomUUID(),
      code: 'tracker-install',
      nameRu: 'Установка трекера',
      nameEn: 'Tracker installation',
      ticketType: 'installation',
      durationMinutes: 90,
      color: '#1976d2',
      checklist: [],
    };
    expect((await olga.push([olga.mutation('work-type:save', template)])).body.results[0]?.error?.code).toBe(
      'forbidden',
    );
  });
});
