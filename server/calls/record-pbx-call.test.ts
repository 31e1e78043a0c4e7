import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import type { PbxCallEvent } from '../../core/calls/pbx-event.js';
import type { RowOf } from '../../core/entities.js';
import { importRows } from '../db/import-rows.js';
import { BACKENDS, startTestServer, testDatabases } from '../test-support/backends.js';
import { call, openPoke, serverRows, serverVersion, signIn, TestDesk } from '../test-support/client.js';
import { rawRequest } from '../test-support/raw-http.js';
import { T0 } from '../test-support/world.js';
import { createPbxCallRecorder } from './record-pbx-call.js';

/**
 * Calls the PBX reports while no desk may be online: the server runs the callback rule as itself, in its own
 * transaction, on both backends. What this tries to break: a call reported twice, a number that misses twice,
 * and a desk's report of a call the PBX reported too.
 */
const databases = testDatabases();

const event = (over: Partial<PbxCallEvent> = {}): PbxCallEvent => ({
  pbxId: 'asterisk-office',
  callId: `${randomUUID()}@pbx.example.by`,
  direction: 'in',
  from: '+375 29 123-45-67',
  to: '7001',
  queue: 'support',
  startedAt: T0,
  answeredAt: null,
  endedAt: T0 + 25_000,
  state: 'missed',
  answeredBy: null,
  ...over,
});

describe.each(BACKENDS)('PBX call events on %s', (backend) => {
  async function setUp() {
    const env = await startTestServer(databases, backend);
    const phone: RowOf<'phones'> = {
      id: randomUUID(),
      clientId: env.world.client.id,
      contactId: null,
      raw: '8 029 123-45-67',
      e164: '+375291234567',
    };
    await importRows(env.server.database, [{ table: 'phones', row: phone }]);
    const committed: number[] = [];
    const record = createPbxCallRecorder(env.server.database, {
      source: 'pbx',
      committed: (v) => committed.push(v),
    });
    const desk = new TestDesk(env.url, await signIn(env.url, 'anna'));
    const rows = async <T extends 'calls' | 'callbacks' | 'tickets'>(table: T) =>
      [...((await serverRows(desk)).get(table)?.values() ?? [])] as RowOf<T>[];
    return { ...env, record, committed, desk, rows };
  }

  test('two events with the same call id make one call, and the repeat commits nothing', async () => {
    const { record, committed, rows, url } = await setUp();
    const first = event({ state: 'ringing', endedAt: null });
    await record(first);
    expect(committed).toEqual([]);
    await record({ ...first, state: 'missed', endedAt: T0 + 25_000 });
    const version = await serverVersion(url);
    expect(committed).toEqual([version]);
    await record({ ...first, state: 'missed', endedAt: T0 + 25_000 });
    expect(committed).toEqual([version]);
    expect(await rows('calls')).toEqual([
      expect.objectContaining({ sipCallId: first.callId, outcome: 'missed', source: 'pbx', pbxId: 'asterisk-office' }),
    ]);
  });

  test('two missed calls from one number, written two ways, make one open callback with count 2', async () => {
    const { record, rows, world } = await setUp();
    await record(event());
    await record(event({ from: '80291234567', startedAt: T0 + 600_000, endedAt: T0 + 620_000 }));
    const callbacks = await rows('callbacks');
    expect(callbacks).toEqual([
      expect.objectContaining({ numberKey: '+375291234567', missedCount: 2, state: 'open', clientId: world.client.id }),
    ]);
    const tickets = (await rows('tickets')).filter((t) => t.source === 'missed_call');
    expect(tickets.map((t) => t.id)).toEqual([callbacks[0]!.id]);
    expect(tickets[0]).toMatchObject({ clientId: world.client.id, source: 'missed_call', createdBy: null });
  });

  test("a desk's pushed record of the same Call-ID merges into the PBX's row, and its answer resolves the callback", async () => {
    const { record, desk, rows, world } = await setUp();
    const reported = event();
    await record(reported);
    const reply = await desk.push([
      desk.mutation('call:record', {
        id: randomUUID(),
        sipCallId: reported.callId,
        direction: 'in',
        number: 'sip:+375291234567@pbx.example.by',
        startedAt: T0 + 40,
        answeredAt: T0 + 8_000,
        outcome: 'answered',
      }),
    ]);
    expect(reply.body.results).toEqual([{ id: 1, status: 'applied' }]);
    expect(await rows('calls')).toEqual([
      expect.objectContaining({ outcome: 'answered', agentId: world.anna.employee.id, source: 'pbx', startedAt: T0 }),
    ]);
    expect(await rows('callbacks')).toEqual([expect.objectContaining({ state: 'resolved', resolution: 'answered' })]);
  });

  test('the PBX answered by an extension resolves the open callback; a desk cannot push a report as the PBX', async () => {
    const { record, desk, rows } = await setUp();
    await record(event());
    await record(
      event({
        state: 'answered',
        startedAt: T0 + 890_000,
        answeredAt: T0 + 900_000,
        endedAt: null,
        answeredBy: '7001',
      }),
    );
    expect(await rows('callbacks')).toEqual([expect.objectContaining({ state: 'resolved', resolution: 'answered' })]);
    const forged = await desk.push([
      desk.mutation('call:record', {
        id: randomUUID(),
        sipCallId: 'forged@pbx',
        direction: 'in',
        number: '+375291234567',
        startedAt: T0,
        outcome: 'missed',
        source: 'pbx',
      }),
    ]);
    expect(forged.body.results).toEqual([
      { id: 1, status: 'rejected', error: expect.objectContaining({ code: 'forbidden' }) },
    ]);
  });

  test('a desk of schema 2 is served until a callback lies after its cursor, then refused with 426', async () => {
    const { record, desk, url } = await setUp();
    const old = (cursor: number) =>
      fetch(`${url}/api/sync/pull`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${desk.token}` },
        body: JSON.stringify({ deskId: desk.deskId, schemaVersion: 2, cursor, page: null }),
      });
    const before = await old(0);
    expect(before.status).toBe(200);
    const cursor = ((await before.json()) as { cursor: number }).cursor;
    await record(event());
    const refused = await old(cursor);
    expect(refused.status).toBe(426);
    expect(await refused.json()).toMatchObject({ error: { code: 'schema-too-old' } });
    expect((await old(await serverVersion(url))).status).toBe(200);
  });

  test("a server that records PBX reports turns the webhook's missed call into a callback and pokes the desks", async () => {
    const env = await startTestServer(databases, backend, { pbx: { record: true, mailboxPollMs: false } });
    const admin = await signIn(env.url, 'admin');
    const created = await call<{ token: string }>(env.url, 'POST', '/api/admin/pbx', {
      token: admin,
      body: { id: 'office', name: 'Офис' },
    });
    expect(created.status).toBe(201);
    const desk = new TestDesk(env.url, await signIn(env.url, 'anna'));
    const poke = await openPoke(env.url, desk.token);
    const before = await serverVersion(env.url);
    const form = (fields: Record<string, string>) =>
      rawRequest(env.url, 'POST', '/api/pbx/office/cti', {
        headers: {
          authorization: `Bearer ${created.body.token}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({
          callId: 'w1',
          from: '80291234567',
          to: '7001',
          direction: 'in',
          ...fields,
        }).toString(),
      });
    expect((await form({ event: 'newCall' })).status).toBe(200);
    expect((await form({ event: 'hangup', cause: 'cancel' })).status).toBe(200);
    await poke.waitFor(before + 1);
    const callbacks = [...((await serverRows(desk)).get('callbacks')?.values() ?? [])];
    expect(callbacks).toEqual([expect.objectContaining({ numberKey: '+375291234567', missedCount: 1, state: 'open' })]);
    poke.close();
  });

  test('a malformed event is refused with invalid-input and writes nothing', async () => {
    const { record, committed, url } = await setUp();
    const before = await serverVersion(url);
    await expect(record({ ...event(), callId: '' })).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(record({ ...event(), state: 'exploded' } as unknown as PbxCallEvent)).rejects.toMatchObject({
      code: 'invalid-input',
    });
    expect(committed).toEqual([]);
    expect(await serverVersion(url)).toBe(before);
  });
});
