import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RowOf } from '../../core/entities.js';
import { sortKey } from '../../core/sort-key.js';
import { buildDeferredFts, deferFts } from '../fts.js';
import { createRowStore } from '../rows.js';
import { migrate } from './index.js';

/**
 * Migration 0006: the text index holds the ticket's contact name and its client's phone endings, and follows
 * every change to them; the client and title sorts have keys in Russian alphabetical order, kept current by
 * whoever writes the row. A desk made before it gets all of that for the rows it already has.
 */
const found = (db: Database.Database, query: string) =>
  (db.prepare('SELECT rowid FROM ticket_fts WHERE ticket_fts MATCH ?').all(query) as unknown[]).length;
const keys = (db: Database.Database, id: string) =>
  db.prepare('SELECT title_key AS title, client_key AS client FROM tickets WHERE id = ?').get(id);

function world() {
  const db = new Database(':memory:');
  migrate(db);
  const rows = createRowStore(db);
  const client: RowOf<'clients'> = {
    id: randomUUID(),
    name: 'ЧУП «ЮгТрансКарго»',
    taxId: null,
    category: null,
    address: null,
    notes: null,
    currency: 'BYN',
    createdAt: 0,
    active: true,
    mergedInto: null,
  };
  const contact: RowOf<'contacts'> = {
    id: randomUUID(),
    clientId: client.id,
    name: 'Семён Кузнецов',
    role: null,
    email: null,
    active: true,
  };
  const ticket: RowOf<'tickets'> = {
    id: randomUUID(),
    number: 7,
    title: 'Ёмкость бака не та',
    description: '',
    type: 'incident',
    status: 'new',
    priority: 'normal',
    clientId: client.id,
    contactId: contact.id,
    vehicleId: null,
    assigneeId: null,
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
  rows.put('contacts', contact);
  rows.put('phones', { id: randomUUID(), clientId: client.id, contactId: null, raw: '', e164: '+375291234567' });
  rows.put('tickets', ticket);
  return { db, rows, client, contact, ticket };
}

describe('migration 0006: contacts and phone endings in the search index, Russian sort keys', () => {
  it('a ticket whose contact is «Семён Кузнецов» is found by "семен" and by "кузнецов"', () => {
    const { db } = world();
    expect(found(db, '"семен"*')).toBe(1);
    expect(found(db, '"кузнецов"*')).toBe(1);
    expect(found(db, '"СЕМЕН" AND "кузнец"*')).toBe(1);
  });

  it('the index follows a renamed contact, a ticket given another contact and a deleted contact', () => {
    const { db, rows, contact, ticket, client } = world();
    rows.put('contacts', { ...contact, name: 'Пётр Лебедев' });
    expect(found(db, '"кузнецов"')).toBe(0);
    expect(found(db, '"петр"')).toBe(1);
    const other: RowOf<'contacts'> = { ...contact, id: randomUUID(), clientId: client.id, name: 'Алёна Жук' };
    rows.put('contacts', other);
    rows.put('tickets', { ...ticket, contactId: other.id });
    expect(found(db, '"петр"')).toBe(0);
    expect(found(db, '"алена"')).toBe(1);
    rows.delete('contacts', other.id);
    expect(found(db, '"алена"')).toBe(0);
    expect(found(db, '"емкость"')).toBe(1); // the ticket itself is still indexed
  });

  it('while the index is deferred (a bulk load), a contact change marks its tickets stale, and the build indexes it', async () => {
    const { db, rows, contact } = world();
    deferFts(db);
    rows.put('contacts', { ...contact, name: 'Пётр Лебедев' });
    expect((db.prepare('SELECT count(*) AS n FROM fts_stale').get() as { n: number }).n).toBe(1);
    await buildDeferredFts(db);
    expect(found(db, '"лебедев"')).toBe(1);
    expect(found(db, '"кузнецов"')).toBe(0);
  });

  it('a client’s phone number is found by its last 3 to 6 digits, and only by a whole ending', () => {
    const { db, rows, client } = world();
    for (const ending of ['567', '4567', '34567', '234567']) expect(found(db, `phones : "tel${ending}"`)).toBe(1);
    expect(found(db, 'phones : "tel456"')).toBe(0);
    rows.put('phones', { id: randomUUID(), clientId: client.id, contactId: null, raw: '', e164: '+375447654321' });
    expect(found(db, 'phones : "tel4321"')).toBe(1);
  });

  it('sort keys are written with the row and follow a renamed client to its tickets', () => {
    const { db, rows, client, ticket } = world();
    expect(keys(db, ticket.id)).toEqual({ title: sortKey(ticket.title), client: sortKey(client.name) });
    rows.put('clients', { ...client, name: 'ЧУП «Югмолоко»' });
    rows.put('tickets', { ...ticket, title: 'Нет связи' });
    expect(keys(db, ticket.id)).toEqual({ title: sortKey('Нет связи'), client: sortKey('ЧУП «Югмолоко»') });
    rows.delete('clients', client.id);
    expect(keys(db, ticket.id)).toMatchObject({ client: '' });
  });

  it('a desk made before 0006 gets sort keys, contact names and phone endings for the rows it has', () => {
    const db = new Database(':memory:');
    migrate(db, 4);
    db.exec(`
      INSERT INTO clients (id, name, currency, created_at) VALUES ('c1', 'ЧУП «Югмолоко»', 'BYN', 0);
      INSERT INTO contacts (id, client_id, name) VALUES ('p1', 'c1', 'Семён Кузнецов');
      INSERT INTO phones (id, client_id, raw, e164) VALUES ('f1', 'c1', '', '+375291234567');
      INSERT INTO tickets (id, number, title, description, type, status, priority, client_id, contact_id, source,
                           billing, amount, created_at, updated_at)
      VALUES ('t1', 1, 'Ёмкость бака', '', 'incident', 'new', 'normal', 'c1', 'p1', 'phone', 'warranty', 0, 0, 0);`);
    expect(found(db, '"кузнецов"')).toBe(0);
    migrate(db);
    expect(found(db, '"кузнецов"')).toBe(1);
    expect(found(db, '"емкость"')).toBe(1);
    expect(found(db, 'phones : "tel4567"')).toBe(1);
    expect(keys(db, 't1')).toEqual({ title: sortKey('Ёмкость бака'), client: sortKey('ЧУП «Югмолоко»') });
  });

  it('the client and title sorts are served by their key indexes', () => {
    const { db } = world();
    for (const [column, index] of [
      ['client_key', 'tickets_by_client_key'],
      ['title_key', 'tickets_by_title_key'],
    ]) {
      const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT seq FROM tickets ORDER BY ${column} DESC, seq DESC`).all();
      expect(JSON.stringify(plan)).toContain(`COVERING INDEX ${index}`);
    }
  });
});
