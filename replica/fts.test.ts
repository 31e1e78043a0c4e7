import { deskDatabase } from '../main/workstation-db.js';
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
    const { open, debtor } = seedWorld(deskDatabase(ws));
    const rows = createRowStore(deskDatabase(ws));
    deferFts(deskDatabase(ws));
    expect(isFtsDeferred(deskDatabase(ws))).toBe(true);
    expect(matches(deskDatabase(ws), 'трекером')).toEqual([]);
    rows.put('tickets', { ...open, title: 'Скачки уровня топлива' });
    rows.put('clients', { ...debtor, name: 'ООО «Фура-Сервис»' });
    await buildDeferredFts(deskDatabase(ws));
    expect(isFtsDeferred(deskDatabase(ws))).toBe(false);
    expect(matches(deskDatabase(ws), 'скачки')).toEqual([open.number]);
    expect(matches(deskDatabase(ws), 'трекером')).toEqual([]);
    expect(matches(deskDatabase(ws), 'фура')).toEqual([1, 2, 3, 4]);
    expect(matches(deskDatabase(ws), 'газель')).toEqual([5]);
    // Back to row-by-row indexing.
    rows.put('tickets', { ...open, title: 'Нет связи с трекером' });
    expect(matches(deskDatabase(ws), 'трекером')).toEqual([open.number]);
    ws.close();
  });

  it('reports its progress in tickets', async () => {
    const ws = openWorkstation({ dataFile: ':memory:' });
    seedWorld(deskDatabase(ws));
    deferFts(deskDatabase(ws));
    const seen: [number, number][] = [];
    await buildDeferredFts(deskDatabase(ws), (done, total) => seen.push([done, total]));
    expect(seen.at(-1)).toEqual([7, 7]);
    ws.close();
  });
});
