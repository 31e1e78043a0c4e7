import { v7 as uuidv7 } from 'uuid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TicketQuery, type TicketPage } from '../../core/contract.js';
import { dispatch } from '../../core/dispatch.js';
import { DEFAULT_PHONE_REGIONS, normalizePhone } from '../../core/phone.js';
import { createRowStore } from '../../replica/rows.js';
import { seedWorld, T0 } from '../test-support/fixtures.js';
import { deskDatabase } from '../workstation-db.js';
import { openWorkstation, type Workstation } from '../workstation.js';
import { buildGridSql, gridPageSql } from './ticket-grid.js';

/**
 * The phone a grid row offers to call. What this tries to break: a row that calls the client's switchboard
 * when the ticket names a contact, a callback row that calls anyone but the caller, a withheld caller's row
 * that dials something anyway, and numbers shown raw, each the way someone once typed it.
 */

let ws: Workstation;
let world: ReturnType<typeof seedWorld>;
beforeEach(() => {
  ws = openWorkstation({ dataFile: ':memory:', now: () => T0 });
  world = seedWorld(deskDatabase(ws));
});
afterEach(() => ws.close());

async function phoneOf(ticketId: string): Promise<string | null | undefined> {
  const result = await dispatch(ws.handlers, 'tickets:query', { view: 'all', limit: 500 });
  if (!result.ok) throw new Error(result.error.message);
  return (result.value as TicketPage).rows.find((r) => r.id === ticketId)?.phone;
}

function addPhone(clientId: string, contactId: string | null, raw: string): void {
  const rows = createRowStore(deskDatabase(ws));
  rows.put('phones', { id: uuidv7(), clientId, contactId, raw, e164: normalizePhone(raw) });
}

function addContact(clientId: string, name: string): string {
  const id = uuidv7();
  createRowStore(deskDatabase(ws)).put('contacts', {
    id,
    clientId,
    name,
    role: null,
    email: null,
    active: true,
  } as never);
  return id;
}

async function recordMissed(number: string): Promise<string> {
  const recorded = await dispatch(ws.handlers, 'call:record', {
    id: uuidv7(),
    sipCallId: `${uuidv7()}@test`,
    direction: 'in',
    number,
    startedAt: T0 - 60_000,
    outcome: 'missed',
    resolveLogId: uuidv7(),
  });
  if (!recorded.ok) throw new Error(recorded.error.message);
  const row = deskDatabase(ws)
    .prepare('SELECT id FROM callbacks ORDER BY first_missed_at DESC, id DESC LIMIT 1')
    .get() as { id: string };
  return row.id;
}

describe('the phone of a grid row', () => {
  it('is the client’s own number, shown the office’s way whatever way it was typed', async () => {
    // Stored as `+375 17 200-11-22`.
    expect(await phoneOf(world.open.id)).toBe('8 017 200-11-22');
  });

  it('is the ticket’s contact’s number before the client’s switchboard', async () => {
    const contactId = addContact(world.clean.id, 'Сергей, диспетчер гаража');
    addPhone(world.clean.id, contactId, '+7 (916) 123-45-67');
    const db = deskDatabase(ws);
    db.prepare('UPDATE tickets SET contact_id = ? WHERE id = ?').run(contactId, world.open.id);
    expect(await phoneOf(world.open.id)).toBe('+7 916 123 45 67');
    // Another ticket of the client, without a contact, still calls the client's own number.
    expect(await phoneOf(world.paidInFull.id)).toBe('8 017 200-11-22');
  });

  it('is one of the client’s contacts’ numbers when the client has none of its own', async () => {
    const db = deskDatabase(ws);
    db.prepare('DELETE FROM phones WHERE client_id = ?').run(world.clean.id);
    expect(await phoneOf(world.open.id)).toBeNull();
    addPhone(world.clean.id, addContact(world.clean.id, 'Бухгалтерия'), '80291112233');
    expect(await phoneOf(world.open.id)).toBe('8 029 111-22-33');
  });

  it('of a callback is the caller’s number, even one the directory does not know', async () => {
    const ticketId = await recordMissed('+375 44 765 43 21');
    expect(await phoneOf(ticketId)).toBe('8 044 765-43-21');
  });

  it('of a withheld caller’s callback is none: there is nothing to dial', async () => {
    const ticketId = await recordMissed('anonymous');
    expect(await phoneOf(ticketId)).toBeNull();
  });

  it('is read with the client index, not a scan of every phone', () => {
    const db = deskDatabase(ws);
    const sql = gridPageSql(buildGridSql(TicketQuery.parse({ view: 'all' }), null, DEFAULT_PHONE_REGIONS));
    const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ limit: 100, offset: 0 }) as { detail: string }[];
    const details = plan.map((r) => r.detail);
    // `p` is the phones table and `cb` the callbacks table in the page's SQL: each read by an index, once.
    expect(details.filter((d) => /^(SCAN|SEARCH) p\b/.test(d))).toEqual([expect.stringMatching(/phones_by_client_id/)]);
    expect(details.filter((d) => /^(SCAN|SEARCH) cb\b/.test(d))).toEqual([expect.stringMatching(/^SEARCH cb USING/)]);
  });
});
