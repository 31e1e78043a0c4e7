import type { Database } from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, describe, expect, it } from 'vitest';
import type { RowAccess } from '../../core/mutation.js';
import { directorySuite, seedDirectoryWorld, T0 } from '../../core/test-support/directory-suite.js';
import { SEED_STATUS_MODEL } from '../../core/tickets/status-model.js';
import { openDatabase } from '../../replica/open-store.js';
import { createRowStore } from '../../replica/rows.js';
import { createLocalRunner } from '../mutations/local-runner.js';

/** The directory's mutators on the desk's real replica: the same suite as on the memory store, then the runner. */
const dir = mkdtempSync(join(tmpdir(), 'pult-directory-'));
const opened: Database[] = [];
afterAll(() => {
  for (const db of opened) db.close();
  rmSync(dir, { recursive: true, force: true });
});

function openReplica(): Database {
  const db = openDatabase(join(dir, `${uuidv7()}.sqlite`));
  opened.push(db);
  return db;
}

directorySuite("the desk's SQLite replica", () => {
  const rows = createRowStore(openReplica());
  const access: RowAccess = {
    get: async (table, id) => rows.get(table, id),
    find: async (table, where, options) => rows.find(table, where, options),
    write: async (table, row) => void rows.put(table, row),
    remove: async (table, id) => rows.delete(table, id),
    statusModel: async () => SEED_STATUS_MODEL,
  };
  return { access, put: (table, row) => void rows.put(table, row) };
});

describe('the directory through the desk runner', () => {
  it("a merge re-points the grid's client name and the text index, and queues one mutation", async () => {
    const db = openReplica();
    const rows = createRowStore(db);
    const world = seedDirectoryWorld({ access: null as unknown as RowAccess, put: (t, r) => void rows.put(t, r) });
    const ticket = world.ticket(world.gazelTwin.id, 7);
    const runner = createLocalRunner(db, {
      now: () => T0,
      userId: () => world.anna.id,
      statusModel: () => SEED_STATUS_MODEL,
      queue: true,
    });
    await runner.run('client:merge', { id: uuidv7(), keptId: world.gazel.id, mergedId: world.gazelTwin.id });
    expect(db.prepare('SELECT client_id, client_name FROM tickets WHERE id = ?').get(ticket.id)).toEqual({
      client_id: world.gazel.id,
      client_name: world.gazel.name,
    });
    const found = db
      .prepare("SELECT t.number FROM ticket_fts f JOIN tickets t ON t.seq = f.rowid WHERE ticket_fts MATCH 'газель'")
      .all();
    expect(found).toEqual([{ number: 7 }]);
    expect((db.prepare('SELECT name FROM outbox').all() as { name: string }[]).map((r) => r.name)).toEqual([
      'client:merge',
    ]);
  });

  it("the look-ups of the merge, the equipment list and the list's open-ticket counts use their indexes", () => {
    const db = openReplica();
    const plan = (sql: string) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join('; ');
    expect(plan("SELECT * FROM callbacks WHERE client_id = 'x'")).toMatch(/callbacks_by_client_id/);
    expect(plan("SELECT * FROM equipment WHERE vehicle_id = 'x'")).toMatch(/equipment_by_vehicle_id/);
    expect(plan("SELECT * FROM client_merges WHERE kept_id = 'x' ORDER BY at")).toMatch(/client_merges_by_kept_id/);
    expect(plan("SELECT count(*) FROM tickets WHERE client_id = 'x' AND status_kind = 'open'")).toMatch(
      /COVERING INDEX tickets_open_by_client_id/,
    );
  });
});
