import type { Database } from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, describe, expect, it } from 'vitest';
import { CallLogQuery } from '../../core/calls/contract.js';
import type { RowAccess } from '../../core/mutation.js';
import { seedCallbackWorld, T0 } from '../../core/test-support/callback-rule-suite.js';
import { SEED_STATUS_MODEL } from '../../core/tickets/status-model.js';
import { openDatabase } from '../../replica/open-store.js';
import { createRowStore } from '../../replica/rows.js';
import { createLocalRunner } from '../mutations/local-runner.js';
import { createCallQueries } from './handlers.js';

/** The desk's call reads: the open callbacks list and the call log, over rows the real mutators wrote. */
const dir = mkdtempSync(join(tmpdir(), 'pult-call-reads-'));
const opened: Database[] = [];
afterAll(() => {
  for (const db of opened) db.close();
  rmSync(dir, { recursive: true, force: true });
});

const MINUTE = 60_000;

async function desk() {
  const db = openDatabase(join(dir, `${uuidv7()}.sqlite`));
  opened.push(db);
  const rows = createRowStore(db);
  const world = seedCallbackWorld({ access: null as unknown as RowAccess, put: (t, r) => void rows.put(t, r) });
  let now = T0;
  let user = world.anna.id;
  const runner = createLocalRunner(db, {
    now: () => now,
    userId: () => user,
    statusModel: () => SEED_STATUS_MODEL,
    queue: false,
  });
  const call = (over: Record<string, unknown>) =>
    runner.run('call:record', {
      id: uuidv7(),
      sipCallId: `${uuidv7()}@pbx`,
      direction: 'in',
      number: '+375291234567',
      startedAt: now,
      outcome: 'missed',
      ...over,
    });
  const at = (t: number, who = world.anna.id) => {
    now = t;
    user = who;
  };
  return { db, world, runner, call, at, queries: createCallQueries(db) };
}

describe('the open callbacks list', () => {
  it('lists open callbacks by due time with client, count and owner; a resolved one or one closed from the grid leaves it', async () => {
    const { world, runner, call, at, queries } = await desk();
    await call({ number: '+7 916 123-45-67', startedAt: T0 + MINUTE });
    await call({ startedAt: T0 });
    await call({ startedAt: T0 + 2 * MINUTE, number: '80291234567' });
    await call({ number: 'anonymous', startedAt: T0 + 3 * MINUTE });
    const [first] = queries.openCallbacks(100);
    at(T0 + 5 * MINUTE, world.boris.id);
    await runner.run('callback:claim', { id: first!.id });
    const list = queries.openCallbacks(100);
    expect(list.map((c) => [c.numberKey, c.clientName, c.missedCount, c.claimedByName])).toEqual([
      ['+375291234567', 'ООО «Газель-Транс»', 2, 'Борис Лукин'],
      ['+79161234567', null, 1, null],
      [null, null, 1, null],
    ]);
    expect(list[0]).toMatchObject({ dueAt: T0 + 30 * MINUTE, ticketStatus: 'in_progress', firstMissedAt: T0 });

    await call({ direction: 'out', startedAt: T0 + 10 * MINUTE, answeredAt: T0 + 10 * MINUTE, outcome: 'answered' });
    expect(queries.openCallbacks(100).map((c) => c.numberKey)).toEqual(['+79161234567', null]);
    // Closed from the grid as a ticket: off the list too.
    await runner.run('ticket:set-status', { id: list[1]!.id, status: 'cancelled' });
    expect(queries.openCallbacks(100).map((c) => c.numberKey)).toEqual([null]);
  });
});

describe('the call log', () => {
  it("shows a client's calls, a callback ticket's calls and the recent calls, newest first, with who took them and for how long", async () => {
    const { world, call, at, queries } = await desk();
    await call({ startedAt: T0 });
    at(T0 + MINUTE);
    await call({
      number: '+7 916 123-45-67',
      startedAt: T0 + MINUTE,
      answeredAt: T0 + MINUTE + 5_000,
      endedAt: T0 + 3 * MINUTE,
      outcome: 'answered',
    });
    at(T0 + 4 * MINUTE);
    await call({
      direction: 'out',
      number: '8 029 123 45 67',
      startedAt: T0 + 4 * MINUTE,
      answeredAt: T0 + 4 * MINUTE + 7_000,
      endedAt: T0 + 6 * MINUTE,
      outcome: 'answered',
    });

    const mine = queries.callLog({ clientId: world.client.id, limit: 10 });
    expect(mine.map((c) => [c.direction, c.outcome, c.agentName, c.durationMs])).toEqual([
      ['out', 'answered', 'Анна Ковалёва', 2 * MINUTE - 7_000],
      ['in', 'missed', null, null],
    ]);
    const ticketId = mine[1]!.callbackTicketId!;
    expect(queries.callLog({ ticketId, limit: 10 }).map((c) => c.direction)).toEqual(['out', 'in']);
    expect(mine[0]).toMatchObject({ clientName: 'ООО «Газель-Транс»', callbackTicketNumber: expect.any(Number) });
    const recent = queries.callLog({ limit: 2 });
    expect(recent.map((c) => c.startedAt)).toEqual([T0 + 4 * MINUTE, T0 + MINUTE]);
    expect(queries.callLog({ limit: 2, before: recent[1]!.startedAt }).map((c) => c.startedAt)).toEqual([T0]);
  });

  it('a query for one client and one ticket at once is refused as it stands', () => {
    expect(CallLogQuery.safeParse({ clientId: uuidv7(), ticketId: uuidv7() }).success).toBe(false);
  });

  it('each list reads through its index', async () => {
    const { db } = await desk();
    const plan = (sql: string) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join('; ');
    expect(plan("SELECT * FROM calls WHERE client_id = 'x' AND started_at < 5 ORDER BY started_at DESC")).toMatch(
      /calls_by_client_id/,
    );
    expect(
      plan("SELECT * FROM calls WHERE callback_ticket_id = 'x' AND started_at < 5 ORDER BY started_at DESC"),
    ).toMatch(/calls_by_callback_ticket_id/);
    expect(plan('SELECT * FROM calls WHERE started_at < 5 ORDER BY started_at DESC LIMIT 5')).toMatch(
      /calls_by_started_at/,
    );
  });
});
