import type { Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { seedWorld } from '../main/test-support/fixtures.js';
import { openWorkstation } from '../main/workstation.js';
import { buildDeferredFts, deferFts, isFtsDeferred } from './fts.js';
import { createRowStore } from './rows.js';

const matches = (db: Database, text: string) =>
  (
    db
      .prepare(
        'SELECT t.number FROM ticket_fts f JOIN tickets t ON t.seq = f.rowid WHERE ticket_fts MATCH ? ORDER BY t.number',
      )
      .all(text) as { number: number }[]
  ).map((r) => r.number);

describe('the deferred full-text index of a bulk load', () => {
  it('after the build, search finds exactly what the rows say, including edits made while it was deferred', async () => {
    const ws = openWorkstation({ dataFile: ':memory:' });
    const { open, debtor } = seedWorld(ws.db);
    const rows = createRowStore(ws.db);
    deferFts(ws.db);
    expect(isFtsDeferred(ws.db)).toBe(true);
    expect(matches(ws.db, 'трекером')).toEqual([]);
    rows.put('tickets', { ...open, title: 'Скачки уровня топлива' });
    rows.put('clients', { ...debtor, name: 'ООО «Фура-Сервис»' });
    await buildDeferredFts(ws.db);
    expect(isFtsDeferred(ws.db)).toBe(false);
    expect(matches(ws.db, 'скачки')).toEqual([open.number]);
    expect(matches(ws.db, 'трекером')).toEqual([]);
    expect(matches(ws.db, 'фура')).toEqual([1, 2, 3, 4]);
    expect(matches(ws.db, 'газель')).toEqual([5]);
    // Back to row-by-row indexing.
    rows.put('tickets', { ...open, title: 'Нет связи с трекером' });
    expect(matches(ws.db, 'трекером')).toEqual([open.number]);
    ws.close();
  });

  it('reports its progress in tickets', async () => {
    const ws = openWorkstation({ dataFile: ':memory:' });
    seedWorld(ws.db);
    deferFts(ws.db);
    const seen: [number, number][] = [];
    await buildDeferredFts(ws.db, (done, total) => seen.push([done, total]));
    expect(seen.at(-1)).toEqual([7, 7]);
    ws.close();
  });
});
