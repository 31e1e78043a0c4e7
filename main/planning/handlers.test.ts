import type { Database } from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, describe, expect, it } from 'vitest';
import type { RowOf } from '../../core/entities.js';
import { SEED_STATUS_MODEL } from '../../core/tickets/status-model.js';
import { openDatabase } from '../../replica/open-store.js';
import { createRowStore } from '../../replica/rows.js';
import { createLocalRunner } from '../mutations/local-runner.js';
import { daySheetDefinition, daySheetPdf } from './day-sheet.js';
import { createPlannerQueries } from './handlers.js';

/** The desk's planner reads, over rows the real mutators wrote into a real replica. */
const dir = mkdtempSync(join(tmpdir(), 'pult-planner-reads-'));
const opened: Database[] = [];
afterAll(() => {
  for (const db of opened) db.close();
  rmSync(dir, { recursive: true, force: true });
});

const H = 3_600_000;
/** Monday 2 November 2026, 00:00 in Minsk. */
const MON = Date.UTC(2026, 10, 1, 21, 0);

function desk() {
  const db = openDatabase(join(dir, `${uuidv7()}.sqlite`));
  opened.push(db);
  const rows = createRowStore(db);
  const employee = (name: string, roles: RowOf<'employees'>['roles']): RowOf<'employees'> => {
    const e = { id: uuidv7(), name, roles, sipExtension: null, color: '#336699', active: true };
    rows.put('employees', e);
    return e;
  };
  const anna = employee('Анна Планова', ['planner']);
  const ivan = employee('Иван Монтажник', ['engineer']);
  employee('Ольга Бухгалтер', ['accountant']);
  rows.put('engineer_profiles', {
    id: ivan.id,
    team: 'Монтаж',
    region: 'Минск',
    timeZone: 'Europe/Minsk',
    homeLatE6: null,
    homeLonE6: null,
  });
  const client: RowOf<'clients'> = {
    id: uuidv7(),
    name: 'ООО «Газель-Транс»',
    taxId: null,
    category: null,
    address: 'Минск, ул. Тимирязева, 67',
    notes: null,
    currency: 'BYN',
    createdAt: 0,
    active: true,
    mergedInto: null,
  };
  rows.put('clients', client);
  const workType: RowOf<'work_types'> = {
    id: uuidv7(),
    code: 'fuel-sensor-install',
    nameRu: 'Установка ДУТ',
    nameEn: 'Fuel sensor installation',
    ticketType: 'installation',
    durationMinutes: 150,
    color: '#7b1fa2',
    checklist: [{ id: 'socket-220', question: 'Есть 220 В?', required: true, kind: 'yes-no' }],
  };
  rows.put('work_types', workType);
  const ticket = (number: number, title: string): RowOf<'tickets'> => {
    const t: RowOf<'tickets'> = {
      id: uuidv7(),
      number,
      title,
      description: '',
      type: 'installation',
      status: 'needs_visit',
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
      createdAt: number,
      updatedAt: number,
      resolvedAt: null,
      createdBy: null,
    };
    rows.put('tickets', t);
    return t;
  };
  const runner = createLocalRunner(db, {
    now: () => MON,
    userId: () => anna.id,
    statusModel: () => SEED_STATUS_MODEL,
    queue: false,
  });
  return { db, ivan, workType, ticket, runner, queries: createPlannerQueries(db) };
}

describe('planner reads', () => {
  it('the queue lists tickets that need a visit with their work type and length, finds by client or title, and drops a planned one', async () => {
    const d = desk();
    const a = d.ticket(1, 'Установка ДУТ на МАЗ');
    d.ticket(2, 'Замена трекера');
    const all = d.queries.queue('', 300);
    expect(all.items.map((i) => i.number)).toEqual([1, 2]);
    expect(all.items[0]).toMatchObject({
      clientName: 'ООО «Газель-Транс»',
      place: 'Минск, ул. Тимирязева, 67',
      workTypeName: 'Установка ДУТ',
      durationMinutes: 150,
    });
    expect(d.queries.queue('трекер', 300).items.map((i) => i.number)).toEqual([2]);
    expect(d.queries.queue('газель мАз', 300).items.map((i) => i.number)).toEqual([1]);
    await d.runner.run('visit:plan', {
      id: uuidv7(),
      ticketId: a.id,
      engineerId: d.ivan.id,
      startAt: MON + 9 * H,
      endAt: MON + 11.5 * H,
      workTypeId: d.workType.id,
    });
    expect(d.queries.queue('', 300).items.map((i) => i.number)).toEqual([2]);
  });

  it('the board shows engineers only, their shifts, and a visit with its checklist gap and an outside-hours warning', async () => {
    const d = desk();
    const a = d.ticket(1, 'Установка ДУТ на МАЗ');
    const id = uuidv7();
    await d.runner.run('visit:plan', {
      id,
      ticketId: a.id,
      engineerId: d.ivan.id,
      startAt: MON + 17 * H,
      endAt: MON + 19 * H,
      workTypeId: d.workType.id,
    });
    const board = d.queries.board({ from: MON, to: MON + 7 * 24 * H, group: null, offset: 0, limit: 50 });
    expect(board.engineers.map((e) => [e.name, e.team, e.region])).toEqual([['Иван Монтажник', 'Монтаж', 'Минск']]);
    // Monday to Friday, 09:00–18:00 in Minsk by default.
    expect(board.engineers[0]?.shifts).toHaveLength(5);
    expect(board.engineers[0]?.shifts[0]).toEqual([MON + 9 * H, MON + 18 * H]);
    expect(board.visits).toMatchObject([
      { id, ticketNumber: 1, checklistMissing: 1, confirmed: false, warnings: [{ kind: 'outside-hours' }] },
    ]);
  });

  it('the board answers one page of one group: only those engineers and their visits, with every group named and counted', async () => {
    const d = desk();
    const rows = createRowStore(d.db);
    const engineers = ['Борис', 'Вера', 'Глеб'].map((name, i) => {
      const e: RowOf<'employees'> = {
        id: uuidv7(),
        name,
        roles: ['engineer'],
        sipExtension: null,
        color: '#336699',
        active: true,
      };
      rows.put('employees', e);
      rows.put('engineer_profiles', {
        id: e.id,
        team: 'Сервис',
        region: i < 2 ? 'Гомель' : 'Брест',
        timeZone: 'Europe/Minsk',
        homeLatE6: null,
        homeLonE6: null,
      });
      return e;
    });
    const [boris, vera] = engineers as [RowOf<'employees'>, RowOf<'employees'>];
    for (const [i, who] of [d.ivan, boris, vera].entries()) {
      await d.runner.run('visit:plan', {
        id: uuidv7(),
        ticketId: d.ticket(10 + i, `Выезд ${i}`).id,
        engineerId: who.id,
        startAt: MON + 10 * H,
        endAt: MON + 11 * H,
      });
    }
    const range = { from: MON, to: MON + 7 * 24 * H };
    const all = d.queries.board({ ...range, group: null, offset: 0, limit: 50 });
    expect(all.groups).toEqual([
      { key: 'Монтаж · Минск', engineers: 1 },
      { key: 'Сервис · Брест', engineers: 1 },
      { key: 'Сервис · Гомель', engineers: 2 },
    ]);
    expect(all.engineerTotal).toBe(4);
    expect(all.visits).toHaveLength(3);

    const gomel = d.queries.board({ ...range, group: 'Сервис · Гомель', offset: 0, limit: 1 });
    expect(gomel.engineerTotal).toBe(2);
    expect(gomel.engineers.map((e) => e.name)).toEqual(['Борис']);
    expect(gomel.visits.map((v) => v.engineerId)).toEqual([boris.id]);
    const second = d.queries.board({ ...range, group: 'Сервис · Гомель', offset: 1, limit: 1 });
    expect(second.engineers.map((e) => e.name)).toEqual(['Вера']);
    expect(second.visits.map((v) => v.engineerId)).toEqual([vera.id]);
    expect(d.queries.board({ ...range, group: 'Нет такой', offset: 0, limit: 10 })).toMatchObject({
      engineerTotal: 0,
      engineers: [],
      visits: [],
    });
  });

  it('the day lists the engineer’s visits in time order with the drive between them and the load against the shift', async () => {
    const d = desk();
    const minsk = { placeLatE6: 53_902_300, placeLonE6: 27_561_800 };
    const barysau = { placeLatE6: 54_226_400, placeLonE6: 28_492_200 };
    const late = d.ticket(21, 'Замена трекера');
    const early = d.ticket(22, 'Установка ДУТ на МАЗ');
    await d.runner.run('visit:plan', {
      id: uuidv7(),
      ticketId: late.id,
      engineerId: d.ivan.id,
      startAt: MON + 13 * H,
      endAt: MON + 14 * H,
      place: 'Борисов, ул. Гагарина, 1',
      ...barysau,
    });
    await d.runner.run('visit:plan', {
      id: uuidv7(),
      ticketId: early.id,
      engineerId: d.ivan.id,
      startAt: MON + 9 * H,
      endAt: MON + 11.5 * H,
      workTypeId: d.workType.id,
      ...minsk,
    });
    const plan = d.queries.day(d.ivan.id, '2026-11-02');
    expect(plan.stops.map((s) => [s.ticketNumber, s.leg])).toEqual([
      [22, null],
      // 70.6 km in a straight line, 1.3 times that by road, at 50 km/h (the company's defaults).
      [21, { km: 70.6, minutes: 111, gapMinutes: 90 }],
    ]);
    expect(plan.load).toEqual({ visitMinutes: 150 + 60, travelMinutes: 111, workingMinutes: 9 * 60 });
    expect(d.queries.day(d.ivan.id, '2026-11-03').stops).toEqual([]);
    expect(() => d.queries.day(uuidv7(), '2026-11-02')).toThrow(/does not exist/);
  });

  it('time off the editors add is listed latest first and shaded on the board; a removed one leaves both; holidays carry the id that removes them', async () => {
    const d = desk();
    const range = { from: MON, to: MON + 7 * 24 * H, group: null, offset: 0, limit: 50 };
    const vacation = { id: uuidv7(), engineerId: d.ivan.id, kind: 'vacation', note: 'Отпуск' } as const;
    await d.runner.run('time-off:add', { ...vacation, startAt: MON + 24 * H, endAt: MON + 3 * 24 * H });
    const trainingId = uuidv7();
    await d.runner.run('time-off:add', {
      id: trainingId,
      engineerId: d.ivan.id,
      kind: 'training',
      note: '',
      startAt: MON + 4 * 24 * H,
      endAt: MON + 4 * 24 * H + 4 * H,
    });
    expect(d.queries.timeOff(d.ivan.id).map((t) => [t.kind, t.note])).toEqual([
      ['training', ''],
      ['vacation', 'Отпуск'],
    ]);
    expect(d.queries.board(range).timeOff.map((t) => t.id)).toEqual([vacation.id, trainingId]);
    await d.runner.run('time-off:remove', { id: vacation.id });
    expect(d.queries.timeOff(d.ivan.id).map((t) => t.id)).toEqual([trainingId]);
    expect(d.queries.board(range).timeOff.map((t) => t.id)).toEqual([trainingId]);

    const holidayId = uuidv7();
    await d.runner.run('holiday:add', { id: holidayId, day: '2026-11-07', name: 'День Октябрьской революции' });
    expect(d.queries.board(range).holidays).toEqual([
      { id: holidayId, day: '2026-11-07', name: 'День Октябрьской революции' },
    ]);
    await d.runner.run('holiday:remove', { id: holidayId });
    expect(d.queries.board(range).holidays).toEqual([]);
  });

  it('the work types are listed with their checklist templates for the editor', () => {
    const d = desk();
    expect(d.queries.workTypes()).toEqual([d.workType]);
  });

  it('the day sheet names the address, whom to call with phones, the vehicle, the work and the kit, and prints a PDF', async () => {
    const d = desk();
    const rows = createRowStore(d.db);
    const t = d.ticket(31, 'Установка ДУТ на МАЗ');
    const clientId = t.clientId;
    const contact = { id: uuidv7(), clientId, name: 'Пётр Механиков', role: 'механик', email: null, active: true };
    rows.put('contacts', contact);
    rows.put('phones', {
      id: uuidv7(),
      clientId,
      contactId: contact.id,
      raw: '+375 29 123-45-67',
      e164: '+375291234567',
    });
    const vehicle = {
      id: uuidv7(),
      clientId,
      plate: '1234 AB-7',
      make: 'МАЗ',
      model: '5440',
      vin: null,
      unitId: null,
      active: true,
    };
    rows.put('vehicles', vehicle);
    rows.put('equipment', {
      id: uuidv7(),
      vehicleId: vehicle.id,
      kind: 'трекер',
      model: 'Teltonika FMB920',
      serial: '8650',
      installedAt: null,
      removedAt: null,
    });
    rows.put('tickets', { ...t, contactId: contact.id, vehicleId: vehicle.id, description: 'Два бака' });
    const visitId = uuidv7();
    await d.runner.run('visit:plan', {
      id: visitId,
      ticketId: t.id,
      engineerId: d.ivan.id,
      startAt: MON + 9 * H,
      endAt: MON + 11.5 * H,
      workTypeId: d.workType.id,
    });
    await d.runner.run('visit:answer-checklist', { id: visitId, answers: { 'socket-220': 'да' } });
    const sheet = d.queries.daySheet(d.ivan.id, '2026-11-02');
    expect(sheet.stops).toHaveLength(1);
    expect(sheet.stops[0]).toMatchObject({
      clientName: 'ООО «Газель-Транс»',
      address: 'Минск, ул. Тимирязева, 67',
      contacts: [{ name: 'Пётр Механиков', role: 'механик', phones: ['+375 29 123-45-67'] }],
      vehicle: { plate: '1234 AB-7', makeModel: 'МАЗ 5440' },
      workTypeName: 'Установка ДУТ',
      description: 'Два бака',
      kit: ['Комплект для работы «Установка ДУТ»', 'Установлено: трекер Teltonika FMB920 № 8650'],
      checklist: [{ question: 'Есть 220 В?', answer: 'да' }],
    });
    const text = JSON.stringify(daySheetDefinition(sheet).content);
    for (const part of [
      'Иван Монтажник',
      'ООО «Газель-Транс»',
      '+375 29 123-45-67',
      '1234 AB-7, МАЗ 5440',
      '09:00–11:30',
    ]) {
      expect(text).toContain(part);
    }
    const pdf = await daySheetPdf(sheet);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(5_000);
  });
});
