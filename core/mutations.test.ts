import fc from 'fast-check';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import type { RowOf } from './entities.js';
import { FRESH_PAYMENT } from './money/tables.js';
import { rowMatches, type Mutator } from './mutation.js';
import { MUTATION_NAMES, MUTATORS, runMutation, type MutationName } from './mutations.js';
import { PultError } from './result.js';
import { createMemoryStore, type MemoryStore } from './test-support/memory-store.js';

/**
 * What this file tries to break: ids come from the desk, so a signed-in user can put any id in any argument.
 * Whatever ids a mutation is given — fresh ones, or ids of existing rows of any table — it creates only rows
 * that did not exist, changes only the rows its rule names, and a clash is refused with a reason, never an
 * overwrite of someone else's row.
 */

const T0 = Date.UTC(2026, 10, 2, 9, 0, 0);
const DAY = 86_400_000;

function world() {
  const store = createMemoryStore();
  const id = () => uuidv7();
  const anna = { id: id(), name: 'Анна', roles: ['dispatcher'], sipExtension: null, color: '#336699', active: true };
  const ivan = { id: id(), name: 'Иван', roles: ['engineer'], sipExtension: null, color: '#336699', active: true };
  store.put('employees', anna as RowOf<'employees'>);
  store.put('employees', ivan as RowOf<'employees'>);
  const client = (name: string): RowOf<'clients'> => {
    const c = {
      id: id(),
      name,
      taxId: null,
      category: null,
      address: null,
      notes: null,
      currency: 'BYN' as const,
      createdAt: T0,
      active: true,
      mergedInto: null,
    };
    store.put('clients', c);
    return c;
  };
  const debtor = client('ООО «Газель-Транс»');
  const clean = client('ОАО «Автопарк №5»');
  let number = 0;
  const ticket = (over: Partial<RowOf<'tickets'>>): RowOf<'tickets'> => {
    number += 1;
    const t: RowOf<'tickets'> = {
      id: id(),
      number,
      title: `Заявка ${number}`,
      description: '',
      type: 'incident',
      status: 'new',
      priority: 'normal',
      clientId: clean.id,
      contactId: null,
      vehicleId: null,
      assigneeId: null,
      parentId: null,
      source: 'phone',
      billing: 'warranty',
      amount: 0,
      plannedAt: null,
      createdAt: T0,
      updatedAt: T0,
      resolvedAt: null,
      createdBy: null,
      ...over,
    };
    store.put('tickets', t);
    store.put('ticket_status_log', {
      id: id(),
      ticketId: t.id,
      fromStatus: null,
      toStatus: t.status,
      at: T0,
      by: null,
    });
    store.put('comments', {
      id: id(),
      ticketId: t.id,
      authorId: anna.id,
      body: `Комментарий к ${number}`,
      public: false,
      at: T0,
    });
    return t;
  };
  const unpaid = ticket({
    clientId: debtor.id,
    billing: 'paid',
    amount: 15000,
    status: 'waiting_payment',
    resolvedAt: T0 - 40 * DAY,
  });
  const open = ticket({ assigneeId: anna.id });
  const free = ticket({ type: 'callback', source: 'missed_call' });
  const paidOpen = ticket({ billing: 'paid', amount: 5000, status: 'in_progress' });
  const payment = { id: id(), ticketId: unpaid.id, amount: 1000, paidAt: T0, by: null, ...FRESH_PAYMENT };
  store.put('payments', payment);
  const cancelledPayment = { ...payment, id: id(), cancelledAt: T0, cancelledBy: anna.id, cancelReason: 'Ошибка' };
  store.put('payments', cancelledPayment);
  store.put('reminders', {
    id: id(),
    clientId: debtor.id,
    ticketId: unpaid.id,
    at: T0,
    by: anna.id,
    note: 'Обещали оплатить',
    promisedAt: T0 + DAY,
    followUpAt: T0 + 2 * DAY,
  });
  store.put('debt_acknowledgements', {
    id: id(),
    ticketId: open.id,
    clientId: debtor.id,
    debtCount: 1,
    debtSum: 14000,
    oldestAt: T0,
    by: anna.id,
    at: T0,
  });
  // The callback rule's rows: a known number, its open callback (the free callback ticket), a call already
  // recorded under a SIP Call-ID, and a resolved callback of another number.
  store.put('phones', { id: id(), clientId: clean.id, contactId: null, raw: '8 029 123-45-67', e164: '+375291234567' });
  const callback = (ticket: RowOf<'tickets'>, numberKey: string, state: 'open' | 'resolved') => {
    const row: RowOf<'callbacks'> = {
      id: ticket.id,
      numberKey,
      numberRaw: numberKey,
      clientId: clean.id,
      missedCount: 1,
      firstMissedAt: T0,
      lastMissedAt: T0,
      dueAt: T0 + 1_800_000,
      claimedBy: state === 'open' ? null : anna.id,
      claimedAt: state === 'open' ? null : T0,
      state,
      resolvedAt: state === 'open' ? null : T0 + 3_600_000,
      resolution: state === 'open' ? null : 'called-back',
    };
    store.put('callbacks', row);
    return row;
  };
  const openCallback = callback(free, '+375291234567', 'open');
  const done = ticket({ type: 'callback', source: 'missed_call', status: 'done', assigneeId: anna.id });
  callback(done, '+375447654321', 'resolved');
  const knownCall: RowOf<'calls'> = {
    id: id(),
    sipCallId: 'known-call@pbx',
    direction: 'in',
    numberRaw: '+375291234567',
    numberE164: '+375291234567',
    startedAt: T0,
    answeredAt: null,
    endedAt: T0 + 20_000,
    outcome: 'missed',
    agentId: null,
    callbackTicketId: free.id,
    source: 'desk',
    pbxId: null,
    clientId: clean.id,
  };
  store.put('calls', knownCall);
  // The directory's rows: a contact and a vehicle with a tracker on it, and a client merged away earlier.
  const contact: RowOf<'contacts'> = {
    id: id(),
    clientId: clean.id,
    name: 'Пётр',
    role: null,
    email: null,
    active: true,
  };
  store.put('contacts', contact);
  const vehicle: RowOf<'vehicles'> = {
    id: id(),
    clientId: debtor.id,
    plate: '1234 AB-7',
    make: 'МАЗ',
    model: null,
    vin: null,
    unitId: null,
    active: true,
  };
  store.put('vehicles', vehicle);
  const equipment: RowOf<'equipment'> = {
    id: id(),
    vehicleId: vehicle.id,
    kind: 'tracker',
    model: 'FMB920',
    serial: null,
    installedAt: T0,
    removedAt: null,
  };
  store.put('equipment', equipment);
  const former = client('ИП Старый');
  store.put('clients', { ...former, active: false, mergedInto: debtor.id });
  // The planner's rows: a ticket waiting in the queue, one already planned with its visit, a work type with a
  // required question, and the visit's answers.
  const needsVisit = ticket({ status: 'needs_visit', type: 'installation' });
  const planned = ticket({ status: 'visit_planned', type: 'installation' });
  const workType: RowOf<'work_types'> = {
    id: id(),
    code: 'fuel-sensor-install',
    nameRu: 'Установка ДУТ',
    nameEn: 'Fuel sensor install',
    ticketType: 'installation',
    durationMinutes: 120,
    color: '#7b1fa2',
    checklist: [{ id: 'socket-220', question: 'Есть 220 В?', required: true, kind: 'yes-no' }],
  };
  store.put('work_types', workType);
  const visit: RowOf<'visits'> = {
    id: id(),
    ticketId: planned.id,
    engineerId: ivan.id,
    startAt: T0 + DAY,
    endAt: T0 + DAY + 7_200_000,
    state: 'planned',
    place: null,
    workTypeId: workType.id,
    placeLatE6: null,
    placeLonE6: null,
    confirmedAt: null,
    confirmedBy: null,
    revision: 0,
    updatedAt: T0,
    updatedBy: anna.id,
  };
  store.put('visits', visit);
  store.put('visit_checklists', { id: visit.id, answers: { 'socket-220': 'да' }, answeredAt: T0, answeredBy: anna.id });
  // A ticket that came from Okdesk: the one kind ticket:import may change.
  const imported = ticket({ status: 'in_progress' });
  const link: RowOf<'import_links'> = {
    id: id(),
    source: 'okdesk:acme',
    entity: 'ticket',
    externalId: '153',
    localId: imported.id,
  };
  store.put('import_links', link);
  // The KPI rows: a price on each list, and a line already recorded on the completed ticket.
  const price = (list: 'points' | 'money', code: string): RowOf<'price_items'> => {
    const row: RowOf<'price_items'> = {
      id: id(),
      list,
      code,
      name: code,
      unit: 'шт',
      value: 150,
      currency: list === 'money' ? 'BYN' : null,
      effectiveFrom: '2026-01-01',
      setAt: T0,
      setBy: anna.id,
    };
    store.put('price_items', row);
    return row;
  };
  const pointsPrice = price('points', 'callback');
  const moneyPrice = price('money', 'tracker-install');
  const workLine: RowOf<'work_lines'> = {
    id: id(),
    ticketId: unpaid.id,
    employeeId: ivan.id,
    priceItemId: moneyPrice.id,
    list: 'money',
    code: 'tracker-install',
    quantity: 1,
    unitValue: 150,
    currency: 'BYN',
    day: '2026-09-23',
    at: T0,
    by: anna.id,
    cancelledAt: null,
    cancelledBy: null,
  };
  store.put('work_lines', workLine);
  return {
    store,
    anna,
    ivan,
    debtor,
    clean,
    unpaid,
    open,
    free,
    paidOpen,
    openCallback,
    done,
    knownCall,
    contact,
    vehicle,
    equipment,
    needsVisit,
    planned,
    workType,
    visit,
    payment,
    cancelledPayment,
    imported,
    link,
    pointsPrice,
    moneyPrice,
    workLine,
  };
}

type World = ReturnType<typeof world>;

/** Every id in the world, of every table: what a forger would copy. */
function existingIds(store: MemoryStore): string[] {
  return [...new Set([...store.snapshot().keys()].map((k) => k.split('/')[1]!))];
}

/** Arguments for each mutator, with every id drawn from existing rows of any table or made fresh. */
function argsFor(name: MutationName, w: World): fc.Arbitrary<unknown> {
  const anyId = fc.oneof(
    fc.constantFrom(...existingIds(w.store)),
    fc.constant(null).map(() => uuidv7()),
  );
  const ticketId = fc.oneof(fc.constantFrom(w.open.id, w.free.id, w.paidOpen.id, w.unpaid.id), anyId);
  const status = fc.constantFrom('in_progress', 'needs_visit', 'done', 'waiting_payment', 'new');
  const clientId = fc.oneof(fc.constantFrom(w.clean.id, w.debtor.id), anyId);
  switch (name) {
    case 'ticket:create':
      return fc.record({
        id: anyId,
        logId: anyId,
        ackId: anyId,
        clientId: fc.oneof(fc.constantFrom(w.clean.id, w.debtor.id), anyId),
        type: fc.constant('incident'),
        billing: fc.constantFrom('paid', 'warranty'),
        title: fc.constant('Новая заявка'),
        debtAcknowledged: fc.constantFrom(null, { count: 1, sum: 14000 }),
      });
    case 'ticket:set-status':
      return fc.record({
        id: ticketId,
        status,
        logId: anyId,
        comment: fc.option(fc.record({ id: anyId, body: fc.constant('Подделка') }), { nil: null }),
        child: fc.record({ id: anyId, logId: anyId }),
      });
    case 'ticket:set-priority':
      return fc.record({ id: ticketId, priority: fc.constantFrom('low', 'high', 'critical') });
    case 'ticket:add-comment':
      return fc.record({ id: anyId, ticketId, body: fc.constant('Новый комментарий'), public: fc.boolean() });
    case 'ticket:claim':
      return fc.record({ id: ticketId });
    case 'payment:add':
      return fc.record({ id: anyId, ticketId, amount: fc.integer({ min: 1, max: 20000 }), paidAt: fc.constant(T0) });
    case 'payment:correct':
      return fc.record({
        id: fc.oneof(fc.constantFrom(w.payment.id, w.cancelledPayment.id), anyId),
        amount: fc.integer({ min: 1, max: 20000 }),
        comment: fc.constantFrom('Исправлено', null),
      });
    case 'payment:cancel':
      return fc.record({
        id: fc.oneof(fc.constantFrom(w.payment.id, w.cancelledPayment.id), anyId),
        reason: fc.constant('Двойная запись'),
      });
    case 'reminder:record':
      return fc.record({
        id: anyId,
        clientId: fc.oneof(fc.constantFrom(w.debtor.id, w.clean.id), anyId),
        ticketId: fc.option(ticketId, { nil: null }),
        note: fc.constant('Обещали оплатить в пятницу'),
        followUpAt: fc.constant(T0 + 3 * DAY),
      });
    case 'call:record':
      return fc.record({
        id: anyId,
        sipCallId: fc.constantFrom('known-call@pbx', 'new-call@pbx'),
        direction: fc.constantFrom('in', 'out'),
        number: fc.constantFrom('+375291234567', '80447654321', 'anonymous', '', '101', 'sip:+375291234567@pbx'),
        startedAt: fc.constantFrom(T0 - DAY, T0, T0 + DAY),
        outcome: fc.constantFrom('answered', 'answered-elsewhere', 'missed', 'rejected', 'ring-timeout'),
        cancelReason: fc.constantFrom([], ['SIP;cause=200']),
        callback: fc.record({ ticketId: anyId, logId: anyId }),
        resolveLogId: anyId,
      });
    case 'callback:claim':
    case 'callback:resolve':
      return fc.record({ id: fc.oneof(fc.constantFrom(w.free.id, w.done.id), ticketId), logId: anyId });
    case 'callback:later':
      return fc.record({ id: fc.oneof(fc.constantFrom(w.free.id, w.done.id), ticketId) });
    case 'client:create':
      return fc.record({
        id: anyId,
        name: fc.constant('ООО «Новый»'),
        taxId: fc.constantFrom(null, '100325912', '100325913'),
        phones: fc.array(fc.record({ id: anyId, raw: fc.constantFrom('8 029 765-43-21', 'не номер') }), {
          maxLength: 2,
        }),
      });
    case 'client:update':
      return fc.record({
        id: clientId,
        name: fc.constant('ООО «Переименован»'),
        taxId: fc.constantFrom(null, '7707083893'),
      });
    case 'client:deactivate':
    case 'contact:deactivate':
    case 'vehicle:deactivate':
    case 'phone:remove':
      return fc.record({ id: fc.oneof(clientId, fc.constantFrom(w.contact.id, w.vehicle.id), anyId) });
    case 'client:merge':
      return fc.record({ id: anyId, keptId: clientId, mergedId: clientId });
    case 'contact:create':
      return fc.record({
        id: anyId,
        clientId,
        name: fc.constant('Семён'),
        phones: fc.array(fc.record({ id: anyId, raw: fc.constant('+7 916 123-45-67') }), { maxLength: 2 }),
      });
    case 'contact:update':
      return fc.record({ id: fc.oneof(fc.constant(w.contact.id), anyId), name: fc.constant('Семён Петрович') });
    case 'phone:add':
      return fc.record({
        id: anyId,
        clientId,
        contactId: fc.constantFrom(null, w.contact.id),
        raw: fc.constant('+375 44 765-43-21'),
      });
    case 'vehicle:create':
      return fc.record({ id: anyId, clientId, plate: fc.constant('А123ВС 77') });
    case 'vehicle:update':
      return fc.record({ id: fc.oneof(fc.constant(w.vehicle.id), anyId), plate: fc.constant('4321 AB-7') });
    case 'equipment:install':
      return fc.record({ id: anyId, vehicleId: fc.oneof(fc.constant(w.vehicle.id), anyId), kind: fc.constant('ДУТ') });
    case 'equipment:update':
    case 'equipment:remove':
      return fc.record({ id: fc.oneof(fc.constant(w.equipment.id), anyId) });
    case 'visit:plan':
      return fc.record({
        id: fc.oneof(fc.constant(w.visit.id), anyId),
        ticketId: fc.oneof(fc.constantFrom(w.needsVisit.id, w.planned.id), ticketId),
        engineerId: fc.oneof(fc.constantFrom(w.ivan.id, w.anna.id), anyId),
        startAt: fc.constantFrom(T0 + DAY, T0 + 2 * DAY),
        endAt: fc.constantFrom(T0 + DAY + 3_600_000, T0 + 2 * DAY + 3_600_000),
        workTypeId: fc.oneof(fc.constant(w.workType.id), fc.constant(null), anyId),
        logId: anyId,
      });
    case 'visit:move':
      return fc.record({
        id: fc.oneof(fc.constant(w.visit.id), anyId),
        ticketId: fc.oneof(fc.constant(w.planned.id), ticketId),
        engineerId: fc.oneof(fc.constantFrom(w.ivan.id, w.anna.id), anyId),
        startAt: fc.constantFrom(T0 + 3 * DAY),
        endAt: fc.constantFrom(T0 + 3 * DAY + 3_600_000),
        expectedRevision: fc.constantFrom(0, 1),
      });
    case 'visit:unplan':
      return fc.record({
        id: fc.oneof(fc.constant(w.visit.id), anyId),
        ticketId: fc.oneof(fc.constant(w.planned.id), ticketId),
        expectedRevision: fc.constantFrom(0, 1),
        logId: anyId,
      });
    case 'visit:answer-checklist':
      return fc.record({
        id: fc.oneof(fc.constant(w.visit.id), anyId),
        answers: fc.constantFrom({ 'socket-220': 'нет' }, {}, { other: 'x' }),
      });
    case 'visit:confirm':
      return fc.record({ id: fc.oneof(fc.constant(w.visit.id), anyId) });
    case 'price:set':
      return fc.record({
        id: fc.oneof(fc.constantFrom(w.pointsPrice.id, w.moneyPrice.id), anyId),
        list: fc.constantFrom('points', 'money'),
        code: fc.constantFrom('callback', 'tracker-install'),
        name: fc.constant('Монтаж трекера'),
        value: fc.integer({ min: 0, max: 100_000 }),
        currency: fc.constantFrom(null, 'BYN'),
        effectiveFrom: fc.constantFrom('2026-01-01', '2026-11-03'),
      });
    case 'ticket:record-work':
      return fc.record({
        ticketId: fc.oneof(fc.constantFrom(w.unpaid.id, w.done.id), ticketId),
        lines: fc.array(
          fc.record({
            id: fc.oneof(fc.constant(w.workLine.id), anyId),
            list: fc.constantFrom('points', 'money'),
            code: fc.constantFrom('callback', 'tracker-install', 'unknown-work'),
            quantity: fc.integer({ min: 1, max: 3 }),
            employeeId: fc.oneof(fc.constantFrom(w.anna.id, w.ivan.id), anyId),
          }),
          { minLength: 1, maxLength: 3 },
        ),
      });
    case 'work-line:cancel':
      return fc.record({ id: fc.oneof(fc.constant(w.workLine.id), anyId) });
    case 'engineer:set-hours':
      return fc.record({
        engineerId: fc.oneof(fc.constant(w.ivan.id), anyId),
        week: fc.array(
          fc.record({
            id: anyId,
            weekday: fc.integer({ min: 1, max: 7 }),
            startMinute: fc.constantFrom(480, 540),
            endMinute: fc.constantFrom(1020, 1080),
          }),
          { maxLength: 3 },
        ),
        replaces: fc.array(anyId, { maxLength: 2 }),
      });
    case 'time-off:add':
      return fc.record({
        id: anyId,
        engineerId: fc.oneof(fc.constant(w.ivan.id), anyId),
        startAt: fc.constant(T0 + 30 * DAY),
        endAt: fc.constant(T0 + 32 * DAY),
        kind: fc.constant('vacation'),
        note: fc.constant(''),
      });
    case 'time-off:remove':
    case 'holiday:remove':
      return fc.record({ id: anyId });
    case 'holiday:add':
      return fc.record({ id: anyId, day: fc.constantFrom('2026-12-25', '2027-01-01'), name: fc.constant('Праздник') });
    case 'planning-settings:save':
      return fc.record({
        averageSpeedKmh: fc.constantFrom(4, 60, 200),
        roadFactorPercent: fc.constantFrom(100, 130, 301),
      });
    case 'work-type:save':
      return fc.record({
        id: fc.oneof(fc.constant(w.workType.id), anyId),
        code: fc.constantFrom('fuel-sensor-install', 'tracker-install'),
        nameRu: fc.constant('Монтаж'),
        nameEn: fc.constant('Install'),
        ticketType: fc.constant(null),
        durationMinutes: fc.constant(60),
        color: fc.constant('#123456'),
        checklist: fc.constant([]),
      });
    case 'import:link':
      return fc.record({
        id: fc.oneof(fc.constant(w.link.id), anyId),
        source: fc.constantFrom('okdesk:acme', 'file'),
        entity: fc.constantFrom('client', 'ticket', 'vehicle'),
        externalId: fc.constantFrom('153', '40'),
        localId: fc.oneof(fc.constantFrom(w.imported.id, w.clean.id, w.vehicle.id), anyId),
      });
    case 'ticket:import':
      return fc.record({
        id: fc.oneof(fc.constantFrom(w.imported.id, w.open.id), anyId),
        clientId,
        title: fc.constant('Из Okdesk'),
        type: fc.constant('incident'),
        priority: fc.constant('normal'),
        status: fc.constantFrom('new', 'done', 'nonexistent'),
        createdAt: fc.constant(T0 - DAY),
        log: fc.array(
          fc.record({ id: anyId, fromStatus: fc.constant(null), toStatus: fc.constant('new'), at: fc.constant(T0) }),
          { maxLength: 2 },
        ),
      });
  }
}

describe('a mutation touches only the rows its rule names', () => {
  it.each(MUTATION_NAMES)(
    '%s: arbitrary ids from existing rows never change a row the mutation does not own',
    async (name) => {
      const w = world();
      const mutator = MUTATORS[name] as unknown as Mutator;
      await fc.assert(
        fc.asyncProperty(argsFor(name, w), fc.constantFrom(w.anna.id, w.ivan.id), async (args, userId) => {
          const store = w.store.fork();
          const before = store.snapshot();
          let parsed: unknown;
          try {
            parsed = await runMutation(store, { now: T0 + DAY, userId, location: 'server' }, name, args);
          } catch (error) {
            if (!(error instanceof PultError)) throw error;
            // A refused mutation runs in a transaction that is rolled back: here, a fork thrown away.
            return;
          }
          const writes = mutator.writes(mutator.args.parse(parsed));
          const updates = new Set(writes.updates.map((r) => `${r.table}/${r.id}`));
          // A row named by a rule may change only if it matched the rule before the run.
          const ruled = (key: string, row: string) =>
            (writes.updatesWhere ?? []).some(
              (r) => key.startsWith(`${r.table}/`) && rowMatches(JSON.parse(row) as Record<string, unknown>, r.where),
            );
          const after = store.snapshot();
          // A rule never admits a delete: a row that is gone must be named in `deletes`.
          const deletes = new Set((writes.deletes ?? []).map((r) => `${r.table}/${r.id}`));
          for (const [key, row] of before) {
            if (!after.has(key)) expect(deletes, `${name} deleted ${key}`).toContain(key);
            else if (after.get(key) !== row && !ruled(key, row)) {
              expect(updates, `${name} changed ${key}`).toContain(key);
            }
          }
          for (const key of after.keys()) {
            if (!before.has(key)) {
              expect(
                writes.creates.map((r) => `${r.table}/${r.id}`),
                `${name} created ${key}`,
              ).toContain(key);
            }
          }
        }),
        { numRuns: 150 },
      );
    },
  );
});

describe('forged ids are refused with a reason', () => {
  const refusal = async (store: MemoryStore, name: string, args: unknown, userId: string) => {
    try {
      await runMutation(store, { now: T0 + DAY, userId, location: 'server' }, name, args);
    } catch (error) {
      return error instanceof PultError ? error : null;
    }
    return null;
  };

  it("an engineer's status change reusing another ticket's log and comment ids rewrites neither", async () => {
    const w = world();
    const [victimLog] = await w.store.find('ticket_status_log', { ticketId: w.free.id });
    const [victimComment] = await w.store.find('comments', { ticketId: w.free.id });
    const before = w.store.snapshot();
    const error = await refusal(
      w.store,
      'ticket:set-status',
      {
        id: w.open.id,
        status: 'in_progress',
        logId: victimLog!.id,
        comment: { id: victimComment!.id, body: 'Чужой комментарий переписан' },
        child: { id: uuidv7(), logId: uuidv7() },
      },
      w.ivan.id,
    );
    expect(error?.code).toBe('conflict');
    expect(error?.reason?.key).toBe('id-taken');
    // The in-memory store has no rollback: the refusal happened before any write.
    expect(w.store.snapshot()).toEqual(before);
  });

  it("a new ticket or comment cannot take the id of an existing one, and the victim's row is unchanged", async () => {
    const w = world();
    const before = w.store.snapshot();
    const ticketClash = await refusal(
      w.store,
      'ticket:create',
      { id: w.free.id, clientId: w.clean.id, type: 'incident', billing: 'warranty', title: 'Подмена' },
      w.anna.id,
    );
    expect(ticketClash?.reason?.key).toBe('id-taken');
    const [comment] = await w.store.find('comments', { ticketId: w.free.id });
    const commentClash = await refusal(
      w.store,
      'ticket:add-comment',
      { id: comment!.id, ticketId: w.open.id, body: 'Подмена', public: true },
      w.ivan.id,
    );
    expect(commentClash?.reason?.key).toBe('id-taken');
    expect(w.store.snapshot()).toEqual(before);
  });

  it('ids are unique per table: a comment may share one with a status-log row, which stays untouched', async () => {
    const w = world();
    const [log] = await w.store.find('ticket_status_log', { ticketId: w.open.id });
    const error = await refusal(
      w.store,
      'ticket:add-comment',
      { id: log!.id, ticketId: w.open.id, body: 'x', public: false },
      w.anna.id,
    );
    expect(error).toBeNull();
    expect(await w.store.get('ticket_status_log', log!.id)).toEqual(log);
  });
});

describe('a status change that finds the ticket already there keeps the comment', () => {
  it('the comment is written and the ticket is not logged twice', async () => {
    const w = world();
    const store = w.store;
    await runMutation(store, { now: T0 + DAY, userId: w.anna.id, location: 'server' }, 'ticket:set-status', {
      id: w.open.id,
      status: 'in_progress',
    });
    const commentId = uuidv7();
    await runMutation(store, { now: T0 + 2 * DAY, userId: w.ivan.id, location: 'server' }, 'ticket:set-status', {
      id: w.open.id,
      status: 'in_progress',
      comment: { id: commentId, body: 'Уже в работе, еду' },
    });
    expect(await store.get('comments', commentId)).toMatchObject({ body: 'Уже в работе, еду', authorId: w.ivan.id });
    expect(await store.find('ticket_status_log', { ticketId: w.open.id, toStatus: 'in_progress' })).toHaveLength(1);
  });
});

describe('names older desks queued still run', () => {
  it('ticket.setStatus runs as ticket:set-status', async () => {
    const w = world();
    await runMutation(w.store, { now: T0, userId: w.anna.id, location: 'desk' }, 'ticket.setStatus', {
      id: w.open.id,
      status: 'in_progress',
      logId: uuidv7(),
      comment: null,
      child: { id: uuidv7(), logId: uuidv7() },
    });
    expect((await w.store.get('tickets', w.open.id))?.status).toBe('in_progress');
  });

  it('an unknown name is refused as invalid input', async () => {
    const w = world();
    await expect(
      runMutation(w.store, { now: T0, userId: w.anna.id, location: 'desk' }, 'visit.teleport', {}),
    ).rejects.toMatchObject({ code: 'invalid-input' });
  });
});
