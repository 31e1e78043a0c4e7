import type { Database } from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, describe, expect, it } from 'vitest';
import type { RowAccess } from '../../core/mutation.js';
import { callbackRuleSuite, seedCallbackWorld, T0 } from '../../core/test-support/callback-rule-suite.js';
import { SEED_STATUS_MODEL } from '../../core/tickets/status-model.js';
import { openDatabase } from '../../replica/open-store.js';
import { createRowStore } from '../../replica/rows.js';
import { createLocalRunner } from '../mutations/local-runner.js';

/** The callback rule on the desk's real replica: the same suite as on the memory store, then through the runner. */
const dir = mkdtempSync(join(tmpdir(), 'pult-callbacks-'));
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

callbackRuleSuite(
  "the desk's SQLite replica",
  () => {
    const rows = createRowStore(openReplica());
    const access: RowAccess = {
      get: async (table, id) => rows.get(table, id),
      find: async (table, where, options) => rows.find(table, where, options),
      write: async (table, row) => void rows.put(table, row),
      remove: async (table, id) => rows.delete(table, id),
      statusModel: async () => SEED_STATUS_MODEL,
    };
    return { access, put: (table, row) => void rows.put(table, row) };
  },
  { numRuns: 20 },
);

describe('the callback rule through the desk runner', () => {
  it("a missed call's callback lands in the grid's callbacks view and in the outbox, in one transaction", async () => {
    const db = openReplica();
    const rows = createRowStore(db);
    const world = seedCallbackWorld({ access: null as unknown as RowAccess, put: (t, r) => void rows.put(t, r) });
    const runner = createLocalRunner(db, {
      now: () => T0,
      userId: () => world.anna.id,
      statusModel: () => SEED_STATUS_MODEL,
      queue: true,
    });
    const report = {
      sipCallId: 'ring-group@pbx',
      direction: 'in',
      number: '80291234567',
      startedAt: T0,
      outcome: 'missed',
    };
    await runner.run('call:record', { ...report, id: uuidv7() });
    await runner.run('call:record', { ...report, id: uuidv7(), number: '+375291234567' });
    const open = db
      .prepare("SELECT id, client_id FROM tickets WHERE type = 'callback' AND status_kind = 'open'")
      .all() as { id: string; client_id: string }[];
    expect(open).toEqual([{ id: expect.any(String), client_id: world.client.id }]);
    expect(db.prepare('SELECT count(*) AS n FROM calls').get()).toEqual({ n: 1 });
    const outbox = db.prepare('SELECT name, args FROM outbox ORDER BY mutation_id').all() as {
      name: string;
      args: string;
    }[];
    expect(outbox.map((e) => e.name)).toEqual(['call:record', 'call:record']);
    // The queued arguments carry the ids the callback would take, so the server writes the same rows.
    expect(JSON.parse(outbox[0]!.args).callback.ticketId).toBe(open[0]!.id);
  });

  it('the look-ups of the rule use their indexes', () => {
    const db = openReplica();
    const plan = (sql: string) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join('; ');
    expect(plan("SELECT * FROM calls WHERE sip_call_id = 'x' LIMIT 1")).toMatch(/calls_by_sip_call_id/);
    expect(plan("SELECT * FROM callbacks WHERE number_key = 'x' AND state = 'open' LIMIT 1")).toMatch(
      /callbacks_by_number_key/,
    );
    expect(plan("SELECT * FROM callbacks WHERE state = 'open' ORDER BY due_at")).toMatch(/callbacks_by_state/);
  });
});
