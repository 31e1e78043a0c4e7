import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { v7 as uuidv7 } from 'uuid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExportedFile, PriceListing, StatusTimes, WorkReport, WorkTicket } from '../../core/contract.js';
import { dispatch } from '../../core/dispatch.js';
import type { Result } from '../../core/result.js';
import { createRowStore } from '../../replica/rows.js';
import { DAY, seedWorld, T0 } from '../test-support/fixtures.js';
import { deskDatabase } from '../workstation-db.js';
import { openWorkstation, type Workstation } from '../workstation.js';
import { WORK_EXPORT_COLUMNS, WORK_EXPORT_HEADINGS, workExportRows } from './work-exports.js';

/**
 * The KPI system over a real replica: prices set by the accountant, work recorded on a completed ticket from the
 * list in force on its completion day, the report per employee and period (an engineer sees only their own,
 * at the desk as at the server), its files read back equal to it.
 */
let dir: string;
let anna: Workstation;
let olga: Workstation;
let ivan: Workstation;
let world: ReturnType<typeof seedWorld>;
const clock = T0;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pult-kpi-'));
  const dataFile = join(dir, 'desk.sqlite');
  anna = openWorkstation({ dataFile, now: () => clock });
  world = seedWorld(deskDatabase(anna));
  olga = openWorkstation({ dataFile, userId: world.olga.id, now: () => clock });
  ivan = openWorkstation({ dataFile, userId: world.ivan.id, now: () => clock });
});
afterEach(() => {
  ivan.close();
  olga.close();
  anna.close();
  rmSync(dir, { recursive: true, force: true });
});

const value = <T>(result: Result<unknown>): T => {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
};
const call = (ws: Workstation, method: string, input: unknown) => dispatch(ws.handlers, method, input);
const localDay = (ms: number) => new Date(ms + 3 * 3_600_000).toISOString().slice(0, 10);

/** Prices on both lists, the money one raised mid-period; work on the two completed visits, one on each side. */
async function recordMonth() {
  const price = (list: string, code: string, name: string, value: number, effectiveFrom: string) =>
    call(olga, 'price:set', {
      id: uuidv7(),
      list,
      code,
      name,
      value,
      currency: list === 'money' ? 'BYN' : null,
      effectiveFrom,
    });
  const oldDay = localDay(world.unpaidOld.resolvedAt!);
  const newDay = localDay(world.partlyPaid.resolvedAt!);
  value(await price('money', 'fuel-sensor', 'Установка ДУТ', 40_00, oldDay));
  value(await price('money', 'fuel-sensor', 'Установка ДУТ', 55_00, localDay(world.partlyPaid.resolvedAt! - DAY)));
  value(await price('points', 'callback', 'Перезвон клиенту', 150, oldDay));
  for (const ticket of [world.unpaidOld, world.partlyPaid]) {
    value(
      await call(anna, 'ticket:record-work', {
        ticketId: ticket.id,
        lines: [
          { id: uuidv7(), list: 'money', code: 'fuel-sensor', quantity: 2, employeeId: world.ivan.id },
          { id: uuidv7(), list: 'points', code: 'callback', quantity: 1, employeeId: world.anna.id },
        ],
      }),
    );
  }
  return { from: oldDay, to: newDay };
}

describe('prices and work at the desk', () => {
  it('the price list shows every row, the ones in force today marked', async () => {
    await recordMonth();
    const listing = value<PriceListing>(await call(olga, 'prices:list', {}));
    expect(listing.today).toBe(localDay(T0));
    const money = listing.items.filter((i) => i.list === 'money');
    expect(money.map((i) => [i.value, i.inForce])).toEqual([
      [55_00, true],
      [40_00, false],
    ]);
  });

  it("a ticket's lines are found by its number, priced by its completion day", async () => {
    await recordMonth();
    const old = value<WorkTicket>(await call(anna, 'work:ticket', { number: world.unpaidOld.number }));
    expect(old).toMatchObject({ completed: true, day: localDay(world.unpaidOld.resolvedAt!) });
    expect(old.lines.map((l) => [l.code, l.unitValue, l.employeeName])).toEqual([
      ['fuel-sensor', 40_00, 'Иван Петров'],
      ['callback', 150, 'Анна Ковалёва'],
    ]);
    const open = value<WorkTicket>(await call(anna, 'work:ticket', { number: world.open.number }));
    expect(open).toMatchObject({ completed: false, day: null, lines: [] });
    expect(value(await call(anna, 'work:ticket', { number: 99_999 }))).toBeNull();
  });
});

describe('the report per employee and period', () => {
  it('sums points and earnings by work type, a price change mid-period counted at each side of it', async () => {
    const period = await recordMonth();
    const report = value<WorkReport>(await call(olga, 'work:report', period));
    expect(report.scope).toBe('all');
    expect(report.rows).toEqual([
      {
        employeeId: world.anna.id,
        name: 'Анна Ковалёва',
        list: 'points',
        currency: null,
        total: 300,
        lines: [{ code: 'callback', name: 'Перезвон клиенту', quantity: 2, total: 300 }],
      },
      {
        employeeId: world.ivan.id,
        name: 'Иван Петров',
        list: 'money',
        currency: 'BYN',
        total: 2 * 40_00 + 2 * 55_00,
        lines: [{ code: 'fuel-sensor', name: 'Установка ДУТ', quantity: 4, total: 190_00 }],
      },
    ]);
    // A day outside the period, or a cancelled line, counts for nothing.
    const late = value<WorkReport>(await call(olga, 'work:report', { ...period, from: period.to }));
    expect(late.rows.find((r) => r.list === 'money')?.total).toBe(2 * 55_00);
    const [line] = value<WorkTicket>(await call(anna, 'work:ticket', { number: world.partlyPaid.number })).lines;
    value(await call(anna, 'work-line:cancel', { id: line!.id }));
    const after = value<WorkReport>(await call(olga, 'work:report', period));
    expect(after.rows.find((r) => r.list === 'money')?.total).toBe(2 * 40_00);
  });

  it("the report over everyone (whole months from the month totals) equals each employee's lines summed one by one, whatever the period's edges", async () => {
    const rows = createRowStore(deskDatabase(anna));
    const people = [world.ivan.id, world.anna.id];
    const lines: { day: string; employeeId: string; code: string; quantity: number; unitValue: number }[] = [];
    const start = Date.parse('2025-12-20T00:00:00Z');
    for (let i = 0; i < 400; i++) {
      const day = new Date(start + ((i * 7) % 120) * DAY).toISOString().slice(0, 10);
      const line = {
        day,
        employeeId: people[i % 2]!,
        code: ['diagnostics', 'fuel-sensor', 'callback'][i % 3]!,
        quantity: 1 + (i % 4),
        unitValue: 100 + i,
      };
      const cancelled = i % 9 === 0;
      rows.put('work_lines', {
        id: uuidv7(),
        ticketId: world.unpaidOld.id,
        employeeId: line.employeeId,
        priceItemId: uuidv7(),
        list: line.employeeId === world.ivan.id ? 'money' : 'points',
        code: line.code,
        quantity: line.quantity,
        unitValue: line.unitValue,
        currency: line.employeeId === world.ivan.id ? 'BYN' : null,
        day,
        at: T0,
        by: null,
        cancelledAt: cancelled ? T0 : null,
        cancelledBy: null,
      });
      if (!cancelled) lines.push(line);
    }
    const periods = [
      ['2026-01-01', '2026-03-31'],
      ['2025-12-21', '2026-04-18'],
      ['2026-01-02', '2026-02-27'],
      ['2026-01-30', '2026-02-02'],
      ['2026-02-01', '2026-02-28'],
      ['2026-02-03', '2026-02-25'],
      ['2026-03-17', '2026-03-17'],
      ['2025-12-31', '2026-01-01'],
      ['2026-04-10', '2026-12-31'],
    ] as const;
    for (const [from, to] of periods) {
      const expected = new Map<string, { quantity: number; total: number }>();
      for (const l of lines.filter((l) => l.day >= from && l.day <= to)) {
        const key = `${l.employeeId}|${l.code}`;
        const sum = expected.get(key) ?? { quantity: 0, total: 0 };
        expected.set(key, { quantity: sum.quantity + l.quantity, total: sum.total + l.quantity * l.unitValue });
      }
      const everyone = value<WorkReport>(await call(olga, 'work:report', { from, to }));
      const got = new Map(
        everyone.rows.flatMap((r) =>
          r.lines.map((l) => [`${r.employeeId}|${l.code}`, { quantity: l.quantity, total: l.total }] as const),
        ),
      );
      expect(got, `${from}..${to}`).toEqual(expected);
      for (const employeeId of people) {
        const one = value<WorkReport>(await call(olga, 'work:report', { from, to, employeeId }));
        expect(one.rows, `${from}..${to}`).toEqual(everyone.rows.filter((r) => r.employeeId === employeeId));
      }
    }
  });

  it("an engineer sees only their own work, and asking for someone else's is refused", async () => {
    const period = await recordMonth();
    const own = value<WorkReport>(await call(ivan, 'work:report', period));
    expect(own.scope).toBe('own');
    expect(own.rows.map((r) => r.employeeId)).toEqual([world.ivan.id]);
    const other = await call(ivan, 'work:report', { ...period, employeeId: world.anna.id });
    expect(other).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const file = await call(ivan, 'work:export', { format: 'csv', report: { ...period, employeeId: world.anna.id } });
    expect(file).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('a period that ends before it starts, or longer than a year, is refused', async () => {
    for (const q of [
      { from: '2026-11-02', to: '2026-11-01' },
      { from: '2025-01-01', to: '2026-11-01' },
      { from: '2026-02-30x', to: '2026-11-01' },
    ]) {
      expect(await call(olga, 'work:report', q)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    }
  });

  it('an engineer may not record work, nor anyone but an accountant or admin set a price', async () => {
    const day = localDay(T0);
    const price = { id: uuidv7(), list: 'points', code: 'x', name: 'X', value: 1, effectiveFrom: day };
    expect(await call(anna, 'price:set', price)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const work = {
      ticketId: world.unpaidOld.id,
      lines: [{ id: uuidv7(), list: 'points', code: 'x', quantity: 1, employeeId: world.anna.id }],
    };
    expect(await call(ivan, 'ticket:record-work', work)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});

describe('report files', () => {
  const file = async (format: string, report: object) => {
    const f = value<ExportedFile>(await call(olga, 'work:export', { format, report }));
    return { ...f, bytes: Buffer.from(f.base64, 'base64') };
  };

  it('the CSV and the XLSX read back into exactly the rows of the report', async () => {
    const period = await recordMonth();
    const expected = workExportRows(value<WorkReport>(await call(olga, 'work:report', period)));
    expect(expected).toHaveLength(2);
    const csv = await file('csv', period);
    expect(csv.fileName).toBe(`work-${period.from}-${period.to}.csv`);
    const parsed = Papa.parse<string[]>(csv.bytes.toString('utf8').slice(1), { delimiter: ';', skipEmptyLines: true });
    expect(parsed.data[0]).toEqual(WORK_EXPORT_COLUMNS.map((c) => WORK_EXPORT_HEADINGS[c]));
    expect(parsed.data.slice(1)).toEqual(expected.map((r) => WORK_EXPORT_COLUMNS.map((c) => String(r[c]))));

    const xlsx = await file('xlsx', period);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    const read: unknown[][] = [];
    book.getWorksheet('Работы')!.eachRow((row) => read.push((row.values as unknown[]).slice(1)));
    const filled = read.slice(1).map((r) => WORK_EXPORT_COLUMNS.map((_, i) => r[i] ?? ''));
    expect(filled).toEqual(expected.map((r) => WORK_EXPORT_COLUMNS.map((c) => r[c])));
    expect(filled.map((r) => r[WORK_EXPORT_COLUMNS.indexOf('total')])).toEqual([3, 190]);
  });
});

describe('time in status at the desk', () => {
  it('the figures come from the status log of the period, and a ticket closed straight from new is flagged', async () => {
    const rows = createRowStore(deskDatabase(anna));
    const log = (ticketId: string, fromStatus: string | null, toStatus: string, at: number) =>
      rows.put('ticket_status_log', { id: uuidv7(), ticketId, fromStatus, toStatus, at, by: null });
    // world.open was created new; it goes into work an hour later and is done two hours after that.
    const open = world.open;
    log(open.id, 'new', 'in_progress', open.createdAt + 3_600_000);
    log(open.id, 'in_progress', 'done', open.createdAt + 3 * 3_600_000);
    // world.callback is closed straight from new: it never was in work.
    const skipped = world.callback;
    log(skipped.id, 'new', 'closed', skipped.createdAt + 60_000);
    const day = localDay(open.createdAt);
    const times = value<StatusTimes>(await call(olga, 'status:times', { from: day, to: day }));
    const inWork = times.rows.find((r) => r.type === open.type && r.status === 'in_progress');
    expect(inWork).toMatchObject({ tickets: 1, averageMs: 2 * 3_600_000, distribution: [0, 1, 0, 0, 0, 0] });
    expect(times.flagged).toEqual([
      {
        ticketId: skipped.id,
        number: skipped.number,
        title: skipped.title,
        type: 'callback',
        reasons: ['never-in-work', 'closed-unresolved'],
      },
    ]);
    // Tickets created on another day are not in the period.
    const before = localDay(open.createdAt - 2 * DAY);
    expect(value<StatusTimes>(await call(olga, 'status:times', { from: before, to: before })).tickets).toBe(0);
  });
});
