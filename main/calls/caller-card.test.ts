import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallerCard } from '../../core/calls/caller-card.js';
import { dispatch } from '../../core/dispatch.js';
import { normalizePhone } from '../../core/phone.js';
import { createRowStore } from '../../replica/rows.js';
import { createMemorySecretStore } from '../sync/secret-store.js';
import { seedWorld, T0 } from '../test-support/fixtures.js';
import { deskDatabase } from '../workstation-db.js';
import { openWorkstation, type Workstation } from '../workstation.js';

/**
 * The caller card and the phone's settings on a real desk store. The card must find the client whatever
 * format the PBX sends the number in, carry the debt the one debt rule computes, and never invent a client;
 * the settings must keep the SIP password out of the data file and refuse a PBX the window may not reach.
 */

let dataFile: string;
let ws: Workstation;
let world: ReturnType<typeof seedWorld>;
const PBX = 'wss://pbx.example.by:8089/ws';

beforeEach(() => {
  dataFile = join(mkdtempSync(join(tmpdir(), 'pult-card-')), 'desk.sqlite');
  ws = openWorkstation({
    dataFile,
    now: () => T0,
    phone: { secrets: createMemorySecretStore(), passwordKept: 'memory', pbxWebSocketUrl: PBX },
  });
  world = seedWorld(deskDatabase(ws));
});
afterEach(() => {
  ws.close();
  rmSync(dirname(dataFile), { recursive: true, force: true });
});

const call = (method: string, input: unknown) => dispatch(ws.handlers, method, input);
const card = async (number: string): Promise<CallerCard> => {
  const result = await call('calls:caller-card', { number });
  if (!result.ok) throw new Error(result.error.message);
  return result.value as CallerCard;
};

describe('calls:caller-card', () => {
  it.each(['+375291234567', '80291234567', '8 029 123-45-67', '+375 (29) 123 45 67', '375291234567'])(
    'finds the debtor from the number %s, with its debt, vehicles and open tickets',
    async (number) => {
      const found = await card(number);
      expect(found.e164).toBe('+375291234567');
      expect(found.matches).toHaveLength(1);
      const [match] = found.matches;
      expect(match?.client).toMatchObject({ id: world.debtor.id, debt: { count: 2, sum: 20_000 } });
      expect(match?.client.debt?.oldestAt).toBe(world.unpaidOld.resolvedAt);
      expect(match?.vehicles.map((v) => v.plate)).toEqual(['1234 AB-7']);
      expect(match?.vehicleCount).toBe(1);
      // Only the open paid visit is open: completed and cancelled tickets are not on the card.
      expect(match?.openTickets.map((t) => t.status)).toEqual(['paid_visit']);
      expect(match?.openTicketCount).toBe(1);
      expect(match?.contact).toBeNull();
    },
  );

  it('a client who owes nothing carries no debt mark, and lists its open tickets newest first', async () => {
    const [match] = (await card('+375 17 200-11-22')).matches;
    expect(match?.client.id).toBe(world.clean.id);
    expect(match?.client.debt).toBeNull();
    expect(match?.openTickets.map((t) => t.id)).toEqual([world.callback.id, world.open.id]);
  });

  it('a contact’s own phone names the contact as well as the client', async () => {
    const rows = createRowStore(deskDatabase(ws));
    const contactId = uuidv7();
    rows.put('contacts', {
      id: contactId,
      clientId: world.clean.id,
      name: 'Сергей',
      role: 'механик',
      email: null,
      active: true,
    });
    const raw = '+375 44 555-66-77';
    rows.put('phones', { id: uuidv7(), clientId: world.clean.id, contactId, raw, e164: normalizePhone(raw) });
    const [match] = (await card('80445556677')).matches;
    expect(match?.client.id).toBe(world.clean.id);
    expect(match?.contact).toMatchObject({ id: contactId, name: 'Сергей', phones: [raw] });
  });

  it('an unknown number, an extension and a SIP name find nobody, and say so without an error', async () => {
    expect(await card('+375 29 999-99-99')).toMatchObject({ e164: '+375299999999', matches: [] });
    expect(await card('101')).toMatchObject({ e164: null, matches: [] });
    expect(await card('alice')).toMatchObject({ e164: null, matches: [] });
  });

  it('refuses an empty or oversized number as invalid input', async () => {
    expect(await call('calls:caller-card', { number: '  ' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
    expect(await call('calls:caller-card', { number: '1'.repeat(201) })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
  });

  it('reads the phones, contacts, vehicles and tickets by their indexes', () => {
    const db = deskDatabase(ws);
    const plan = (sql: string) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('x') as { detail: string }[]).map((r) => r.detail).join('\n');
    expect(plan('SELECT client_id, contact_id FROM phones WHERE e164 = ?')).toMatch(/phones_by_e164/);
    expect(plan('SELECT * FROM vehicles WHERE client_id = ? ORDER BY plate')).toMatch(/vehicles_by_client_id/);
    expect(
      plan(
        "SELECT id FROM tickets INDEXED BY tickets_by_client_id WHERE client_id = ? AND status_kind = 'open' ORDER BY seq DESC",
      ),
    ).toMatch(/tickets_by_client_id/);
  });
});

describe('phone settings', () => {
  const account = {
    aor: 'sip:101@pbx.example.by',
    authorizationUsername: '101',
    server: 'wss://pbx.example.by:8089/ws',
    iceServers: [],
    ringGroup: 'Первая линия',
    ringTimeoutSeconds: 45,
  };

  it('start with the PBX the desk was started with and no password, kept in memory', async () => {
    expect(await call('phone:settings', {})).toMatchObject({
      ok: true,
      value: {
        aor: '',
        server: PBX,
        password: null,
        passwordKept: 'memory',
        allowedServerOrigin: 'wss://pbx.example.by:8089',
      },
    });
  });

  it('are saved and read back; the password goes to the secret store and never into the data file', async () => {
    const saved = await call('phone:save-settings', { ...account, password: 'sip-secret-42' });
    expect(saved).toMatchObject({ ok: true, value: { ...account, password: 'sip-secret-42' } });
    // null keeps the stored password; '' forgets it.
    expect(await call('phone:save-settings', { ...account, ringGroup: 'Вторая', password: null })).toMatchObject({
      ok: true,
      value: { ringGroup: 'Вторая', password: 'sip-secret-42' },
    });
    deskDatabase(ws).pragma('wal_checkpoint(TRUNCATE)');
    expect(readFileSync(dataFile).includes('sip-secret-42')).toBe(false);
    expect(await call('phone:save-settings', { ...account, password: '' })).toMatchObject({
      ok: true,
      value: { password: null },
    });
  });

  it.each([
    ['another PBX than the desk’s', { server: 'wss://evil.example/ws' }, 'invalid-input'],
    ['a server that is not a WebSocket', { server: 'https://pbx.example.by/ws' }, 'invalid-input'],
    ['an AOR that is not a SIP address', { aor: '101' }, 'invalid-input'],
    ['a ring timeout of one second', { ringTimeoutSeconds: 1 }, 'invalid-input'],
    ['an ICE server that is not STUN or TURN', { iceServers: [{ urls: 'http://stun.example' }] }, 'invalid-input'],
  ])('refuse %s and change nothing', async (_what, change, code) => {
    await call('phone:save-settings', { ...account, password: 'kept' });
    const result = await call('phone:save-settings', { ...account, ...change, password: 'other' });
    expect(result).toMatchObject({ ok: false, error: { code } });
    expect(await call('phone:settings', {})).toMatchObject({ ok: true, value: { ...account, password: 'kept' } });
  });

  it('a desk started without a PBX refuses any server and explains why', async () => {
    const bare = openWorkstation({ dataFile: join(dirname(dataFile), 'bare.sqlite') });
    try {
      const result = await dispatch(bare.handlers, 'phone:save-settings', { ...account, password: null });
      expect(result).toMatchObject({
        ok: false,
        error: { code: 'invalid-input', message: expect.stringContaining('--pbx-wss') },
      });
      expect(await dispatch(bare.handlers, 'phone:settings', {})).toMatchObject({
        ok: true,
        value: { server: '', allowedServerOrigin: null },
      });
    } finally {
      bare.close();
    }
  });
});
