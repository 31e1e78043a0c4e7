import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import type { RowOf } from '../entities.js';
import { mayRun, runMutation } from '../mutations.js';
import { PultError } from '../result.js';
import { createMemoryStore } from '../test-support/memory-store.js';
import { priceInForce, type PriceItem } from './price-list.js';

/**
 * The KPI rules: a price is set from a date and never rewritten; a completed ticket's work is priced from the
 * list in force on its completion day in the company's zone (Minsk), whenever it is recorded; money is for
 * engineers and points for office staff; a wrong line is cancelled and stays.
 */
const OLGA = uuidv7();
// 2026-11-30 22:30 UTC is already 1 December in Minsk (UTC+3).
const LATE_NOV_30_UTC = Date.UTC(2026, 10, 30, 22, 30);
const DAY = 86_400_000;

function world() {
  const store = createMemoryStore();
  const employee = (name: string, roles: RowOf<'employees'>['roles']): RowOf<'employees'> => {
    const row = { id: uuidv7(), name, roles, sipExtension: null, color: '#336699', active: true };
    store.put('employees', row);
    return row;
  };
  const anna = employee('Анна', ['dispatcher', 'first_line']);
  const ivan = employee('Иван', ['engineer']);
  const client: RowOf<'clients'> = {
    id: uuidv7(),
    name: 'ООО «Газель-Транс»',
    taxId: null,
    category: null,
    address: null,
    notes: null,
    currency: 'BYN',
    createdAt: 0,
    active: true,
    mergedInto: null,
  };
  store.put('clients', client);
  let number = 0;
  const ticket = (status: string, resolvedAt: number | null): RowOf<'tickets'> => {
    number += 1;
    const row: RowOf<'tickets'> = {
      id: uuidv7(),
      number,
      title: `Заявка ${number}`,
      description: '',
      type: 'installation',
      status,
      priority: 'normal',
      clientId: client.id,
      contactId: null,
      vehicleId: null,
      assigneeId: ivan.id,
      parentId: null,
      source: 'phone',
      billing: 'paid',
      amount: 100_00,
      plannedAt: null,
      createdAt: 0,
      updatedAt: 0,
      resolvedAt,
      createdBy: null,
    };
    store.put('tickets', row);
    return row;
  };
  const run = (name: string, args: unknown, now = LATE_NOV_30_UTC + 10 * DAY) =>
    runMutation(store, { now, userId: OLGA, location: 'server' }, name, args);
  const setPrice = async (
    list: 'points' | 'money',
    code: string,
    value: number,
    effectiveFrom: string,
    now?: number,
  ) => {
    const id = uuidv7();
    await run(
      'price:set',
      { id, list, code, name: code, value, currency: list === 'money' ? 'BYN' : null, effectiveFrom },
      now,
    );
    return id;
  };
  const record = async (ticketId: string, lines: readonly Record<string, unknown>[]) => {
    const withIds = lines.map((line) => ({ id: uuidv7(), quantity: 1, ...line }));
    await run('ticket:record-work', { ticketId, lines: withIds });
    return Promise.all(withIds.map(async (l) => (await store.get('work_lines', l.id))!));
  };
  return { store, anna, ivan, ticket, run, setPrice, record };
}

describe('prices in force', () => {
  it('a price change mid-period prices each ticket by its own completion day, and old lines keep their value', async () => {
    const w = world();
    await w.setPrice('money', 'tracker-install', 40_00, '2026-11-01');
    await w.setPrice('money', 'tracker-install', 55_00, '2026-11-15');
    const before = w.ticket('done', Date.UTC(2026, 10, 14, 12));
    const after = w.ticket('done', Date.UTC(2026, 10, 15, 12));
    const [early] = await w.record(before.id, [{ list: 'money', code: 'tracker-install', employeeId: w.ivan.id }]);
    const [late] = await w.record(after.id, [
      { list: 'money', code: 'tracker-install', employeeId: w.ivan.id, quantity: 2 },
    ]);
    expect(early).toMatchObject({ unitValue: 40_00, quantity: 1, day: '2026-11-14', currency: 'BYN' });
    expect(late).toMatchObject({ unitValue: 55_00, quantity: 2, day: '2026-11-15' });
    // A later price from an even earlier date does not touch what was recorded.
    await w.setPrice('money', 'tracker-install', 99_00, '2026-10-01');
    expect(await w.store.get('work_lines', early!.id)).toEqual(early);
  });

  it("the completion day is the company's (Minsk), not UTC's", async () => {
    const w = world();
    await w.setPrice('points', 'callback', 50, '2026-11-01');
    await w.setPrice('points', 'callback', 75, '2026-12-01');
    const t = w.ticket('closed', LATE_NOV_30_UTC);
    const [line] = await w.record(t.id, [{ list: 'points', code: 'callback', employeeId: w.anna.id }]);
    expect(line).toMatchObject({ day: '2026-12-01', unitValue: 75, currency: null, by: OLGA });
  });

  it('setting a price adds a row: the same date set again wins, and the first row stays', async () => {
    const w = world();
    const first = await w.setPrice('points', 'callback', 50, '2026-11-01', 1_000);
    const fixed = await w.setPrice('points', 'callback', 60, '2026-11-01', 2_000);
    const rows = await w.store.find('price_items', { list: 'points', code: 'callback' });
    expect(rows.map((r) => r.id).sort()).toEqual([first, fixed].sort());
    expect(priceInForce(rows, '2026-11-20')?.id).toBe(fixed);
    expect(priceInForce(rows, '2026-10-31')).toBeUndefined();
  });

  it('priceInForce takes the latest date not after the day, whatever the order of the rows', () => {
    const row = (id: string, effectiveFrom: string, setAt: number): PriceItem => ({
      id,
      list: 'points',
      code: 'x',
      name: 'x',
      unit: 'шт',
      value: 1,
      currency: null,
      effectiveFrom,
      setAt,
      setBy: null,
    });
    const rows = [row('b', '2026-02-01', 1), row('a', '2026-01-01', 5), row('c', '2026-03-01', 0)];
    expect(priceInForce(rows, '2026-02-28')?.id).toBe('b');
    expect(priceInForce([...rows].reverse(), '2026-02-28')?.id).toBe('b');
    expect(priceInForce(rows, '2026-03-01')?.id).toBe('c');
  });
});

describe('what is refused, changing nothing', () => {
  it('a points price with a currency, a money price without one, a bad date or a negative value', async () => {
    const w = world();
    const base = { id: uuidv7(), code: 'callback', name: 'Перезвон', value: 10, effectiveFrom: '2026-11-01' };
    for (const args of [
      { ...base, list: 'points', currency: 'BYN' },
      { ...base, list: 'money', currency: null },
      { ...base, list: 'points', effectiveFrom: '2026-13-01' },
      { ...base, list: 'points', value: -1 },
      { ...base, list: 'points', code: 'Has Spaces' },
    ]) {
      await expect(w.run('price:set', args)).rejects.toMatchObject({ code: 'invalid-input' });
    }
    expect(await w.store.find('price_items', {})).toEqual([]);
  });

  it('work on an open ticket, money for a non-engineer, points for an engineer, or a code without a price', async () => {
    const w = world();
    await w.setPrice('money', 'tracker-install', 40_00, '2026-11-01');
    await w.setPrice('points', 'callback', 50, '2026-11-01');
    const open = w.ticket('in_progress', null);
    const done = w.ticket('done', Date.UTC(2026, 10, 20, 12));
    const attempts: [string, Record<string, unknown>, RegExp][] = [
      [open.id, { list: 'money', code: 'tracker-install', employeeId: w.ivan.id }, /not completed/],
      [done.id, { list: 'money', code: 'tracker-install', employeeId: w.anna.id }, /not an engineer/],
      [done.id, { list: 'points', code: 'callback', employeeId: w.ivan.id }, /is an engineer/],
      [done.id, { list: 'points', code: 'tracker-install', employeeId: w.anna.id }, /no price for "tracker-install"/],
      [done.id, { list: 'points', code: 'callback', employeeId: uuidv7() }, /does not exist/],
    ];
    for (const [ticketId, line, message] of attempts) {
      const error = await w.record(ticketId, [line]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PultError);
      expect((error as PultError).message).toMatch(message);
    }
    expect(await w.store.find('work_lines', {})).toEqual([]);
  });

  it('a cancelled line stays with who cancelled it, and cannot be cancelled twice', async () => {
    const w = world();
    await w.setPrice('points', 'callback', 50, '2026-11-01');
    const t = w.ticket('done', Date.UTC(2026, 10, 20, 12));
    const [line] = await w.record(t.id, [{ list: 'points', code: 'callback', employeeId: w.anna.id }]);
    await w.run('work-line:cancel', { id: line!.id }, LATE_NOV_30_UTC + 20 * DAY);
    expect(await w.store.get('work_lines', line!.id)).toEqual({
      ...line,
      cancelledAt: LATE_NOV_30_UTC + 20 * DAY,
      cancelledBy: OLGA,
    });
    await expect(w.run('work-line:cancel', { id: line!.id })).rejects.toMatchObject({ code: 'conflict' });
  });
});

describe('roles', () => {
  it('prices: accountants and admins only', () => {
    expect(mayRun(['accountant'], 'price:set')).toBe(true);
    expect(mayRun(['admin'], 'price:set')).toBe(true);
    for (const role of ['dispatcher', 'first_line', 'planner', 'engineer'] as const) {
      expect(mayRun([role], 'price:set'), role).toBe(false);
    }
  });

  it.each(['ticket:record-work', 'work-line:cancel'])(
    '%s: the office that closes tickets, never an engineer',
    (name) => {
      for (const role of ['admin', 'accountant', 'dispatcher', 'planner'] as const) {
        expect(mayRun([role], name), role).toBe(true);
      }
      expect(mayRun(['engineer'], name)).toBe(false);
      expect(mayRun(['first_line'], name)).toBe(false);
    },
  );
});
