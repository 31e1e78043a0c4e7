import type { Database } from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import type { Client, Employee, Ticket, Vehicle } from '../../core/entities.js';
import { FRESH_PAYMENT } from '../../core/money/tables.js';
import { normalizePhone } from '../../core/phone.js';
import { createRowStore } from '../../replica/rows.js';

/** A small, hand-made world for tests: every figure in it is chosen so a test can state its expectation. */
export const T0 = Date.UTC(2026, 10, 2, 9, 0, 0);
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export function seedWorld(db: Database) {
  const rows = createRowStore(db);
  const employee = (name: string, roles: Employee['roles']): Employee => {
    const e: Employee = { id: uuidv7(), name, roles, sipExtension: null, color: '#336699', active: true };
    rows.put('employees', e);
    return e;
  };
  const anna = employee('Анна Ковалёва', ['dispatcher']);
  const ivan = employee('Иван Петров', ['engineer']);
  const olga = employee('Ольга Белова', ['accountant']);
  db.prepare("INSERT INTO settings (key, value) VALUES ('desk.user_id', ?)").run(anna.id);

  const client = (name: string, phones: string[], currency: Client['currency'] = 'BYN'): Client => {
    const c: Client = {
      id: uuidv7(),
      name,
      taxId: null,
      category: null,
      address: null,
      notes: null,
      currency,
      createdAt: T0,
      active: true,
      mergedInto: null,
    };
    rows.put('clients', c);
    for (const raw of phones)
      rows.put('phones', { id: uuidv7(), clientId: c.id, contactId: null, raw, e164: normalizePhone(raw) });
    return c;
  };
  const debtor = client('ООО «Газель-Транс»', ['8 029 123-45-67']);
  const clean = client('ОАО «Автопарк №5»', ['+375 17 200-11-22']);

  const vehicle = (c: Client, plate: string, make: string): Vehicle => {
    const v: Vehicle = {
      id: uuidv7(),
      clientId: c.id,
      plate,
      make,
      model: null,
      vin: null,
      unitId: null,
      active: true,
    };
    rows.put('vehicles', v);
    return v;
  };
  const truck = vehicle(debtor, '1234 AB-7', 'МАЗ');
  const bus = vehicle(clean, 'А123ВС 77', 'ГАЗель Next');

  let number = 0;
  const ticket = (over: Partial<Ticket> & Pick<Ticket, 'clientId'>): Ticket => {
    number += 1;
    const t: Ticket = {
      id: uuidv7(),
      number,
      title: `Заявка ${number}`,
      description: '',
      type: 'incident',
      status: 'new',
      priority: 'normal',
      contactId: null,
      vehicleId: null,
      assigneeId: null,
      parentId: null,
      source: 'phone',
      billing: 'warranty',
      amount: 0,
      plannedAt: null,
      createdAt: T0 + number * HOUR,
      updatedAt: T0 + number * HOUR,
      resolvedAt: null,
      createdBy: null,
      ...over,
    };
    rows.put('tickets', t);
    rows.put('ticket_status_log', {
      id: uuidv7(),
      ticketId: t.id,
      fromStatus: null,
      toStatus: t.status,
      at: t.createdAt,
      by: null,
    });
    return t;
  };
  // Two completed paid visits of the debtor: 150.00 fully unpaid, 80.00 with 30.00 paid → owes 200.00.
  const unpaidOld = ticket({
    clientId: debtor.id,
    billing: 'paid',
    amount: 15000,
    status: 'waiting_payment',
    resolvedAt: T0 - 40 * DAY,
    vehicleId: truck.id,
    title: 'Замена датчика топлива',
  });
  const partlyPaid = ticket({
    clientId: debtor.id,
    billing: 'paid',
    amount: 8000,
    status: 'done',
    resolvedAt: T0 - 5 * DAY,
  });
  rows.put('payments', {
    id: uuidv7(),
    ticketId: partlyPaid.id,
    amount: 3000,
    paidAt: T0 - 4 * DAY,
    by: null,
    ...FRESH_PAYMENT,
  });
  // A paid visit still open is not a debt yet; a cancelled one never is.
  ticket({ clientId: debtor.id, billing: 'paid', amount: 5000, status: 'paid_visit' });
  ticket({ clientId: debtor.id, billing: 'paid', amount: 5000, status: 'cancelled', resolvedAt: T0 });
  // The clean client's paid visit is paid in full.
  const paidInFull = ticket({
    clientId: clean.id,
    billing: 'paid',
    amount: 9000,
    status: 'done',
    resolvedAt: T0 - DAY,
    vehicleId: bus.id,
    title: 'Газель не передаёт координаты',
  });
  rows.put('payments', { id: uuidv7(), ticketId: paidInFull.id, amount: 9000, paidAt: T0, by: null, ...FRESH_PAYMENT });
  const open = ticket({ clientId: clean.id, assigneeId: anna.id, title: 'Нет связи с трекером', vehicleId: bus.id });
  const callback = ticket({ clientId: clean.id, type: 'callback', source: 'missed_call', title: 'Перезвонить' });
  return { anna, ivan, olga, debtor, clean, truck, bus, unpaidOld, partlyPaid, paidInFull, open, callback };
}
