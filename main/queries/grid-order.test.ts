import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SortColumn, TicketGridRow, TicketPage } from '../../core/contract.js';
import { dispatch } from '../../core/dispatch.js';
import { generateDemo } from '../../tools/demo/generate.js';
import { deskDatabase } from '../workstation-db.js';
import { openWorkstation, type Workstation } from '../workstation.js';

/**
 * The client and title sorts on the demo store, checked against the order a Russian reader expects
 * (`Intl.Collator('ru', { sensitivity: 'base' })`: case and ё ignored). Adjacent rows in order means every
 * pair in order, since the collator's order is transitive.
 */
const russian = new Intl.Collator('ru', { sensitivity: 'base' });
let ws: Workstation;
beforeAll(async () => {
  ws = openWorkstation({ dataFile: ':memory:', now: () => Date.UTC(2026, 10, 2) });
  await generateDemo(deskDatabase(ws), { tickets: 3_000, seed: 1, now: Date.UTC(2026, 10, 2) });
}, 120_000);
afterAll(() => ws.close());

async function allRows(column: SortColumn, dir: 'asc' | 'desc'): Promise<TicketGridRow[]> {
  const rows: TicketGridRow[] = [];
  for (let offset = 0; ; offset += 500) {
    const result = await dispatch(ws.handlers, 'tickets:query', { sort: { column, dir }, offset, limit: 500 });
    if (!result.ok) throw new Error(result.error.message);
    const page = result.value as TicketPage;
    rows.push(...page.rows);
    if (rows.length >= page.total) return rows;
  }
}

function outOfOrder(values: readonly string[], dir: 'asc' | 'desc'): [string, string][] {
  const wrong: [string, string][] = [];
  for (let i = 1; i < values.length; i++) {
    const c = russian.compare(values[i - 1]!, values[i]!);
    if (dir === 'asc' ? c > 0 : c < 0) wrong.push([values[i - 1]!, values[i]!]);
  }
  return wrong;
}

describe('the grid’s alphabetical sorts on the demo store', () => {
  it.each(['asc', 'desc'] as const)('client %s matches Russian alphabetical order for every pair', async (dir) => {
    const rows = await allRows('client', dir);
    expect(rows).toHaveLength(3_000);
    expect(
      outOfOrder(
        rows.map((r) => r.clientName),
        dir,
      ),
    ).toEqual([]);
  });

  it.each(['asc', 'desc'] as const)('title %s matches Russian alphabetical order for every pair', async (dir) => {
    const rows = await allRows('title', dir);
    expect(
      outOfOrder(
        rows.map((r) => r.title),
        dir,
      ),
    ).toEqual([]);
  });

  it('every demo client name sorts by its stored key as the collator orders it', () => {
    const names = (
      deskDatabase(ws).prepare('SELECT name FROM clients ORDER BY name_key, id').all() as { name: string }[]
    ).map((r) => r.name);
    expect(names.length).toBeGreaterThan(100);
    expect(outOfOrder(names, 'asc')).toEqual([]);
  });
});
