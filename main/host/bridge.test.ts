import { deskDatabase } from '../workstation-db.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { PultApi, PultEvent } from '../../core/contract.js';
import { startHost, type Host } from './host.js';
import { seedWorld } from '../test-support/fixtures.js';
import { openWorkstation, type Workstation } from '../workstation.js';
// The browser's own client, run against this host.
import { createHttpApi, type WebSocketLike } from '../../renderer/bridge/http-client.js';

/**
 * The browser's client (renderer/bridge) and the browser host (main/host) are two halves of one adapter,
 * both generated from the contract. This runs them against each other, over real sockets, on a real store:
 * if either drifts from the other, a promise here breaks.
 */

let dir: string;
let workstation: Workstation;
let world: ReturnType<typeof seedWorld>;
let host: Host;
let api: PultApi;
/** How many event sockets the host currently serves: a test waits for its socket instead of sleeping. */
let sockets = { open: 0 };

/** Node's `ws` does not send an Origin by itself; a browser always does, so this one does too. */
const browserLikeSocket = (origin: string) =>
  class extends WebSocket {
    constructor(url: string) {
      super(url, { origin });
    }
  } as unknown as new (url: string) => WebSocketLike;

function nextEvent(api: PultApi, predicate: (event: PultEvent) => boolean = () => true): Promise<PultEvent> {
  return new Promise((resolve) => {
    const off = api.subscribe((event) => {
      if (!predicate(event)) return;
      off();
      resolve(event);
    });
  });
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pult-bridge-'));
  workstation = openWorkstation({ dataFile: join(dir, 'desk.sqlite') });
  world = seedWorld(deskDatabase(workstation));
  // Per test: a socket of the previous test may still report its close after this one started.
  const mine = { open: 0 };
  sockets = mine;
  const counted: Pick<Workstation, 'handlers' | 'subscribe'> = {
    handlers: workstation.handlers,
    subscribe(listener) {
      mine.open += 1;
      const off = workstation.subscribe(listener);
      return () => {
        mine.open -= 1;
        off();
      };
    },
  };
  host = await startHost({ workstation: counted, staticDir: dir });
  const base = `http://127.0.0.1:${host.port}`;
  api = createHttpApi(base, host.token, { WebSocket: browserLikeSocket(base), minBackoffMs: 20, maxBackoffMs: 100 });
});

afterEach(async () => {
  await host.close();
  workstation.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the browser client against the real host', () => {
  it('calls the contract and gets typed values back', async () => {
    const info = await api.call('app:info', {});
    expect(info).toMatchObject({ ok: true, value: { user: { name: 'Анна Ковалёва' } } });
    const page = await api.call('tickets:query', { view: 'all', limit: 3 });
    expect(page.ok && page.value.rows).toHaveLength(3);
  });

  it('gets domain failures as data: invalid input writes nothing', async () => {
    const result = await api.call('ticket:add-comment', { id: uuidv7(), ticketId: world.open.id, body: ' ' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(deskDatabase(workstation).prepare('SELECT count(*) AS n FROM comments').get()).toEqual({ n: 0 });
  });

  it('is told unauthorized when its token is wrong', async () => {
    const stranger = createHttpApi(`http://127.0.0.1:${host.port}`, 'guessed');
    await expect(stranger.call('app:info', {})).resolves.toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it('hears about its own mutation over the WebSocket', async () => {
    const opened = nextEvent(api, (e) => e.type === 'changed' && e.tables.includes('comments'));
    // Events are pokes, not a log: nothing is replayed to a socket that connects after the change.
    await expect.poll(() => sockets.open).toBe(1);
    const result = await api.call('ticket:add-comment', { id: uuidv7(), ticketId: world.open.id, body: 'Перезвонил' });
    expect(result).toEqual({ ok: true, value: { ok: true } });
    await expect(opened).resolves.toMatchObject({ type: 'changed' });
  });

  it('reconnects after the host restarts and tells listeners to refetch everything', async () => {
    const events: PultEvent[] = [];
    const off = api.subscribe((event) => events.push(event));
    await expect.poll(() => sockets.open).toBe(1);
    const { port, token } = host;
    await host.close();
    expect(sockets.open).toBe(0);
    host = await startHost({ workstation, staticDir: dir, port, token });
    await expect.poll(() => events, { timeout: 5000 }).toContainEqual({ type: 'changed', tables: ['*'] });
    const result = await api.call('ticket:add-comment', {
      id: uuidv7(),
      ticketId: world.open.id,
      body: 'Снова на связи',
    });
    expect(result.ok).toBe(true);
    await expect.poll(() => events.some((e) => e.type === 'changed' && e.tables.includes('comments'))).toBe(true);
    off();
  });
});
