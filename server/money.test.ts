import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { FRESH_PAYMENT } from '../core/money/tables.js';
import { importRows } from './db/import-rows.js';
import { BACKENDS, startTestServer, testDatabases } from './test-support/backends.js';
import { call, serverRows, signIn, TestDesk } from './test-support/client.js';
import { ticketRow } from './test-support/world.js';

/**
 * The accountant's actions on the server, the authority: only accountants and admins may record, correct or
 * cancel a payment or record a reminder, whatever a desk sends; a cancelled payment stays with who, when and
 * why, and the server's own debt check (the rule in core/money/debt.ts) stops counting it.
 */
const databases = testDatabases();

describe.each(BACKENDS)('money on %s', (backend) => {
  async function setUp() {
    const env = await startTestServer(databases, backend);
    // A completed paid visit of 150.00 with 50.00 paid: the client owes 100.00.
    const done = ticketRow(env.world.client, 7, { status: 'done', resolvedAt: 1_000, amount: 150_00 });
    const paid = { id: randomUUID(), ticketId: done.id, amount: 50_00, paidAt: 2_000, by: null, ...FRESH_PAYMENT };
    await importRows(env.server.database, [
      { table: 'tickets', row: done },
      { table: 'payments', row: paid },
    ]);
    return { ...env, done, paid };
  }

  const actions = (done: { id: string }, paymentId: string, clientId: string) => [
    { name: 'payment:add', args: { id: randomUUID(), ticketId: done.id, amount: 10_00, paidAt: 3_000 } },
    { name: 'payment:correct', args: { id: paymentId, amount: 60_00 } },
    { name: 'payment:cancel', args: { id: paymentId, reason: 'Платёж записан дважды' } },
    { name: 'reminder:record', args: { id: randomUUID(), clientId, note: 'Обещали оплатить', followUpAt: 9_000 } },
  ];

  test('a dispatcher, a planner and an engineer are refused every money action, and nothing is written', async () => {
    const { url, world, done, paid } = await setUp();
    for (const login of ['anna', 'pavel', 'ivan']) {
      const desk = new TestDesk(url, await signIn(url, login));
      const reply = await desk.push(actions(done, paid.id, world.client.id).map((a) => desk.mutation(a.name, a.args)));
      expect(
        reply.body.results.map((r) => [r.status, r.error?.code, r.error?.reason?.key]),
        login,
      ).toEqual(Array(4).fill(['rejected', 'forbidden', 'role-may-not']));
    }
    const rows = await serverRows(new TestDesk(url, await signIn(url, 'olga')));
    expect([...(rows.get('payments')?.values() ?? [])]).toEqual([paid]);
    expect(rows.get('reminders')).toBeUndefined();
  });

  test('an accountant and an admin may run every money action', async () => {
    for (const login of ['olga', 'admin']) {
      const { url, world, done, paid } = await setUp();
      const desk = new TestDesk(url, await signIn(url, login));
      const reply = await desk.push(actions(done, paid.id, world.client.id).map((a) => desk.mutation(a.name, a.args)));
      expect(
        reply.body.results.map((r) => r.status),
        login,
      ).toEqual(['applied', 'applied', 'applied', 'applied']);
    }
  });

  test('a cancelled payment stays with who, when and why, and the server counts the debt again', async () => {
    const { url, world, done } = await setUp();
    const olga = new TestDesk(url, await signIn(url, 'olga'));
    const anna = new TestDesk(url, await signIn(url, 'anna'));
    const rest = { id: randomUUID(), ticketId: done.id, amount: 100_00, paidAt: 3_000, comment: 'Остаток' };
    expect((await olga.push([olga.mutation('payment:add', rest)])).body.results[0]?.status).toBe('applied');

    const newTicket = () => ({
      id: randomUUID(),
      ackId: randomUUID(),
      logId: randomUUID(),
      clientId: world.client.id,
      type: 'incident',
      billing: 'paid',
      title: 'Не работает трекер',
      debtAcknowledged: null,
    });
    // Paid in full: the client owes nothing, so a new request needs no acknowledgement.
    expect((await anna.push([anna.mutation('ticket:create', newTicket())])).body.results[0]?.status).toBe('applied');

    const cancel = await olga.push([olga.mutation('payment:cancel', { id: rest.id, reason: 'Платёж вернулся' })]);
    expect(cancel.body.results[0]?.status).toBe('applied');
    const payment = (await serverRows(olga)).get('payments')?.get(rest.id);
    expect(payment).toMatchObject({
      amount: 100_00,
      comment: 'Остаток',
      cancelledBy: world.olga.employee.id,
      cancelReason: 'Платёж вернулся',
      cancelledAt: expect.any(Number),
    });
    // The 100.00 no longer counts: a new request for this client must acknowledge the debt again.
    const refused = await anna.push([anna.mutation('ticket:create', newTicket())]);
    expect(refused.body.results[0]?.error?.code).toBe('debt-not-acknowledged');

    // A cancelled payment is final: no correction, no second cancellation.
    const again = await olga.push([
      olga.mutation('payment:correct', { id: rest.id, amount: 1 }),
      olga.mutation('payment:cancel', { id: rest.id, reason: 'ещё раз' }),
    ]);
    expect(again.body.results.map((r) => r.error?.reason?.key)).toEqual(['payment-cancelled', 'payment-cancelled']);
  });

  test('a desk of sync schema 3 is refused with 426 once a reminder lies after its cursor', async () => {
    const { url, world } = await setUp();
    const olga = new TestDesk(url, await signIn(url, 'olga'));
    const pullAs3 = () =>
      call<{ error?: { code: string } }>(url, 'POST', '/api/sync/pull', {
        token: olga.token,
        body: { deskId: olga.deskId, schemaVersion: 3, cursor: 0, page: null, ackedRejection: 0 },
      });
    expect((await pullAs3()).status).toBe(200);
    const reminder = { id: randomUUID(), clientId: world.client.id, note: 'Позвонить в пятницу' };
    expect((await olga.push([olga.mutation('reminder:record', reminder)])).body.results[0]?.status).toBe('applied');
    const refused = await pullAs3();
    expect(refused.status).toBe(426);
    expect(refused.body.error?.code).toBe('schema-too-old');
  });
});
