import { deskDatabase } from './workstation-db.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TicketDetail } from '../core/contract.js';
import { dispatch } from '../core/dispatch.js';
import { normalizePhone } from '../core/phone.js';
import { createRowStore } from '../replica/rows.js';
import { v7 as uuidv7 } from 'uuid';
import { seedWorld, T0 } from './test-support/fixtures.js';
import { openWorkstation, type Workstation } from './workstation.js';

let dataFile: string;
let ws: Workstation;
let world: ReturnType<typeof seedWorld>;
let clock = T0;

beforeEach(() => {
  dataFile = join(mkdtempSync(join(tmpdir(), 'pult-ws-')), 'desk.sqlite');
  clock = T0;
  ws = openWorkstation({ dataFile, now: () => clock });
  world = seedWorld(deskDatabase(ws));
});
afterEach(() => ws.close());

const call = (method: string, input: unknown) => dispatch(ws.handlers, method, input);
/** The same call from the accountant's desk (another window on the same data file). */
const asAccountant = async (method: string, input: unknown) => {
  const desk = openWorkstation({ dataFile, userId: world.olga.id, now: () => clock });
  try {
    return await dispatch(desk.handlers, method, input);
  } finally {
    desk.close();
  }
};
const count = (table: string) =>
  (deskDatabase(ws).prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
const snapshot = () => ['tickets', 'ticket_status_log', 'comments', 'debt_acknowledgements', 'outbox'].map(count);

describe('changing a ticket status', () => {
  it('survives closing and reopening the desk, with its history and time in status', async () => {
    clock = T0 + 10 * 3_600_000;
    expect(
      await call('ticket:set-status', { id: world.open.id, status: 'in_progress', comment: { body: 'Взял в работу' } }),
    ).toEqual({ ok: true, value: { ok: true } });
    ws.close();
    ws = openWorkstation({ dataFile, now: () => T0 + 12 * 3_600_000 });
    const result = await call('ticket:get', { id: world.open.id });
    const detail = (result as { ok: true; value: TicketDetail }).value;
    expect(detail.ticket.status).toBe('in_progress');
    expect(detail.statusLog.map((l) => [l.fromStatus, l.toStatus, l.byName])).toEqual([
      [null, 'new', null],
      ['new', 'in_progress', 'Анна Ковалёва'],
    ]);
    expect(detail.statusLog[1]?.durationMs).toBe(2 * 3_600_000);
    expect(detail.comments.map((c) => c.body)).toEqual(['Взял в работу']);
  });

  it('refuses a transition the model does not allow and writes nothing', async () => {
    const before = snapshot();
    const result = await call('ticket:set-status', { id: world.open.id, status: 'closed' });
    expect(result).toMatchObject({ ok: false, error: { code: 'transition-not-allowed' } });
    expect(snapshot()).toEqual(before);
  });

  it('"needs visit" creates a child ticket for the planning group', async () => {
    await call('ticket:set-status', { id: world.open.id, status: 'needs_visit' });
    const detail = ((await call('ticket:get', { id: world.open.id })) as { ok: true; value: TicketDetail }).value;
    expect(detail.children).toHaveLength(1);
    expect(detail.children[0]).toMatchObject({ status: 'new', title: 'Выезд: Нет связи с трекером' });
    const child = ((await call('ticket:get', { id: detail.children[0]!.id })) as { ok: true; value: TicketDetail })
      .value;
    expect(child.ticket.parentNumber).toBe(world.open.number);
    expect(child.assignee).toBeNull();
  });

  it('the planning ticket of a paid visit is not billed a second time', async () => {
    const paid = world.paidInFull;
    deskDatabase(ws).prepare("UPDATE tickets SET status = 'in_progress', resolved_at = NULL WHERE id = ?").run(paid.id);
    await call('ticket:set-status', { id: paid.id, status: 'needs_visit' });
    const detail = ((await call('ticket:get', { id: paid.id })) as { ok: true; value: TicketDetail }).value;
    const child = ((await call('ticket:get', { id: detail.children[0]!.id })) as { ok: true; value: TicketDetail })
      .value;
    expect(child.ticket).toMatchObject({ billing: 'warranty', amount: 0 });
  });

  it('an unknown ticket is a not-found error, not a crash', async () => {
    expect(
      await call('ticket:set-status', { id: '01a21d46-0000-7000-8000-000000000000', status: 'done' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
  });
});

describe('the drawer', () => {
  it('shows the client’s numbers as the grid does, whatever way they were typed; a note that is no number as typed', async () => {
    for (const raw of ['80293648923', 'доб. 12 (склад)']) {
      createRowStore(deskDatabase(ws)).put('phones', {
        id: uuidv7(),
        clientId: world.clean.id,
        contactId: null,
        raw,
        e164: normalizePhone(raw),
      });
    }
    const detail = ((await call('ticket:get', { id: world.open.id })) as { ok: true; value: TicketDetail }).value;
    expect(detail.client?.phones).toEqual(['8 017 200-11-22', '8 029 364-89-23', 'доб. 12 (склад)']);
  });
});

describe('registering a ticket', () => {
  const newTicket = (over: object) => ({
    id: crypto.randomUUID(),
    type: 'incident',
    billing: 'warranty',
    title: 'Не передаёт координаты',
    ...over,
  });

  it('for a client without debt needs no acknowledgement and gets the next number', async () => {
    const result = await call('ticket:create', newTicket({ clientId: world.clean.id, vehicleId: world.bus.id }));
    expect(result).toMatchObject({ ok: true, value: { number: 8 } });
    expect(count('debt_acknowledgements')).toBe(0);
  });

  it('for a debtor is refused without the acknowledgement, and nothing is written', async () => {
    const before = snapshot();
    const result = await call('ticket:create', newTicket({ clientId: world.debtor.id }));
    expect(result).toMatchObject({ ok: false, error: { code: 'debt-not-acknowledged' } });
    expect(snapshot()).toEqual(before);
  });

  it('for a debtor is refused when the acknowledged debt is smaller than the real one', async () => {
    const result = await call(
      'ticket:create',
      newTicket({ clientId: world.debtor.id, debtAcknowledged: { count: 1, sum: 15_000 } }),
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'debt-not-acknowledged' } });
  });

  it('for a debtor stores who acknowledged which debt, when', async () => {
    const input = newTicket({ clientId: world.debtor.id, debtAcknowledged: { count: 2, sum: 20_000 } });
    expect(await call('ticket:create', input)).toMatchObject({ ok: true });
    const ack = deskDatabase(ws).prepare('SELECT * FROM debt_acknowledgements').get() as Record<string, unknown>;
    expect(ack).toMatchObject({
      ticket_id: input.id,
      client_id: world.debtor.id,
      debt_count: 2,
      debt_sum: 20_000,
      by: world.anna.id,
      at: T0,
    });
  });

  it('refuses a vehicle of another client', async () => {
    const result = await call('ticket:create', newTicket({ clientId: world.clean.id, vehicleId: world.truck.id }));
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('a desk without a server writes the change and queues nothing (no server would ever drain it)', async () => {
    const created = await call('ticket:create', newTicket({ clientId: world.clean.id }));
    expect(created).toMatchObject({ ok: true });
    await call('ticket:set-status', { id: world.open.id, status: 'in_progress' });
    expect(count('outbox')).toBe(0);
    expect(count('sync_shadow')).toBe(0);
    expect(deskDatabase(ws).prepare('SELECT status FROM tickets WHERE id = ?').get(world.open.id)).toEqual({
      status: 'in_progress',
    });
  });
});

describe('pickers and app info', () => {
  it('the client picker marks debtors and finds clients by a phone typed any way', async () => {
    const byName = await call('clients:search', { text: 'газель' });
    expect(byName).toMatchObject({
      ok: true,
      value: [{ name: 'ООО «Газель-Транс»', debt: { count: 2, sum: 20_000 } }],
    });
    const byPhone = await call('clients:search', { text: '+375 (29) 123 45 67' });
    expect(byPhone).toMatchObject({ ok: true, value: [{ id: world.debtor.id }] });
  });

  it('tells who works at this desk', async () => {
    expect(await call('app:info', {})).toMatchObject({
      ok: true,
      value: { user: { name: 'Анна Ковалёва' }, dataFile: expect.any(String) },
    });
  });

  it('announces local changes to subscribers', async () => {
    const events: unknown[] = [];
    ws.subscribe((e) => events.push(e));
    await call('ticket:add-comment', { id: crypto.randomUUID(), ticketId: world.open.id, body: 'Клиент перезвонит' });
    expect(events).toEqual([{ type: 'changed', tables: ['comments', 'tickets'] }]);
  });
});

describe('taking a ticket and recording a payment', () => {
  it('taking a ticket someone else has fails with their name', async () => {
    const ivanDesk = openWorkstation({ dataFile, userId: world.ivan.id, now: () => clock });
    try {
      const result = await dispatch(ivanDesk.handlers, 'ticket:claim', { id: world.open.id });
      expect(result).toMatchObject({
        ok: false,
        error: { code: 'conflict', message: 'Already taken by Анна Ковалёва' },
      });
      expect(await dispatch(ivanDesk.handlers, 'ticket:claim', { id: world.callback.id })).toEqual({
        ok: true,
        value: { ok: true },
      });
    } finally {
      ivanDesk.close();
    }
    const row = deskDatabase(ws).prepare('SELECT assignee_id FROM tickets WHERE id = ?').get(world.callback.id);
    expect(row).toEqual({ assignee_id: world.ivan.id });
  });

  it('a dispatcher may not record a payment: the desk refuses at once and writes nothing', async () => {
    const before = snapshot();
    const result = await call('payment:add', {
      id: crypto.randomUUID(),
      ticketId: world.unpaidOld.id,
      amount: 1,
      paidAt: T0,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(snapshot()).toEqual(before);
  });

  it('a payment that settles the unpaid visits ends the debt', async () => {
    const pay = (ticketId: string, amount: number) =>
      asAccountant('payment:add', { id: crypto.randomUUID(), ticketId, amount, paidAt: T0 });
    expect(await pay(world.unpaidOld.id, 15_000)).toMatchObject({ ok: true });
    expect(await call('client:get', { id: world.debtor.id })).toMatchObject({
      ok: true,
      value: { debt: { count: 1, sum: 5_000 } },
    });
    expect(await pay(world.partlyPaid.id, 5_000)).toMatchObject({ ok: true });
    expect(await call('client:get', { id: world.debtor.id })).toMatchObject({ ok: true, value: { debt: null } });
  });

  it('refuses a payment for warranty work', async () => {
    const result = await asAccountant('payment:add', {
      id: crypto.randomUUID(),
      ticketId: world.open.id,
      amount: 100,
      paidAt: T0,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });
});
