import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import type { RowOf } from '../entities.js';
import { mayRun, runMutation } from '../mutations.js';
import { PultError } from '../result.js';
import { createMemoryStore } from '../test-support/memory-store.js';
import { clientDebt } from './debt.js';
import { fullPaymentLogId } from './mutators.js';

/**
 * The money rules against the same store interface the desk and the server use: partial payments add up, a
 * correction changes what a payment counts for, a cancellation takes it out of the debt while the row stays,
 * and only accountants and admins may do any of it.
 */
const T0 = Date.UTC(2026, 10, 2, 9, 0, 0);
const DAY = 86_400_000;
const OLGA = uuidv7();

function world() {
  const store = createMemoryStore();
  const client: RowOf<'clients'> = {
    id: uuidv7(),
    name: 'ООО «Газель-Транс»',
    taxId: null,
    category: null,
    address: null,
    notes: null,
    currency: 'BYN',
    createdAt: T0,
    active: true,
    mergedInto: null,
  };
  store.put('clients', client);
  const visit: RowOf<'tickets'> = {
    id: uuidv7(),
    number: 1,
    title: 'Установка датчика топлива',
    description: '',
    type: 'installation',
    status: 'done',
    priority: 'normal',
    clientId: client.id,
    contactId: null,
    vehicleId: null,
    assigneeId: null,
    parentId: null,
    source: 'phone',
    billing: 'paid',
    amount: 300_00,
    plannedAt: null,
    createdAt: T0 - 10 * DAY,
    updatedAt: T0 - 5 * DAY,
    resolvedAt: T0 - 5 * DAY,
    createdBy: null,
  };
  store.put('tickets', visit);
  const run = (name: string, args: unknown, now = T0) =>
    runMutation(store, { now, userId: OLGA, location: 'server' }, name, args);
  const pay = async (amount: number) => {
    const id = uuidv7();
    await run('payment:add', { id, ticketId: visit.id, amount, paidAt: T0 });
    return id;
  };
  return { store, client, visit, run, pay, debt: () => clientDebt(store, client.id) };
}

describe('the debt rule across payments', () => {
  it('partial payments add up; the last one that covers the amount ends the debt', async () => {
    const w = world();
    expect(await w.debt()).toEqual({ count: 1, sum: 300_00, oldestAt: T0 - 5 * DAY });
    await w.pay(100_00);
    await w.pay(150_00);
    expect(await w.debt()).toEqual({ count: 1, sum: 50_00, oldestAt: T0 - 5 * DAY });
    await w.pay(50_00);
    expect((await w.debt()).count).toBe(0);
  });

  it('a correction changes what the payment counts for, and records who corrected it and when', async () => {
    const w = world();
    const id = await w.pay(300_00);
    expect((await w.debt()).count).toBe(0);
    await w.run('payment:correct', { id, amount: 200_00, comment: 'В платёжке 200' }, T0 + DAY);
    expect(await w.debt()).toMatchObject({ count: 1, sum: 100_00 });
    expect(await w.store.get('payments', id)).toMatchObject({
      amount: 200_00,
      paidAt: T0,
      comment: 'В платёжке 200',
      correctedAt: T0 + DAY,
      correctedBy: OLGA,
      cancelledAt: null,
    });
  });

  it('a cancelled payment stays on the books with who, when and why, and the visit owes again', async () => {
    const w = world();
    const id = await w.pay(300_00);
    await w.run('payment:cancel', { id, reason: 'Деньги вернул банк' }, T0 + DAY);
    expect(await w.debt()).toEqual({ count: 1, sum: 300_00, oldestAt: T0 - 5 * DAY });
    expect(await w.store.get('payments', id)).toMatchObject({
      amount: 300_00,
      cancelledAt: T0 + DAY,
      cancelledBy: OLGA,
      cancelReason: 'Деньги вернул банк',
    });
  });

  it('a cancelled payment can be neither corrected nor cancelled again, and a correction must change something', async () => {
    const w = world();
    const id = await w.pay(300_00);
    await w.run('payment:cancel', { id, reason: 'Ошибка' });
    const before = w.store.snapshot();
    for (const [name, args] of [
      ['payment:correct', { id, amount: 1 }],
      ['payment:cancel', { id, reason: 'Ещё раз' }],
    ] as const) {
      const error = await w.run(name, args).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PultError);
      expect((error as PultError).reason?.key).toBe('payment-cancelled');
    }
    const live = await w.pay(10_00);
    await expect(w.run('payment:correct', { id: live })).rejects.toThrow(/changes the amount, the date or the comment/);
    await expect(w.run('payment:cancel', { id: live, reason: '   ' })).rejects.toThrow(/Say why/);
    expect(w.store.snapshot().get(`payments/${id}`)).toBe(before.get(`payments/${id}`));
  });

  it("a reminder is about the client's own visit, or about none", async () => {
    const w = world();
    const id = uuidv7();
    await w.run('reminder:record', {
      id,
      clientId: w.client.id,
      ticketId: w.visit.id,
      note: '  Обещали оплатить до пятницы ',
      promisedAt: T0 + 3 * DAY,
      followUpAt: T0 + 4 * DAY,
    });
    expect(await w.store.get('reminders', id)).toEqual({
      id,
      clientId: w.client.id,
      ticketId: w.visit.id,
      at: T0,
      by: OLGA,
      note: 'Обещали оплатить до пятницы',
      promisedAt: T0 + 3 * DAY,
      followUpAt: T0 + 4 * DAY,
    });
    const other = { ...w.client, id: uuidv7() };
    w.store.put('clients', other);
    await expect(
      w.run('reminder:record', { id: uuidv7(), clientId: other.id, ticketId: w.visit.id, note: 'x' }),
    ).rejects.toThrow(/not this client's/);
  });
});

describe("a full payment moves the ticket on (the status model's rule)", () => {
  it('"waiting for payment" stays while money is missing and becomes "done" with the payment that completes it', async () => {
    const w = world();
    w.store.put('tickets', { ...w.visit, status: 'waiting_payment' });
    await w.pay(100_00);
    expect((await w.store.get('tickets', w.visit.id))?.status).toBe('waiting_payment');
    const last = await w.pay(200_00);
    const ticket = await w.store.get('tickets', w.visit.id);
    expect(ticket?.status).toBe('done');
    expect(ticket?.resolvedAt).toBe(w.visit.resolvedAt);
    const log = await w.store.find('ticket_status_log', { ticketId: w.visit.id });
    expect(log).toEqual([
      {
        id: fullPaymentLogId(last),
        ticketId: w.visit.id,
        fromStatus: 'waiting_payment',
        toStatus: 'done',
        at: T0,
        by: OLGA,
      },
    ]);
  });

  it('a cancelled payment does not count towards it, and a status without the rule stays put', async () => {
    const w = world();
    w.store.put('tickets', { ...w.visit, status: 'waiting_payment' });
    const wrong = await w.pay(300_00);
    expect((await w.store.get('tickets', w.visit.id))?.status).toBe('done');

    const other = world();
    other.store.put('tickets', { ...other.visit, status: 'waiting_payment' });
    await other.pay(250_00);
    const cancelled = await other.pay(50_00);
    expect(wrong).not.toBe(cancelled);
    // Paid in full by the second payment: moved. Now a fresh one where the covering payment is cancelled first.
    const third = world();
    third.store.put('tickets', { ...third.visit, status: 'waiting_payment' });
    const big = await third.pay(250_00);
    await third.run('payment:cancel', { id: big, reason: 'Не тот клиент' });
    await third.pay(50_00);
    expect((await third.store.get('tickets', third.visit.id))?.status).toBe('waiting_payment');

    const done = world(); // "done" waits for no money: paying it changes nothing but the sum
    await done.pay(300_00);
    expect((await done.store.get('tickets', done.visit.id))?.status).toBe('done');
    expect(await done.store.find('ticket_status_log', { ticketId: done.visit.id })).toEqual([]);
  });
});

describe('roles', () => {
  it.each(['payment:add', 'payment:correct', 'payment:cancel', 'reminder:record'])(
    '%s: accountants and admins only',
    (name) => {
      expect(mayRun(['accountant'], name)).toBe(true);
      expect(mayRun(['admin'], name)).toBe(true);
      for (const role of ['dispatcher', 'first_line', 'planner', 'engineer'] as const) {
        expect(mayRun([role], name), role).toBe(false);
      }
    },
  );
});
