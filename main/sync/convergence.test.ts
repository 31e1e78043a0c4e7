import { deskDatabase } from '../workstation-db.js';
import fc from 'fast-check';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TABLES, type TableName } from '../../core/entities.js';
import { dispatch } from '../../core/dispatch.js';
import { createServer, type PultServer } from '../../server/app.js';
import { PASSWORD, seedWorld } from '../../server/test-support/world.js';
import { fromDb } from '../../replica/rows.js';
import { openWorkstation, type Workstation } from '../workstation.js';
import { createMemorySecretStore } from './secret-store.js';
import { createHttpTransport, SyncNetworkError, type SyncTransport } from './transport.js';

/**
 * What this tries to break: several desks, each with its own SQLite
 * replica, make random and conflicting changes while requests fail before reaching the server, answers get
 * lost after the server committed, desks go offline and the server restarts. After the network heals and
 * everyone has synced: every replica equals the server, every change a desk saved and the server accepted
 * is there exactly once, each desk's changes are applied in the order it made them, and the rules hold.
 */

type Fault = 'none' | 'before' | 'after';

/** The real HTTP transport, with a switch for each way a network fails a request. */
function faultyTransport(url: () => string, plan: { next(): Fault; offline: boolean }): SyncTransport {
  const real = () => createHttpTransport(url());
  const guard = async <T>(send: () => Promise<T>): Promise<T> => {
    if (plan.offline) throw new SyncNetworkError('offline (test)');
    const fault = plan.next();
    if (fault === 'before') throw new SyncNetworkError('request lost (test)');
    const result = await send();
    if (fault === 'after') throw new SyncNetworkError('answer lost (test)');
    return result;
  };
  return {
    login: (login, password) => real().login(login, password),
    push: (token, request) => guard(() => real().push(token, request)),
    pull: (token, request) => guard(() => real().pull(token, request)),
    poke: (token, handlers) => real().poke(token, handlers),
  };
}

const Step = fc.oneof(
  fc.record({ kind: fc.constant('comment' as const), desk: fc.nat(2), ticket: fc.nat(1) }),
  fc.record({
    kind: fc.constant('status' as const),
    desk: fc.nat(2),
    ticket: fc.nat(1),
    to: fc.constantFrom('in_progress', 'needs_visit', 'done', 'closed', 'cancelled', 'new'),
  }),
  fc.record({ kind: fc.constant('claim' as const), desk: fc.nat(2), ticket: fc.nat(1) }),
  fc.record({ kind: fc.constant('create' as const), desk: fc.nat(2) }),
  fc.record({ kind: fc.constant('sync' as const), desk: fc.nat(2) }),
  fc.record({ kind: fc.constant('offline' as const), desk: fc.nat(2), on: fc.boolean() }),
  fc.record({ kind: fc.constant('restart' as const) }),
);

const SYNCED = Object.keys(TABLES) as TableName[];

async function serverRows(server: PultServer, table: TableName): Promise<string[]> {
  const rows = await server.database.db.selectFrom(table).selectAll().orderBy('id').execute();
  return rows.map((r) => {
    const { version: _version, ...rest } = r as Record<string, unknown>;
    return JSON.stringify(normalise(table, rest));
  });
}

function deskRows(desk: Workstation, table: TableName): string[] {
  const rows = deskDatabase(desk).prepare(`SELECT * FROM ${table} ORDER BY id`).all() as Record<string, unknown>[];
  return rows.map((r) => JSON.stringify(normalise(table, fromDb(table, r) as Record<string, unknown>)));
}

/** Both sides as core rows: booleans and JSON the same way, keys in schema order. */
function normalise(table: TableName, row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(TABLES[table].shape)) {
    const snake = key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    let value = row[key] ?? row[snake] ?? null;
    if (key === 'roles' && typeof value === 'string') value = JSON.parse(value);
    if ((key === 'active' || key === 'public') && typeof value === 'number') value = value === 1;
    if (
      typeof value === 'string' &&
      /^\d+$/.test(value) &&
      typeof TABLES[table].shape[key as never] !== 'undefined' &&
      ['number', 'amount', 'at', 'createdAt', 'updatedAt'].includes(key)
    ) {
      value = Number(value);
    }
    out[key] = value;
  }
  return out;
}

describe('desks converge to the server whatever the network does', () => {
  it('replicas equal the server, accepted changes land exactly once and in each desk order, rules hold', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(Step, { minLength: 5, maxLength: 25 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        async (steps, seed) => {
          const dir = mkdtempSync(join(tmpdir(), 'pult-converge-'));
          const dbUrl = `sqlite:${join(dir, 'server.sqlite')}`;
          let server = await createServer({ db: dbUrl });
          const port = Number(new URL(server.url).port);
          const world = await seedWorld(server.database);
          let random = seed;
          const faults = (): Fault => {
            random = (random * 1103515245 + 12345) % 2 ** 31;
            const r = random % 10;
            return r === 0 ? 'before' : r === 1 ? 'after' : 'none';
          };
          const logins = ['anna', 'ivan', 'pavel'];
          const plans = logins.map(() => ({ next: faults, offline: false }));
          const desks = logins.map((_, i) =>
            openWorkstation({
              dataFile: join(dir, `desk-${i}.sqlite`),
              sync: {
                serverUrl: server.url,
                secrets: createMemorySecretStore(),
                transport: faultyTransport(() => server.url, plans[i]!),
              },
            }),
          );
          const made: { desk: number; comment: string }[] = [];
          try {
            for (const [i, desk] of desks.entries()) {
              plans[i]!.offline = true; // sign in without faults
              plans[i]!.offline = false;
              const r = await dispatch(desk.handlers, 'session:sign-in', { login: logins[i], password: PASSWORD });
              expect(r.ok).toBe(true);
            }
            const tickets = [world.ticket.id, world.taken.id];
            for (const step of steps) {
              switch (step.kind) {
                case 'comment': {
                  const id = crypto.randomUUID();
                  const r = await dispatch(desks[step.desk]!.handlers, 'ticket:add-comment', {
                    id,
                    ticketId: tickets[step.ticket],
                    body: `c${made.length}`,
                  });
                  if (r.ok) made.push({ desk: step.desk, comment: id });
                  break;
                }
                case 'status':
                  await dispatch(desks[step.desk]!.handlers, 'ticket:set-status', {
                    id: tickets[step.ticket],
                    status: step.to,
                  });
                  break;
                case 'claim':
                  await dispatch(desks[step.desk]!.handlers, 'ticket:claim', { id: tickets[step.ticket] });
                  break;
                case 'create':
                  await dispatch(desks[step.desk]!.handlers, 'ticket:create', {
                    id: crypto.randomUUID(),
                    clientId: world.client.id,
                    type: 'incident',
                    billing: 'warranty',
                    title: `Новая ${step.desk}`,
                  });
                  break;
                case 'sync':
                  await desks[step.desk]!.syncNow();
                  break;
                case 'offline':
                  plans[step.desk]!.offline = step.on;
                  break;
                case 'restart':
                  await server.close();
                  server = await createServer({ db: dbUrl, port });
                  break;
              }
            }
            // Heal everything and let the desks settle.
            for (const plan of plans) {
              plan.offline = false;
              plan.next = () => 'none';
            }
            for (let round = 0; round < 3; round++) for (const desk of desks) await desk.syncNow();

            for (const desk of desks) {
              const status = await dispatch(desk.handlers, 'session:status', {});
              expect(status).toMatchObject({ ok: true, value: { pending: 0, state: 'online' } });
            }
            for (const table of SYNCED) {
              const truth = await serverRows(server, table);
              for (const [i, desk] of desks.entries())
                expect(deskRows(desk, table), `desk ${i}: ${table}`).toEqual(truth);
            }
            // Every comment a desk saved reached the server once (comments are never refused here)…
            const onServer = await server.database.db.selectFrom('comments').select(['id', 'version']).execute();
            expect(onServer.map((c) => c.id).sort()).toEqual(made.map((m) => m.comment).sort());
            // …and each desk's comments were applied in the order the desk made them.
            const versionOf = new Map(onServer.map((c) => [c.id, Number(c.version)]));
            for (let d = 0; d < desks.length; d++) {
              const versions = made.filter((m) => m.desk === d).map((m) => versionOf.get(m.comment)!);
              expect(versions).toEqual([...versions].sort((a, b) => a - b));
            }
            // The rules: ticket numbers are unique, and a ticket with a history is in its last logged status
            // (the seeded tickets start without one).
            const ticketsOnServer = await server.database.db
              .selectFrom('tickets')
              .select(['id', 'number', 'status'])
              .execute();
            expect(new Set(ticketsOnServer.map((t) => Number(t.number))).size).toBe(ticketsOnServer.length);
            for (const t of ticketsOnServer) {
              const log = await server.database.db
                .selectFrom('ticket_status_log')
                .select(['to_status'])
                .where('ticket_id', '=', t.id)
                .orderBy('version', 'desc')
                .orderBy('at', 'desc')
                .limit(1)
                .executeTakeFirst();
              if (log) expect(log.to_status).toBe(t.status);
            }
          } finally {
            for (const desk of desks) desk.close();
            await server.close();
          }
        },
      ),
      { numRuns: Number(process.env.PULT_PROPERTY_RUNS ?? 12), endOnFailure: true },
    );
  }, 300_000);
});
