import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import type { WorkReport } from '../core/money/work-report.js';
import { importRows } from './db/import-rows.js';
import { BACKENDS, startTestServer, testDatabases } from './test-support/backends.js';
import { call, signIn, TestDesk, type ErrorBody } from './test-support/client.js';
import { ticketRow } from './test-support/world.js';

/**
 * The KPI system on the server, the authority: only accountants and admins set prices, engineers never record
 * work, and the report per employee shows an engineer only their own work whatever they ask for — enforced
 * here, not only hidden at a desk. A desk of sync schema 4 is told to update once a price list row reaches it.
 */
const databases = testDatabases();
// 2026-11-20 12:00 UTC: 20 November in Minsk.
const COMPLETED = Date.UTC(2026, 10, 20, 12);
const PERIOD = { from: '2026-11-01', to: '2026-11-30' };

describe.each(BACKENDS)('price lists and work on %s', (backend) => {
  async function setUp() {
    const env = await startTestServer(databases, backend);
    const done = ticketRow(env.world.client, 7, { status: 'done', resolvedAt: COMPLETED, amount: 150_00 });
    await importRows(env.server.database, [{ table: 'tickets', row: done }]);
    const olga = new TestDesk(env.url, await signIn(env.url, 'olga'));
    const prices = [
      { id: randomUUID(), list: 'money', code: 'fuel-sensor', name: 'Установка ДУТ', value: 40_00, currency: 'BYN' },
      { id: randomUUID(), list: 'points', code: 'callback', name: 'Перезвон', value: 150, currency: null },
    ].map((p) => olga.mutation('price:set', { ...p, effectiveFrom: '2026-11-01' }));
    expect((await olga.push(prices)).body.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    const work = (employeeId: string, list: string, code: string, quantity: number) => ({
      ticketId: done.id,
      lines: [{ id: randomUUID(), list, code, quantity, employeeId }],
    });
    return { ...env, done, olga, work };
  }

  test('a dispatcher, a planner and an engineer may not set a price; an engineer may not record work', async () => {
    const { url, world, work } = await setUp();
    for (const login of ['anna', 'pavel', 'ivan']) {
      const desk = new TestDesk(url, await signIn(url, login));
      const price = { id: randomUUID(), list: 'points', code: 'x', name: 'X', value: 1, effectiveFrom: '2026-11-01' };
      const reply = await desk.push([desk.mutation('price:set', price)]);
      expect(
        reply.body.results.map((r) => [r.status, r.error?.code]),
        login,
      ).toEqual([['rejected', 'forbidden']]);
    }
    const ivan = new TestDesk(url, await signIn(url, 'ivan'));
    const own = await ivan.push([
      ivan.mutation('ticket:record-work', work(world.ivan.employee.id, 'money', 'fuel-sensor', 5)),
    ]);
    expect(own.body.results[0]).toMatchObject({ status: 'rejected', error: { code: 'forbidden' } });
  });

  test("the report shows an engineer only their own work; someone else's is a 403", async () => {
    const { url, world, work } = await setUp();
    const anna = new TestDesk(url, await signIn(url, 'anna'));
    const recorded = await anna.push([
      anna.mutation('ticket:record-work', work(world.ivan.employee.id, 'money', 'fuel-sensor', 2)),
      anna.mutation('ticket:record-work', work(world.anna.employee.id, 'points', 'callback', 3)),
    ]);
    expect(recorded.body.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    const report = async (login: string, body: object) =>
      call<WorkReport & ErrorBody>(url, 'POST', '/api/reports/work', { token: await signIn(url, login), body });

    const all = await report('olga', PERIOD);
    expect(all.status).toBe(200);
    expect(all.body.rows.map((r) => [r.name, r.list, r.total])).toEqual([
      ['Анна Ковалёва', 'points', 450],
      ['Иван Петров', 'money', 80_00],
    ]);
    const ivans = await report('ivan', PERIOD);
    expect(ivans.body).toMatchObject({ scope: 'own' });
    expect(ivans.body.rows.map((r) => [r.employeeId, r.total])).toEqual([[world.ivan.employee.id, 80_00]]);
    const snooping = await report('ivan', { ...PERIOD, employeeId: world.anna.employee.id });
    expect(snooping.status).toBe(403);
    expect(snooping.body.error.code).toBe('forbidden');
    // No user: no report; a bad period: a 400 naming it.
    expect((await call(url, 'POST', '/api/reports/work', { body: PERIOD })).status).toBe(401);
    const backwards = await report('olga', { from: '2026-11-30', to: '2026-11-01' });
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.message).toMatch(/ends before it starts/);
  });

  test('a desk of sync schema 4 is refused with 426 once a price list row lies after its cursor', async () => {
    const env = await startTestServer(databases, backend);
    const olga = new TestDesk(env.url, await signIn(env.url, 'olga'));
    const pullAs4 = () =>
      call<ErrorBody>(env.url, 'POST', '/api/sync/pull', {
        token: olga.token,
        body: { deskId: olga.deskId, schemaVersion: 4, cursor: 0, page: null, ackedRejection: 0 },
      });
    expect((await pullAs4()).status).toBe(200);
    const price = { id: randomUUID(), list: 'points', code: 'x', name: 'X', value: 1, effectiveFrom: '2026-11-01' };
    expect((await olga.push([olga.mutation('price:set', price)])).body.results[0]?.status).toBe('applied');
    const refused = await pullAs4();
    expect(refused.status).toBe(426);
    expect(refused.body.error.code).toBe('schema-too-old');
  });
});
