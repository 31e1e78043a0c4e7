import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import type { RowOf } from '../entities.js';
import { mayRun, runMutation } from '../mutations.js';
import type { PultError } from '../result.js';
import { createMemoryStore, type MemoryStore } from '../test-support/memory-store.js';
import { DEFAULT_PLANNING_SETTINGS, PLANNING_SETTINGS_ID } from './tables.js';

const H = 3_600_000;
/** Monday 2 November 2026, 00:00 in Minsk. */
const MON = Date.UTC(2026, 10, 1, 21, 0);

function world() {
  const store = createMemoryStore();
  const employee = (name: string, roles: RowOf<'employees'>['roles']): RowOf<'employees'> => {
    const e = { id: uuidv7(), name, roles, sipExtension: null, color: '#336699', active: true };
    store.put('employees', e);
    return e;
  };
  const anna = employee('Анна Планова', ['planner']);
  const olga = employee('Ольга Диспетчер', ['dispatcher']);
  const ivan = employee('Иван Монтажник', ['engineer']);
  const petr = employee('Пётр Монтажник', ['engineer']);
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
  let number = 100;
  const ticket = (status: string): RowOf<'tickets'> => {
    number += 1;
    const t: RowOf<'tickets'> = {
      id: uuidv7(),
      number,
      title: `Установка ДУТ ${number}`,
      description: '',
      type: 'installation',
      status,
      priority: 'normal',
      clientId: client.id,
      contactId: null,
      vehicleId: null,
      assigneeId: null,
      parentId: null,
      source: 'phone',
      billing: 'paid',
      amount: 0,
      plannedAt: null,
      createdAt: 0,
      updatedAt: 0,
      resolvedAt: null,
      createdBy: null,
    };
    store.put('tickets', t);
    return t;
  };
  const workType: RowOf<'work_types'> = {
    id: uuidv7(),
    code: 'fuel-sensor-install',
    nameRu: 'Установка ДУТ',
    nameEn: 'Fuel sensor installation',
    ticketType: 'installation',
    durationMinutes: 120,
    color: '#7b1fa2',
    checklist: [
      { id: 'socket-220', question: 'Есть розетка 220 В для насоса?', required: true, kind: 'yes-no' },
      { id: 'released-at', question: 'Во сколько механик выпустит машину?', required: true, kind: 'time' },
      { id: 'notes', question: 'Что ещё взять?', required: false, kind: 'text' },
    ],
  };
  store.put('work_types', workType);
  return { store, anna, olga, ivan, petr, ticket, workType };
}

type World = ReturnType<typeof world>;

const run = (store: MemoryStore, userId: string, name: string, args: unknown, now = MON) =>
  runMutation(store, { now, userId, location: 'server' }, name, args);

async function refusal(promise: Promise<unknown>): Promise<PultError> {
  try {
    await promise;
  } catch (error) {
    return error as PultError;
  }
  throw new Error('expected a refusal');
}

async function plan(w: World, engineerId: string, startAt: number, endAt: number, by = w.anna.id) {
  const ticket = w.ticket('needs_visit');
  const id = uuidv7();
  await run(w.store, by, 'visit:plan', {
    id,
    ticketId: ticket.id,
    engineerId,
    startAt,
    endAt,
    workTypeId: w.workType.id,
  });
  return { id, ticket };
}

describe('visit:plan', () => {
  it('plans the ticket onto the engineer, and the ticket follows to "visit planned" with a status-log row', async () => {
    const w = world();
    const { id, ticket } = await plan(w, w.ivan.id, MON + 9 * H, MON + 11 * H);
    expect(await w.store.get('visits', id)).toMatchObject({
      engineerId: w.ivan.id,
      state: 'planned',
      revision: 0,
      updatedBy: w.anna.id,
    });
    expect(await w.store.get('tickets', ticket.id)).toMatchObject({ status: 'visit_planned', plannedAt: MON + 9 * H });
    expect(await w.store.find('ticket_status_log', { ticketId: ticket.id })).toMatchObject([
      { fromStatus: 'needs_visit', toStatus: 'visit_planned', by: w.anna.id },
    ]);
  });

  it('double booking is refused with the engineer, the other ticket and who planned it, and writes nothing', async () => {
    const w = world();
    const first = await plan(w, w.ivan.id, MON + 9 * H, MON + 11 * H, w.olga.id);
    const second = w.ticket('needs_visit');
    const before = w.store.snapshot();
    const error = await refusal(
      run(w.store, w.anna.id, 'visit:plan', {
        id: uuidv7(),
        ticketId: second.id,
        engineerId: w.ivan.id,
        startAt: MON + 10 * H,
        endAt: MON + 12 * H,
      }),
    );
    expect(error.code).toBe('conflict');
    expect(error.reason).toEqual({
      key: 'visit-overlap',
      params: { engineer: 'Иван Монтажник', number: String(first.ticket.number), by: 'Ольга Диспетчер' },
    });
    expect(w.store.snapshot()).toEqual(before);
  });

  it('a visit during time off is refused; back to back with another visit is not a clash', async () => {
    const w = world();
    w.store.put('time_off', {
      id: uuidv7(),
      engineerId: w.ivan.id,
      startAt: MON + 24 * H,
      endAt: MON + 48 * H,
      kind: 'sick',
      note: '',
    });
    const ticket = w.ticket('needs_visit');
    const error = await refusal(
      run(w.store, w.anna.id, 'visit:plan', {
        id: uuidv7(),
        ticketId: ticket.id,
        engineerId: w.ivan.id,
        startAt: MON + 33 * H,
        endAt: MON + 34 * H,
      }),
    );
    expect(error.reason).toEqual({ key: 'engineer-off', params: { engineer: 'Иван Монтажник', kind: 'sick' } });
    await plan(w, w.ivan.id, MON + 9 * H, MON + 11 * H);
    await plan(w, w.ivan.id, MON + 11 * H, MON + 12 * H);
    expect(await w.store.find('visits', { engineerId: w.ivan.id })).toHaveLength(2);
  });

  it('refuses a visit that ends before it starts or lasts over a day, a non-engineer, and a ticket not waiting for a visit', async () => {
    const w = world();
    const ticket = w.ticket('needs_visit');
    const args = { id: uuidv7(), ticketId: ticket.id, engineerId: w.ivan.id, startAt: MON + 9 * H, endAt: MON + 9 * H };
    expect((await refusal(run(w.store, w.anna.id, 'visit:plan', args))).code).toBe('invalid-input');
    expect((await refusal(run(w.store, w.anna.id, 'visit:plan', { ...args, endAt: MON + 34 * H }))).code).toBe(
      'invalid-input',
    );
    expect(
      (await refusal(run(w.store, w.anna.id, 'visit:plan', { ...args, endAt: MON + 10 * H, engineerId: w.olga.id })))
        .code,
    ).toBe('invalid-input');
    const inProgress = w.ticket('in_progress');
    const error = await refusal(
      run(w.store, w.anna.id, 'visit:plan', { ...args, endAt: MON + 10 * H, ticketId: inProgress.id }),
    );
    expect(error.reason?.key).toBe('transition-not-allowed');
    expect(await w.store.find('visits', {})).toEqual([]);
  });

  it('a ticket planned by someone else meanwhile is refused by name', async () => {
    const w = world();
    const { ticket } = await plan(w, w.ivan.id, MON + 9 * H, MON + 11 * H, w.olga.id);
    // The other desk's copy still said "needs visit": the server sees the visit already there.
    await w.store.write('tickets', { ...ticket, status: 'needs_visit' });
    const error = await refusal(
      run(w.store, w.anna.id, 'visit:plan', {
        id: uuidv7(),
        ticketId: ticket.id,
        engineerId: w.petr.id,
        startAt: MON + 13 * H,
        endAt: MON + 14 * H,
      }),
    );
    expect(error.reason).toEqual({ key: 'visit-already-planned', params: { name: 'Ольга Диспетчер' } });
  });
});

describe('visit:move and visit:unplan', () => {
  it('moves to another engineer and time, counts the revision, and the ticket’s planned time follows', async () => {
    const w = world();
    const { id, ticket } = await plan(w, w.ivan.id, MON + 9 * H, MON + 11 * H);
    await run(w.store, w.olga.id, 'visit:move', {
      id,
      ticketId: ticket.id,
      engineerId: w.petr.id,
      startAt: MON + 33 * H,
      endAt: MON + 36 * H,
      expectedRevision: 0,
    });
    expect(await w.store.get('visits', id)).toMatchObject({
      engineerId: w.petr.id,
      startAt: MON + 33 * H,
      endAt: MON + 36 * H,
      revision: 1,
      updatedBy: w.olga.id,
    });
    expect((await w.store.get('tickets', ticket.id))?.plannedAt).toBe(MON + 33 * H);
  });

  it('a move made against an older revision is refused with the name of who moved it, and nothing changes', async () => {
    const w = world();
    const { id, ticket } = await plan(w, w.ivan.id, MON + 9 * H, MON + 11 * H);
    const move = { id, ticketId: ticket.id, engineerId: w.ivan.id, expectedRevision: 0 };
    await run(w.store, w.olga.id, 'visit:move', { ...move, startAt: MON + 12 * H, endAt: MON + 14 * H });
    const before = w.store.snapshot();
    const error = await refusal(
      run(w.store, w.anna.id, 'visit:move', {
        ...move,
        engineerId: w.petr.id,
        startAt: MON + 15 * H,
        endAt: MON + 16 * H,
      }),
    );
    expect(error.reason).toEqual({ key: 'visit-moved', params: { name: 'Ольга Диспетчер' } });
    expect(w.store.snapshot()).toEqual(before);
    const unplan = await refusal(
      run(w.store, w.anna.id, 'visit:unplan', { id, ticketId: ticket.id, expectedRevision: 0 }),
    );
    expect(unplan.reason?.key).toBe('visit-moved');
  });

  it('a move onto a busy engineer is refused, a resize into the next visit too, and a resize in place is fine', async () => {
    const w = world();
    const a = await plan(w, w.ivan.id, MON + 9 * H, MON + 11 * H);
    await plan(w, w.ivan.id, MON + 12 * H, MON + 13 * H);
    await plan(w, w.petr.id, MON + 9 * H, MON + 10 * H);
    const move = { id: a.id, ticketId: a.ticket.id, expectedRevision: 0 };
    const onto = await refusal(
      run(w.store, w.anna.id, 'visit:move', {
        ...move,
        engineerId: w.petr.id,
        startAt: MON + 9 * H,
        endAt: MON + 11 * H,
      }),
    );
    expect(onto.reason?.key).toBe('visit-overlap');
    const into = await refusal(
      run(w.store, w.anna.id, 'visit:move', {
        ...move,
        engineerId: w.ivan.id,
        startAt: MON + 9 * H,
        endAt: MON + 12.5 * H,
      }),
    );
    expect(into.reason?.key).toBe('visit-overlap');
    await run(w.store, w.anna.id, 'visit:move', {
      ...move,
      engineerId: w.ivan.id,
      startAt: MON + 8 * H,
      endAt: MON + 12 * H,
    });
    expect(await w.store.get('visits', a.id)).toMatchObject({ startAt: MON + 8 * H, endAt: MON + 12 * H });
  });

  it('unplan takes the visit and its answers away and puts the ticket back to "needs visit"', async () => {
    const w = world();
    const { id, ticket } = await plan(w, w.ivan.id, MON + 9 * H, MON + 11 * H);
    await run(w.store, w.anna.id, 'visit:answer-checklist', { id, answers: { 'socket-220': 'да' } });
    await run(w.store, w.anna.id, 'visit:unplan', { id, ticketId: ticket.id, expectedRevision: 0 });
    expect(await w.store.get('visits', id)).toBeUndefined();
    expect(await w.store.get('visit_checklists', id)).toBeUndefined();
    expect(await w.store.get('tickets', ticket.id)).toMatchObject({ status: 'needs_visit', plannedAt: null });
    // Planned again from the queue, as an undo of the unplan does.
    await run(w.store, w.anna.id, 'visit:plan', {
      id: uuidv7(),
      ticketId: ticket.id,
      engineerId: w.ivan.id,
      startAt: MON + 9 * H,
      endAt: MON + 11 * H,
    });
    expect((await w.store.get('tickets', ticket.id))?.status).toBe('visit_planned');
  });
});

describe('the pre-visit checklist gate', () => {
  it('a visit cannot be confirmed until every required question has an answer; an optional one may stay empty', async () => {
    const w = world();
    const { id } = await plan(w, w.ivan.id, MON + 9 * H, MON + 11 * H);
    const none = await refusal(run(w.store, w.anna.id, 'visit:confirm', { id }));
    expect(none.reason).toEqual({ key: 'checklist-incomplete', params: { count: '2' } });
    await run(w.store, w.anna.id, 'visit:answer-checklist', {
      id,
      answers: { 'socket-220': 'да', 'released-at': '   ' },
    });
    const one = await refusal(run(w.store, w.anna.id, 'visit:confirm', { id }));
    expect(one.reason?.params.count).toBe('1');
    await run(w.store, w.anna.id, 'visit:answer-checklist', { id, answers: { 'released-at': '08:30' } });
    await run(w.store, w.anna.id, 'visit:confirm', { id }, MON + H);
    expect(await w.store.get('visits', id)).toMatchObject({ confirmedAt: MON + H, confirmedBy: w.anna.id });
    expect((await w.store.get('visit_checklists', id))?.answers).toEqual({
      'socket-220': 'да',
      'released-at': '08:30',
    });
  });

  it('an answer to a question the checklist does not have is refused', async () => {
    const w = world();
    const { id } = await plan(w, w.ivan.id, MON + 9 * H, MON + 11 * H);
    const error = await refusal(run(w.store, w.anna.id, 'visit:answer-checklist', { id, answers: { ladder: 'да' } }));
    expect(error.code).toBe('invalid-input');
    expect(await w.store.get('visit_checklists', id)).toBeUndefined();
  });

  it('moving a confirmed visit to another time takes the confirmation away; to another engineer at the same time keeps it', async () => {
    const w = world();
    const { id, ticket } = await plan(w, w.ivan.id, MON + 9 * H, MON + 11 * H);
    await run(w.store, w.anna.id, 'visit:answer-checklist', {
      id,
      answers: { 'socket-220': 'да', 'released-at': '9' },
    });
    await run(w.store, w.anna.id, 'visit:confirm', { id });
    const move = { id, ticketId: ticket.id };
    await run(w.store, w.anna.id, 'visit:move', {
      ...move,
      engineerId: w.petr.id,
      startAt: MON + 9 * H,
      endAt: MON + 11 * H,
      expectedRevision: 1,
    });
    expect((await w.store.get('visits', id))?.confirmedAt).not.toBeNull();
    await run(w.store, w.anna.id, 'visit:move', {
      ...move,
      engineerId: w.petr.id,
      startAt: MON + 10 * H,
      endAt: MON + 12 * H,
      expectedRevision: 2,
    });
    expect((await w.store.get('visits', id))?.confirmedAt).toBeNull();
  });

  it('checklist templates are an admin’s to edit; planners plan, engineers and first line do not', () => {
    expect(mayRun(['admin'], 'work-type:save')).toBe(true);
    expect(mayRun(['planner', 'dispatcher'], 'work-type:save')).toBe(false);
    for (const name of ['visit:plan', 'visit:move', 'visit:unplan', 'visit:confirm', 'visit:answer-checklist']) {
      expect(mayRun(['planner'], name)).toBe(true);
      expect(mayRun(['engineer', 'first_line', 'accountant'], name)).toBe(false);
    }
  });
});

describe('working hours, time off and holidays', () => {
  it('an engineer’s week is replaced as a whole, and a week someone changed since it was loaded is refused', async () => {
    const w = world();
    const first = [{ id: uuidv7(), weekday: 1, startMinute: 8 * 60, endMinute: 17 * 60 }];
    await run(w.store, w.anna.id, 'engineer:set-hours', { engineerId: w.ivan.id, week: first, replaces: [] });
    expect(await w.store.find('working_hours', { engineerId: w.ivan.id })).toMatchObject([
      { weekday: 1, startMinute: 480, endMinute: 1020 },
    ]);
    // A second planner still holding the empty week: refused, the first planner's week stays.
    const stale = await refusal(
      run(w.store, w.olga.id, 'engineer:set-hours', {
        engineerId: w.ivan.id,
        week: [{ id: uuidv7(), weekday: 2, startMinute: 600, endMinute: 700 }],
        replaces: [],
      }),
    );
    expect(stale.reason?.key).toBe('hours-changed');
    const night = [{ id: uuidv7(), weekday: 5, startMinute: 22 * 60, endMinute: 30 * 60 }];
    await run(w.store, w.olga.id, 'engineer:set-hours', {
      engineerId: w.ivan.id,
      week: night,
      replaces: [first[0]!.id],
    });
    expect(await w.store.find('working_hours', { engineerId: w.ivan.id })).toMatchObject([
      { weekday: 5, startMinute: 1320, endMinute: 1800 },
    ]);
  });

  it('overlapping intervals of one day, an interval ending before it starts and a non-engineer are refused; an engineer may not set hours', async () => {
    const w = world();
    const before = w.store.snapshot();
    const set = (week: unknown[], engineerId = w.ivan.id) =>
      refusal(run(w.store, w.anna.id, 'engineer:set-hours', { engineerId, week, replaces: [] }));
    expect(
      (
        await set([
          { id: uuidv7(), weekday: 1, startMinute: 480, endMinute: 780 },
          { id: uuidv7(), weekday: 1, startMinute: 720, endMinute: 1020 },
        ])
      ).message,
    ).toMatch(/overlap/);
    expect((await set([{ id: uuidv7(), weekday: 1, startMinute: 600, endMinute: 540 }])).code).toBe('invalid-input');
    expect((await set([], w.anna.id)).message).toMatch(/not an active engineer/);
    expect(mayRun(['engineer'], 'engineer:set-hours')).toBe(false);
    expect(mayRun(['planner'], 'engineer:set-hours')).toBe(true);
    expect(w.store.snapshot()).toEqual(before);
  });

  it('time off over a planned visit is refused naming it; elsewhere it is added, refuses new visits, and can be removed', async () => {
    const w = world();
    const { ticket } = await plan(w, w.ivan.id, MON + 9 * H, MON + 11 * H);
    const over = await refusal(
      run(w.store, w.anna.id, 'time-off:add', {
        id: uuidv7(),
        engineerId: w.ivan.id,
        startAt: MON,
        endAt: MON + 24 * H,
        kind: 'sick',
        note: '',
      }),
    );
    expect(over.reason).toMatchObject({ key: 'time-off-over-visit', params: { number: String(ticket.number) } });
    const id = uuidv7();
    await run(w.store, w.anna.id, 'time-off:add', {
      id,
      engineerId: w.ivan.id,
      startAt: MON + 24 * H,
      endAt: MON + 72 * H,
      kind: 'vacation',
      note: 'Отпуск',
    });
    const blocked = await refusal(plan(w, w.ivan.id, MON + 33 * H, MON + 35 * H));
    expect(blocked.reason?.key).toBe('engineer-off');
    await run(w.store, w.anna.id, 'time-off:remove', { id });
    await plan(w, w.ivan.id, MON + 33 * H, MON + 35 * H);
  });

  it('a holiday is one per date, an engineer or dispatcher may not add one, and it can be removed', async () => {
    const w = world();
    const id = uuidv7();
    await run(w.store, w.anna.id, 'holiday:add', { id, day: '2026-11-07', name: 'День Октябрьской революции' });
    const twice = await refusal(
      run(w.store, w.anna.id, 'holiday:add', { id: uuidv7(), day: '2026-11-07', name: 'Ещё раз' }),
    );
    expect(twice.message).toMatch(/already a holiday/);
    expect(mayRun(['dispatcher', 'engineer'], 'holiday:add')).toBe(false);
    expect(mayRun(['planner'], 'holiday:add') && mayRun(['admin'], 'holiday:remove')).toBe(true);
    await run(w.store, w.anna.id, 'holiday:remove', { id });
    expect(await w.store.find('holidays', {})).toEqual([]);
  });
});

describe('planning-settings:save', () => {
  function withAdmin() {
    const w = world();
    const admin: RowOf<'employees'> = {
      id: uuidv7(),
      name: 'Админ Админов',
      roles: ['admin'],
      sipExtension: null,
      color: '#000000',
      active: true,
    };
    w.store.put('employees', admin);
    return { ...w, admin };
  }
  const settings = (w: World) => w.store.get('planning_settings', PLANNING_SETTINGS_ID);

  it('an admin sets the speed and road factor: the row is created with the other defaults, then only they change', async () => {
    const w = withAdmin();
    await run(w.store, w.admin.id, 'planning-settings:save', { averageSpeedKmh: 70, roadFactorPercent: 145 });
    expect(await settings(w)).toEqual({ ...DEFAULT_PLANNING_SETTINGS, averageSpeedKmh: 70, roadFactorPercent: 145 });
    w.store.put('planning_settings', {
      ...DEFAULT_PLANNING_SETTINGS,
      timeZone: 'Europe/Moscow',
      defaultEndMinute: 1200,
    });
    await run(w.store, w.admin.id, 'planning-settings:save', { averageSpeedKmh: 200, roadFactorPercent: 100 });
    expect(await settings(w)).toMatchObject({
      timeZone: 'Europe/Moscow',
      defaultEndMinute: 1200,
      averageSpeedKmh: 200,
      roadFactorPercent: 100,
    });
  });

  it('a speed outside 5–200 km/h or a factor outside 1.00–3.00 is refused by name and changes nothing', async () => {
    const w = withAdmin();
    await run(w.store, w.admin.id, 'planning-settings:save', { averageSpeedKmh: 60, roadFactorPercent: 130 });
    const before = await settings(w);
    for (const [args, key] of [
      [{ averageSpeedKmh: 4, roadFactorPercent: 130 }, 'speed-out-of-range'],
      [{ averageSpeedKmh: 201, roadFactorPercent: 130 }, 'speed-out-of-range'],
      [{ averageSpeedKmh: 60, roadFactorPercent: 99 }, 'road-factor-out-of-range'],
      [{ averageSpeedKmh: 60, roadFactorPercent: 301 }, 'road-factor-out-of-range'],
    ] as const) {
      const refused = await refusal(run(w.store, w.admin.id, 'planning-settings:save', args));
      expect(refused.code).toBe('invalid-input');
      expect(refused.reason?.key).toBe(key);
    }
    const fraction = await refusal(
      run(w.store, w.admin.id, 'planning-settings:save', { averageSpeedKmh: 60.5, roadFactorPercent: 130 }),
    );
    expect(fraction.code).toBe('invalid-input');
    expect(await settings(w)).toEqual(before);
  });

  // The refusal itself is the desk's and the server's (main/map/handlers.test.ts runs it on a dispatcher's desk).
  it('only an admin may change them: not a planner, dispatcher, engineer, first line or accountant', () => {
    expect(mayRun(['admin'], 'planning-settings:save')).toBe(true);
    for (const role of ['planner', 'dispatcher', 'engineer', 'first_line', 'accountant'] as const) {
      expect(mayRun([role], 'planning-settings:save')).toBe(false);
    }
  });
});
