import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, test } from 'vitest';
import type { PbxCallEvent } from '../../core/calls/pbx-event.js';
import { UNKNOWN_CALLER_CLIENT_ID } from '../../core/calls/mutators.js';
import type { RowOf } from '../../core/entities.js';
import { BACKENDS, startTestServer, testDatabases } from '../test-support/backends.js';
import { serverRows, signIn, TestDesk } from '../test-support/client.js';
import { T0 } from '../test-support/world.js';
import { createPbxCallRecorder } from './record-pbx-call.js';

/**
 * A number that called before anyone had it in the directory: when a dispatcher then files it under a client
 * (a new client, a contact or one more phone), the server — not the desk — moves the open callback, its ticket
 * and its calls to that client. What this tries to break: a desk that pushes the link without the rows, a
 * refused phone that links half, and the server walking the whole calls table to find a callback's calls.
 */
const databases = testDatabases();

const missed = (callId: string, startedAt: number): PbxCallEvent => ({
  pbxId: 'asterisk-office',
  callId,
  direction: 'in',
  from: '+7 916 123-45-67',
  to: '7001',
  queue: 'support',
  startedAt,
  answeredAt: null,
  endedAt: startedAt + 20_000,
  state: 'missed',
  answeredBy: null,
});

describe.each(BACKENDS)('linking open callbacks to a client on the %s server', (backend) => {
  async function setUp() {
    const env = await startTestServer(databases, backend);
    const record = createPbxCallRecorder(env.server.database, { source: 'pbx', committed: () => undefined });
    await record(missed('night-1@pbx', T0));
    await record(missed('night-2@pbx', T0 + 60_000));
    const desk = new TestDesk(env.url, await signIn(env.url, 'anna'));
    const rows = async <T extends 'calls' | 'callbacks' | 'tickets' | 'clients'>(table: T) =>
      [...((await serverRows(desk)).get(table)?.values() ?? [])] as RowOf<T>[];
    return { ...env, desk, rows };
  }

  test('a client created with the number of two missed night calls takes their callback, its ticket and both calls', async () => {
    const { desk, rows } = await setUp();
    const [before] = await rows('callbacks');
    expect(before).toMatchObject({ numberKey: '+79161234567', clientId: null, missedCount: 2 });
    const clientId = randomUUID();
    const reply = await desk.push([
      desk.mutation('client:create', {
        id: clientId,
        name: 'ООО «Ночной рейс»',
        phones: [{ id: randomUUID(), raw: '8 916 123 45 67' }],
      }),
    ]);
    expect(reply.body.results).toEqual([{ id: 1, status: 'applied' }]);
    expect(await rows('callbacks')).toEqual([expect.objectContaining({ id: before!.id, clientId, state: 'open' })]);
    const ticket = (await rows('tickets')).find((t) => t.id === before!.id);
    expect(ticket).toMatchObject({ clientId, type: 'callback' });
    expect((await rows('calls')).map((c) => c.clientId)).toEqual([clientId, clientId]);
  });

  test("a contact's phone links the callback with the contact; a refused phone list links nothing", async () => {
    const { desk, rows, world } = await setUp();
    const refused = await desk.push([
      desk.mutation('contact:create', {
        id: randomUUID(),
        clientId: world.client.id,
        name: 'Ночной диспетчер',
        phones: [
          { id: randomUUID(), raw: '+79161234567' },
          { id: randomUUID(), raw: 'не номер' },
        ],
      }),
    ]);
    expect(refused.body.results[0]).toMatchObject({ status: 'rejected', error: { code: 'invalid-input' } });
    const [callback] = await rows('callbacks');
    expect(callback).toMatchObject({ clientId: null });
    expect((await rows('tickets')).find((t) => t.id === callback!.id)).toMatchObject({
      clientId: UNKNOWN_CALLER_CLIENT_ID,
    });
    const contactId = randomUUID();
    const applied = await desk.push([
      desk.mutation('contact:create', {
        id: contactId,
        clientId: world.client.id,
        name: 'Ночной диспетчер',
        phones: [{ id: randomUUID(), raw: '+79161234567' }],
      }),
    ]);
    expect(applied.body.results[0]).toMatchObject({ status: 'applied' });
    expect((await rows('tickets')).find((t) => t.id === callback!.id)).toMatchObject({
      clientId: world.client.id,
      contactId,
    });
    expect((await rows('calls')).map((c) => c.clientId)).toEqual([world.client.id, world.client.id]);
  });

  test("the server finds a callback's calls through calls_by_callback_ticket_id", async () => {
    const { server } = await setUp();
    const { db } = server.database;
    if (backend === 'sqlite') {
      const { rows } = await sql<{ detail: string }>`
        explain query plan select * from calls where callback_ticket_id = ${'x'} and client_id is null`.execute(db);
      expect(rows.map((r) => r.detail).join('\n')).toContain('INDEX calls_by_callback_ticket_id');
    } else {
      const { rows } = await sql<{ indexname: string; indexdef: string }>`
        select indexname, indexdef from pg_indexes where tablename = 'calls'`.execute(db);
      expect(rows.find((r) => r.indexname === 'calls_by_callback_ticket_id')?.indexdef).toContain(
        '(callback_ticket_id, started_at)',
      );
    }
  });
});
