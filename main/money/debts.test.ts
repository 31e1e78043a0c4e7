import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { v7 as uuidv7 } from 'uuid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClientOption, DebtList, ExportedFile } from '../../core/contract.js';
import { dispatch } from '../../core/dispatch.js';
import { FRESH_PAYMENT } from '../../core/money/tables.js';
import type { Result } from '../../core/result.js';
import { createRowStore } from '../../replica/rows.js';
import { DAY, seedWorld, T0 } from '../test-support/fixtures.js';
import { deskDatabase } from '../workstation-db.js';
import { openWorkstation, type Workstation } from '../workstation.js';
import { DEBT_EXPORT_COLUMNS, DEBT_EXPORT_HEADINGS, debtExportRows } from './exports.js';

/**
 * The accountant's desk over a real replica: the debts list follows the one debt rule (the grid's marks agree
 * with it after every payment, correction and cancellation), the desk refuses money actions to other roles
 * before anything is queued, and every export reads back as what the list says.
 */
let dir: string;
let dataFile: string;
let ws: Workstation;
let olga: Workstation;
let world: ReturnType<typeof seedWorld>;
let clock = T0;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pult-debts-'));
  dataFile = join(dir, 'desk.sqlite');
  clock = T0;
  ws = openWorkstation({ dataFile, now: () => clock });
  world = seedWorld(deskDatabase(ws));
  olga = openWorkstation({ dataFile, userId: world.olga.id, now: () => clock });
});
afterEach(() => {
  olga.close();
  ws.close();
  rmSync(dir, { recursive: true, force: true });
});

const value = <T>(result: Result<unknown>): T => {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
};
const list = async (input: object = {}) => value<DebtList>(await dispatch(olga.handlers, 'debts:list', input));
const asOlga = (method: string, input: unknown) => dispatch(olga.handlers, method, input);
const gridDebt = async (clientId: string) =>
  value<ClientOption>(await dispatch(ws.handlers, 'client:get', { id: clientId })).debt;
const count = (table: string) =>
  (deskDatabase(ws).prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('debts:list', () => {
  it('lists each completed paid visit not fully paid under its client, with age, bucket, totals and phones', async () => {
    const debts = await list();
    expect(debts.debtorCount).toBe(1);
    const [debtor] = debts.debtors;
    expect(debtor).toMatchObject({ clientId: world.debtor.id, owed: 200_00, ageDays: 40, currency: 'BYN' });
    expect(debtor!.visits.map((v) => [v.ticketNumber, v.ageDays, v.bucket, v.amount, v.paid, v.owed])).toEqual([
      [world.unpaidOld.number, 40, '31-90', 150_00, 0, 150_00],
      [world.partlyPaid.number, 5, '0-7', 80_00, 30_00, 50_00],
    ]);
    expect(debtor!.visits[1]!.payments).toEqual([expect.objectContaining({ amount: 30_00, cancelledAt: null })]);
    expect(debtor!.contacts).toEqual([{ contactId: null, name: null, role: null, phones: ['8 029 123-45-67'] }]);
    expect(debts.totals).toEqual([{ currency: 'BYN', debtors: 1, visits: 2, owed: 200_00 }]);
    expect(debts.buckets).toEqual([
      { bucket: '0-7', currency: 'BYN', visits: 1, owed: 50_00 },
      { bucket: '31-90', currency: 'BYN', visits: 1, owed: 150_00 },
    ]);
  });

  it('sorts debtors by age or by sum, and the limit cuts the list but never the totals', async () => {
    // A second debtor: younger debt, larger sum.
    const rows = createRowStore(deskDatabase(ws));
    const big = { ...world.partlyPaid, id: uuidv7(), number: 99, clientId: world.clean.id, amount: 900_00 };
    rows.put('tickets', { ...big, resolvedAt: T0 - 2 * DAY });
    expect((await list({ sort: 'age' })).debtors.map((d) => d.clientId)).toEqual([world.debtor.id, world.clean.id]);
    expect((await list({ sort: 'sum' })).debtors.map((d) => d.clientId)).toEqual([world.clean.id, world.debtor.id]);
    const cut = await list({ sort: 'sum', limit: 1 });
    expect(cut.debtors.map((d) => d.clientId)).toEqual([world.clean.id]);
    expect(cut.debtorCount).toBe(2);
    expect(cut.totals).toEqual([{ currency: 'BYN', debtors: 2, visits: 3, owed: 1100_00 }]);
  });

  it('recording the last payment takes the debtor off the list and the grid; cancelling it puts both back', async () => {
    expect(await gridDebt(world.debtor.id)).toMatchObject({ count: 2, sum: 200_00 });
    const old = uuidv7();
    const rest = uuidv7();
    for (const [id, ticketId, amount] of [
      [old, world.unpaidOld.id, 150_00],
      [rest, world.partlyPaid.id, 50_00],
    ] as const) {
      expect(await asOlga('payment:add', { id, ticketId, amount, paidAt: T0 })).toEqual({
        ok: true,
        value: { ok: true },
      });
    }
    expect((await list()).debtors).toEqual([]);
    expect(await gridDebt(world.debtor.id)).toBeNull();

    expect((await asOlga('payment:correct', { id: rest, amount: 40_00 })).ok).toBe(true);
    expect((await list()).debtors[0]?.visits.map((v) => v.owed)).toEqual([10_00]);
    expect(await gridDebt(world.debtor.id)).toMatchObject({ count: 1, sum: 10_00 });

    expect((await asOlga('payment:cancel', { id: old, reason: 'Платёж вернулся' })).ok).toBe(true);
    const back = await list();
    expect(back.debtors[0]?.owed).toBe(160_00);
    expect(back.debtors[0]?.visits[0]?.payments).toEqual([
      expect.objectContaining({ id: old, amount: 150_00, cancelReason: 'Платёж вернулся', cancelledAt: T0 }),
    ]);
    expect(await gridDebt(world.debtor.id)).toMatchObject({ count: 2, sum: 160_00 });
  });

  it('a pulled payment row that arrives cancelled pays nothing, and one cancelled later stops paying', async () => {
    const rows = createRowStore(deskDatabase(ws));
    const cancelled = { id: uuidv7(), ticketId: world.unpaidOld.id, amount: 150_00, paidAt: T0, by: null };
    rows.put('payments', { ...cancelled, ...FRESH_PAYMENT, cancelledAt: T0, cancelReason: 'Ошибка' });
    expect(await gridDebt(world.debtor.id)).toMatchObject({ sum: 200_00 });
    const live = { ...cancelled, id: uuidv7(), ...FRESH_PAYMENT };
    rows.put('payments', live);
    expect(await gridDebt(world.debtor.id)).toMatchObject({ sum: 50_00 });
    rows.put('payments', { ...live, cancelledAt: T0 + 1, cancelReason: 'Ошибка' });
    expect(await gridDebt(world.debtor.id)).toMatchObject({ sum: 200_00 });
  });

  it('the last reminder and its follow-up show with the debtor', async () => {
    for (const [at, note] of [
      [T0 - 3 * DAY, 'Не дозвонились'],
      [T0 - DAY, 'Обещали оплатить до пятницы'],
    ] as const) {
      clock = at;
      const reminder = { id: uuidv7(), clientId: world.debtor.id, note, followUpAt: T0 + DAY };
      expect((await asOlga('reminder:record', reminder)).ok).toBe(true);
    }
    clock = T0;
    expect((await list()).debtors[0]?.lastReminder).toMatchObject({
      note: 'Обещали оплатить до пятницы',
      at: T0 - DAY,
      byName: 'Ольга Белова',
      followUpAt: T0 + DAY,
    });
  });
});

describe('roles at the desk', () => {
  it.each([
    ['payment:add', () => ({ id: uuidv7(), ticketId: world.unpaidOld.id, amount: 1, paidAt: T0 })],
    ['payment:correct', () => ({ id: uuidv7(), amount: 1 })],
    ['payment:cancel', () => ({ id: uuidv7(), reason: 'Ошибка' })],
    ['reminder:record', () => ({ id: uuidv7(), clientId: world.debtor.id, note: 'Звонили' })],
  ])("%s from a dispatcher's desk is refused at once and queues nothing", async (name, args) => {
    const before = ['payments', 'reminders', 'outbox'].map(count);
    const result = await dispatch(ws.handlers, name, args());
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden', reason: { key: 'role-may-not' } } });
    expect(['payments', 'reminders', 'outbox'].map(count)).toEqual(before);
  });
});

describe('exports', () => {
  const file = async (method: string, input: unknown) => {
    const f = value<ExportedFile>(await asOlga(method, input));
    return { ...f, bytes: Buffer.from(f.base64, 'base64') };
  };

  it('the CSV parses back into exactly the rows of the list, headings first, Cyrillic intact', async () => {
    const expected = debtExportRows(await list({ limit: 10_000 }));
    const csv = await file('debts:export', { format: 'csv' });
    expect(csv.fileName).toMatch(/^debts-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = csv.bytes.toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const parsed = Papa.parse<string[]>(text.slice(1), { delimiter: ';', skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data[0]).toEqual(DEBT_EXPORT_COLUMNS.map((c) => DEBT_EXPORT_HEADINGS[c]));
    expect(parsed.data.slice(1)).toEqual(expected.map((r) => DEBT_EXPORT_COLUMNS.map((c) => String(r[c]))));
    expect(expected.map((r) => r.client)).toEqual(['ООО «Газель-Транс»', 'ООО «Газель-Транс»']);
  });

  it('a number typed without spaces is listed and exported as Pult shows numbers everywhere', async () => {
    deskDatabase(ws)
      .prepare('UPDATE phones SET raw = ?, e164 = ? WHERE client_id = ?')
      .run('80291234567', '+375291234567', world.debtor.id);
    const debtor = (await list({ limit: 100 })).debtors.find((d) => d.clientId === world.debtor.id);
    expect(debtor!.contacts.flatMap((c) => c.phones)).toEqual(['8 029 123-45-67']);
    const text = (await file('debts:export', { format: 'csv' })).bytes.toString('utf8');
    const [, first] = Papa.parse<string[]>(text.slice(1), { delimiter: ';', skipEmptyLines: true }).data;
    expect(first![DEBT_EXPORT_COLUMNS.indexOf('phones')]).toBe('8 029 123-45-67');
  });

  it('a client name that looks like a formula is written as text, a phone number is left as it is', async () => {
    deskDatabase(ws).prepare('UPDATE clients SET name = ? WHERE id = ?').run('=HYPERLINK("http://x")', world.debtor.id);
    deskDatabase(ws)
      .prepare('UPDATE phones SET raw = ?, e164 = ? WHERE client_id = ?')
      .run('+7 495 123-45-67', '+74951234567', world.debtor.id);
    const text = (await file('debts:export', { format: 'csv' })).bytes.toString('utf8');
    const [, first] = Papa.parse<string[]>(text.slice(1), { delimiter: ';', skipEmptyLines: true }).data;
    expect(first![0]).toBe(`'=HYPERLINK("http://x")`);
    expect(first![DEBT_EXPORT_COLUMNS.indexOf('phones')]).toBe('+7 495 123 45 67');
  });

  it('the XLSX reads back with ExcelJS into the same rows, money as numbers', async () => {
    const expected = debtExportRows(await list({ limit: 10_000 }));
    const xlsx = await file('debts:export', { format: 'xlsx' });
    expect(xlsx.fileName).toMatch(/\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('Долги')!;
    const read: unknown[][] = [];
    sheet.eachRow((row) => read.push((row.values as unknown[]).slice(1)));
    expect(read[0]).toEqual(DEBT_EXPORT_COLUMNS.map((c) => DEBT_EXPORT_HEADINGS[c]));
    // ExcelJS leaves an empty cell out of row.values: compare with '' filled back in.
    const filled = read.slice(1).map((r) => DEBT_EXPORT_COLUMNS.map((_, i) => r[i] ?? ''));
    expect(filled).toEqual(expected.map((r) => DEBT_EXPORT_COLUMNS.map((c) => r[c])));
    expect(typeof filled[0]![DEBT_EXPORT_COLUMNS.indexOf('owed')]).toBe('number');
  });

  it("the reminder letter needs the company's details, then is a PDF for that debtor; one who owes nothing gets none", async () => {
    const refused = await asOlga('debts:letter', { clientId: world.debtor.id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-input', message: /company's details/ } });
    const details = { name: 'ООО «Пульт-Сервис»', taxId: '191234567', address: 'Минск, ул. Сурганова, 1' };
    expect(value(await asOlga('company:set-details', details))).toMatchObject(details);
    expect(value(await asOlga('company:details', {}))).toMatchObject(details);
    const pdf = await file('debts:letter', { clientId: world.debtor.id });
    expect(pdf.mimeType).toBe('application/pdf');
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.bytes.length).toBeGreaterThan(5_000);
    const none = await asOlga('debts:letter', { clientId: world.clean.id });
    expect(none).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });
});
