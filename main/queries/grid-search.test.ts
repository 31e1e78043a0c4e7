import { v7 as uuidv7 } from 'uuid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TicketPage, TicketQuery } from '../../core/contract.js';
import { SEARCH_INPUT_MAX_LENGTH, SEARCH_MAX_LENGTH } from '../../core/tickets/contract.js';
import { dispatch } from '../../core/dispatch.js';
import { createRowStore } from '../../replica/rows.js';
import { seedWorld, T0 } from '../test-support/fixtures.js';
import { deskDatabase } from '../workstation-db.js';
import { openWorkstation, type Workstation } from '../workstation.js';

/**
 * What the grid's search box promises a dispatcher: contacts are found by name, a search of symbols or one cut
 * short says so instead of quietly answering something else, and the last digits of a client's phone find the
 * client's tickets first.
 */
let ws: Workstation;
let world: ReturnType<typeof seedWorld>;
let rows: ReturnType<typeof createRowStore>;
beforeEach(() => {
  ws = openWorkstation({ dataFile: ':memory:', now: () => T0 });
  world = seedWorld(deskDatabase(ws));
  rows = createRowStore(deskDatabase(ws));
});
afterEach(() => ws.close());

async function search(text: string, more: TicketQuery = {}): Promise<TicketPage> {
  const result = await dispatch(ws.handlers, 'tickets:query', { ...more, filter: { text } });
  if (!result.ok) throw new Error(result.error.message);
  return result.value as TicketPage;
}
const numbers = (page: TicketPage) => page.rows.map((r) => r.number);

function addTicket(number: number, title: string, clientId: string, contactId: string | null = null) {
  rows.put('tickets', {
    ...world.open,
    id: uuidv7(),
    number,
    title,
    clientId,
    contactId,
    vehicleId: null,
    assigneeId: null,
  });
}

describe('searching the grid', () => {
  it('finds a ticket by its contact’s name, ё typed as е and in any case', async () => {
    const contact = {
      id: uuidv7(),
      clientId: world.clean.id,
      name: 'Семён Кузнецов',
      role: null,
      email: null,
      active: true,
    };
    rows.put('contacts', contact);
    addTicket(8, 'Датчик уровня топлива', world.clean.id, contact.id);
    expect(numbers(await search('семен'))).toEqual([8]);
    expect(numbers(await search('КУЗНЕЦОВ'))).toEqual([8]);
    rows.put('contacts', { ...contact, name: 'Семён Волков' });
    expect(numbers(await search('кузнецов'))).toEqual([]);
    expect(numbers(await search('волков'))).toEqual([8]);
  });

  it('a search made only of symbols is ignored and says so, instead of silently showing every ticket', async () => {
    for (const text of ['"', '*', '%', '_', '"%*_', ' " * % _ ']) {
      const page = await search(text);
      expect(page.searchIgnored, text).toBe('only-symbols');
      expect(page.total).toBe(7);
    }
    const real = await search('газель');
    expect(real.searchIgnored).toBeNull();
    expect(real.total).toBeLessThan(7);
  });

  it('a search cut to its maximum length or word count says so; one within both does not', async () => {
    const long = await search(`трекером ${'я'.repeat(SEARCH_MAX_LENGTH)}`);
    expect(long.searchTruncated).toBe(true);
    const words = await search('нет связи с трекером а б в г д е ж з и');
    expect(words.searchTruncated).toBe(true);
    const fits = await search('нет связи с трекером');
    expect(fits).toMatchObject({ searchTruncated: false, total: 1 });
    // Exactly the maximum is not cut.
    expect((await search('я'.repeat(SEARCH_MAX_LENGTH))).searchTruncated).toBe(false);
  });

  it('a search text beyond what the contract accepts is refused with a clear error', async () => {
    const result = await dispatch(ws.handlers, 'tickets:query', {
      filter: { text: 'я'.repeat(SEARCH_INPUT_MAX_LENGTH + 1) },
    });
    expect(result.ok).toBe(false);
  });

  it('"4567" and "45-67" find the clients whose numbers end so, ranked above incidental matches', async () => {
    // The debtor's number is 8 029 123-45-67 (tickets 1–4); these two tickets of another client match only
    // as words, and their higher numbers would come first in the default sort (number, descending).
    addTicket(8, 'Счёт 45678 не оплачен', world.clean.id);
    addTicket(9, 'Пломба 45-67 сорвана', world.clean.id);
    const ending = await search('4567');
    expect(numbers(ending)).toEqual([4, 3, 2, 1, 8]);
    expect(ending.searchPhoneEnding).toBe('4567');
    const dashed = await search('45-67');
    // "45-67" also reads as the compact "4567" (a plate typed with a dash), so ticket 8 matches too.
    expect(numbers(dashed)).toEqual([4, 3, 2, 1, 9, 8]);
    // Within each group the chosen sort still holds, and paging keeps the groups.
    const asc = await search('45-67', { sort: { column: 'number', dir: 'asc' } });
    expect(numbers(asc)).toEqual([1, 2, 3, 4, 8, 9]);
    const second = await search('45-67', { sort: { column: 'number', dir: 'asc' }, offset: 3, limit: 2 });
    expect(numbers(second)).toEqual([4, 8]);
    expect((await search('газель')).searchPhoneEnding).toBeNull();
  });

  it('a full phone number still finds its client, not read as an ending', async () => {
    const page = await search('8 029 123-45-67');
    expect(numbers(page)).toEqual([4, 3, 2, 1]);
    expect(page.searchPhoneEnding).toBeNull();
  });
});
