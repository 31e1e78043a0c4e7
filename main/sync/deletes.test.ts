import type { Database } from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PultEvent } from '../../core/contract.js';
import type { RowOf } from '../../core/entities.js';
import type { MutationName } from '../../core/mutations.js';
import { registerTestMutators, type TestMutationName } from '../../core/test-support/test-mutators.js';
import { SEED_STATUS_MODEL } from '../../core/tickets/status-model.js';
import { openDatabase } from '../../replica/open-store.js';
import { createServer, type PultServer } from '../../server/app.js';
import { importRows } from '../../server/db/import-rows.js';
import { PASSWORD, seedWorld, T0, type World } from '../../server/test-support/world.js';
import { createLocalRunner, type LocalMutationRunner } from '../mutations/local-runner.js';
import { dispatch } from '../../core/dispatch.js';
import type { TicketPage } from '../../core/tickets/contract.js';
import { openWorkstation, type Workstation } from '../workstation.js';
import { createMemorySecretStore, type SecretStore } from './secret-store.js';
import { createSyncClient, type SyncClient } from './sync-client.js';
import { createHttpTransport, type SyncTransport } from './transport.js';
import { PLANNER_VISIT_FIELDS } from '../../core/test-support/visit-fields.js';

/**
 * Deletes between desks (docs/sync.md, Deletes), with a real server in this process and real replicas: a row
 * deleted at one desk leaves every other desk's replica; a pending local delete replays on top of what the
 * server sent; a pending change of a row another desk deleted fails locally and is rejected by the server
 * with a reason. No product mutator deletes yet, so the deleting mutators are registered for this test
 * process only (core/test-support/test-mutators.ts) and go through the desk's real runner, outbox and push.
 */
let dir: string;
let server: PultServer;
let world: World;
let unregister: () => void;
const opened: { close(): void }[] = [];

beforeAll(() => {
  unregister = registerTestMutators();
});
afterAll(() => unregister());

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pult-deletes-'));
  server = await createServer({ db: `sqlite:${join(dir, 'server.sqlite')}` });
  world = await seedWorld(server.database);
});

afterEach(async () => {
  for (const desk of opened.splice(0)) desk.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * A desk as the workstation composes it (replica, runner, sync client), without the contract in front: the
 * test's own mutators are not contract methods. `hold` keeps pushes from leaving (as if the server had not
 * got to them yet) while pulls go on, so a pull can land under a pending change.
 */
type Desk = {
  db: Database;
  runner: LocalMutationRunner;
  sync: SyncClient;
  events: PultEvent[];
  hold: boolean;
  run(name: TestMutationName, args: unknown): Promise<void>;
  /** A restart of the sync client on the same file: a held push goes out with the rest of the outbox. */
  restart(): void;
  close(): void;
};

async function openDesk(name: string, login: string): Promise<Desk> {
  const db = openDatabase(join(dir, `${name}.sqlite`));
  const secrets: SecretStore = createMemorySecretStore();
  const events: PultEvent[] = [];
  const runner = createLocalRunner(db, {
    now: Date.now,
    userId: () => null,
    statusModel: () => SEED_STATUS_MODEL,
    queue: true,
  });
  const real = createHttpTransport(server.url);
  const transport: SyncTransport = {
    login: (l, p) => real.login(l, p),
    push: (token, request) =>
      desk.hold ? Promise.resolve({ lastMutationId: 0, results: [] }) : real.push(token, request),
    pull: (token, request) => real.pull(token, request),
    poke: (token, handlers) => real.poke(token, handlers),
  };
  const client = () =>
    createSyncClient({ db, runner, serverUrl: server.url, transport, secrets, emit: (e) => events.push(e) });
  const desk: Desk = {
    db,
    runner,
    sync: client(),
    events,
    hold: false,
    async run(mutation, args) {
      await runner.run(mutation as MutationName, args);
    },
    restart() {
      desk.sync.close();
      desk.sync = client();
    },
    close() {
      desk.sync.close();
      db.close();
    },
  };
  opened.push(desk);
  await desk.sync.signIn(login, PASSWORD);
  return desk;
}

function visitRow(): RowOf<'visits'> {
  return {
    id: randomUUID(),
    ticketId: world.ticket.id,
    engineerId: world.ivan.employee.id,
    startAt: T0,
    endAt: T0 + 3_600_000,
    state: 'planned',
    place: null,
    ...PLANNER_VISIT_FIELDS,
  };
}

async function seedVisit(): Promise<RowOf<'visits'>> {
  const visit = visitRow();
  await importRows(server.database, [{ table: 'visits', row: visit }]);
  return visit;
}

const visitAt = (desk: Desk, id: string) =>
  desk.db.prepare('SELECT start_at AS startAt FROM visits WHERE id = ?').get(id) as { startAt: number } | undefined;
const pending = (desk: Desk) => desk.sync.status().pending;
const onServer = async (id: string) =>
  server.database.db.selectFrom('visits').select(['id', 'start_at']).where('id', '=', id).executeTakeFirst();

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

describe('a desk learns that a row is gone', () => {
  it('a visit unplanned at desk A leaves desk B without B asking (the poke), and A has nothing pending', async () => {
    const visit = await seedVisit();
    const a = await openDesk('a', 'pavel');
    const b = await openDesk('b', 'anna');
    expect(visitAt(b, visit.id)).toBeDefined();

    await a.run('test:unplan-visit', { id: visit.id });
    expect(visitAt(a, visit.id)).toBeUndefined(); // at once, locally
    a.sync.nudge();
    await until('desk B to lose the visit', () => visitAt(b, visit.id) === undefined);
    await until('desk A to have nothing pending', () => pending(a) === 0);
    expect(await onServer(visit.id)).toBeUndefined();
    expect(b.events.some((e) => e.type === 'changed' && e.tables.includes('visits'))).toBe(true);
    // A's own pull after its push brought the same deletion: nothing of the visit is left in A's shadow.
    expect(a.db.prepare('SELECT count(*) AS n FROM sync_shadow').get()).toEqual({ n: 0 });
  });

  it('a pending local delete replays on top of the newer row the server sends, then reaches the server', async () => {
    const visit = await seedVisit();
    const a = await openDesk('a', 'pavel');
    const b = await openDesk('b', 'anna');
    b.hold = true;
    await b.run('test:unplan-visit', { id: visit.id });
    await b.sync.syncNow();
    expect(pending(b)).toBe(1);

    await a.run('test:move-visit', { id: visit.id, startAt: T0 + 86_400_000 });
    await a.sync.syncNow();
    expect((await onServer(visit.id))?.start_at).toBe(T0 + 86_400_000);

    await b.sync.syncNow();
    // The pull restored the visit, applied A's move and replayed B's delete on top: still gone at B, and the
    // pre-image kept for the next rebase is the server's newest row.
    expect(visitAt(b, visit.id)).toBeUndefined();
    const shadow = b.db.prepare("SELECT row FROM sync_shadow WHERE tbl = 'visits' AND id = ?").get(visit.id) as {
      row: string;
    };
    expect(JSON.parse(shadow.row)).toMatchObject({ id: visit.id, startAt: T0 + 86_400_000 });
    expect(pending(b)).toBe(1);

    b.hold = false;
    b.restart();
    await b.sync.syncNow();
    expect(pending(b)).toBe(0);
    expect(await onServer(visit.id)).toBeUndefined();
    await a.sync.syncNow();
    expect(visitAt(a, visit.id)).toBeUndefined();
    expect(b.db.prepare('SELECT count(*) AS n FROM sync_shadow').get()).toEqual({ n: 0 });
  });

  it('a pending move of a visit another desk unplanned fails in the replay, and the server rejects it as not-found', async () => {
    const visit = await seedVisit();
    const a = await openDesk('a', 'pavel');
    const b = await openDesk('b', 'anna');
    b.hold = true;
    await b.run('test:move-visit', { id: visit.id, startAt: T0 + 3_600_000 });
    expect(visitAt(b, visit.id)?.startAt).toBe(T0 + 3_600_000);

    await a.run('test:unplan-visit', { id: visit.id });
    await a.sync.syncNow();
    await b.sync.syncNow();
    // Restored, deleted by the server's deletion, and the move had nothing left to move.
    expect(visitAt(b, visit.id)).toBeUndefined();
    expect(pending(b)).toBe(1);
    expect(b.db.prepare('SELECT count(*) AS n FROM sync_shadow').get()).toEqual({ n: 0 });

    b.hold = false;
    b.restart();
    await b.sync.syncNow();
    expect(pending(b)).toBe(0);
    expect(visitAt(b, visit.id)).toBeUndefined();
    expect(await onServer(visit.id)).toBeUndefined();
    expect(b.events).toContainEqual(
      expect.objectContaining({ type: 'rejected', mutation: 'test:move-visit', code: 'not-found' }),
    );
  });

  it("a phone number removed at desk A no longer finds the client's tickets in desk B's grid search", async () => {
    const phone: RowOf<'phones'> = {
      id: randomUUID(),
      clientId: world.client.id,
      contactId: null,
      raw: '8 029 765-43-21',
      e164: '+375297654321',
    };
    await importRows(server.database, [{ table: 'phones', row: phone }]);
    const a = await openDesk('a', 'anna');
    const b: Workstation = openWorkstation({
      dataFile: join(dir, 'b.sqlite'),
      sync: { serverUrl: server.url, secrets: createMemorySecretStore() },
    });
    opened.push(b);
    expect(await dispatch(b.handlers, 'session:sign-in', { login: 'ivan', password: PASSWORD })).toMatchObject({
      ok: true,
    });
    const search = async () => {
      const result = await dispatch(b.handlers, 'tickets:query', { filter: { text: '7654321' } });
      if (!result.ok) throw new Error(result.error.message);
      return (result.value as TicketPage).total;
    };
    expect(await search()).toBe(2); // both of the client's tickets

    await a.run('test:remove-phone', { id: phone.id });
    await a.sync.syncNow();
    await b.syncNow();
    expect(await search()).toBe(0);
  });

  it('a first sync after deletions brings only the rows that are left', async () => {
    const [gone, kept] = [await seedVisit(), await seedVisit()];
    const a = await openDesk('a', 'pavel');
    await a.run('test:unplan-visit', { id: gone.id });
    await a.sync.syncNow();
    const fresh = await openDesk('fresh', 'anna');
    expect(visitAt(fresh, gone.id)).toBeUndefined();
    expect(visitAt(fresh, kept.id)).toBeDefined();
    expect(fresh.sync.status()).toMatchObject({ state: 'online', pending: 0 });
  });
});
