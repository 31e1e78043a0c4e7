import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RowOf } from '../../core/entities.js';
import { deferFts } from '../fts.js';
import { createRowStore } from '../rows.js';
import { migrate } from './index.js';

/**
 * Migration 0004: a row that is deleted (a pulled deletion, a local delete) or comes back (a rebase puts its
 * pre-image back) takes the ticket grid's derived columns and the text index with it. The directory's case:
 * a wrong phone number removed must stop finding the client's tickets.
 */
function store() {
  const db = new Database(':memory:');
  migrate(db);
  const rows = createRowStore(db);
  const client: RowOf<'clients'> = {
    id: randomUUID(),
    name: 'ООО «Газель-Транс»',
    taxId: '190000001',
    category: null,
    address: null,
    notes: null,
    currency: 'BYN',
    createdAt: 0,
    active: true,
    mergedInto: null,
  };
  const engineer: RowOf<'employees'> = {
    id: randomUUID(),
    name: 'Иван Петров',
    roles: ['engineer'],
    sipExtension: null,
    color: '#336699',
    active: true,
  };
  const vehicle: RowOf<'vehicles'> = {
    id: randomUUID(),
    clientId: client.id,
    plate: '1234 AB-7',
    make: null,
    model: null,
    vin: null,
    unitId: null,
    active: true,
  };
  const phone: RowOf<'phones'> = {
    id: randomUUID(),
    clientId: client.id,
    contactId: null,
    raw: '8 029 765-43-21',
    e164: '+375297654321',
  };
  const ticket: RowOf<'tickets'> = {
    id: randomUUID(),
    number: 7,
    title: 'Нет связи с трекером',
    description: '',
    type: 'incident',
    status: 'new',
    priority: 'normal',
    clientId: client.id,
    contactId: null,
    vehicleId: vehicle.id,
    assigneeId: engineer.id,
    parentId: null,
    source: 'phone',
    billing: 'warranty',
    amount: 0,
    plannedAt: null,
    createdAt: 0,
    updatedAt: 0,
    resolvedAt: null,
    createdBy: null,
  };
  rows.put('clients', client);
  rows.put('employees', engineer);
  rows.put('vehicles', vehicle);
  rows.put('phones', phone);
  rows.put('tickets', ticket);
  const found = (query: string) =>
    (db.prepare('SELECT rowid FROM ticket_fts WHERE ticket_fts MATCH ?').all(`"${query}"`) as unknown[]).length;
  const derived = () =>
    db.prepare('SELECT client_name AS client, assignee_name AS assignee FROM tickets WHERE id = ?').get(ticket.id);
  return { db, rows, client, engineer, vehicle, phone, ticket, found, derived };
}

describe('migration 0004: the read model follows deleted and restored rows', () => {
  it('a deleted phone number no longer finds the client’s tickets, and finds them again when the row comes back', () => {
    const s = store();
    expect(s.found('375297654321')).toBe(1);
    s.rows.delete('phones', s.phone.id);
    expect(s.found('375297654321')).toBe(0);
    expect(s.found('Трекером')).toBe(1); // the ticket itself is still indexed
    s.rows.put('phones', s.phone);
    expect(s.found('375297654321')).toBe(1);
  });

  it('a deleted vehicle takes its plate out of the index; the row put back brings it back', () => {
    const s = store();
    expect(s.found('1234')).toBe(1);
    s.rows.delete('vehicles', s.vehicle.id);
    expect(s.found('1234')).toBe(0);
    s.rows.put('vehicles', s.vehicle);
    expect(s.found('1234')).toBe(1);
  });

  it('a deleted client empties the tickets’ client name and index entry; the row put back restores both', () => {
    const s = store();
    expect(s.derived()).toEqual({ client: 'ООО «Газель-Транс»', assignee: 'Иван Петров' });
    expect(s.found('190000001')).toBe(1);
    s.rows.delete('clients', s.client.id);
    expect(s.derived()).toMatchObject({ client: '' });
    expect(s.found('190000001')).toBe(0);
    s.rows.put('clients', s.client);
    expect(s.derived()).toMatchObject({ client: 'ООО «Газель-Транс»' });
    expect(s.found('190000001')).toBe(1);
  });

  it('a deleted employee leaves no name on the tickets assigned to them; the row put back brings it back', () => {
    const s = store();
    s.rows.delete('employees', s.engineer.id);
    expect(s.derived()).toMatchObject({ assignee: null });
    s.rows.put('employees', s.engineer);
    expect(s.derived()).toMatchObject({ assignee: 'Иван Петров' });
  });

  it('while the index is deferred (a bulk load), a deletion marks the tickets concerned as stale instead', () => {
    const s = store();
    deferFts(s.db);
    s.rows.delete('phones', s.phone.id);
    s.rows.delete('vehicles', s.vehicle.id);
    const seq = (s.db.prepare('SELECT seq FROM tickets WHERE id = ?').get(s.ticket.id) as { seq: number }).seq;
    expect(s.db.prepare('SELECT seq FROM fts_stale').all()).toEqual([{ seq }]);
  });
});
