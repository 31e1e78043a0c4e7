import Database from 'better-sqlite3';
import { createServer as createTcpServer, connect, type Socket } from 'node:net';
import { describe, expect, onTestFinished, test } from 'vitest';
import type { PultEvent } from '../../core/contract.js';
import type { PositionBatch, PositionProvider, ProviderStatus } from '../../core/map/position.js';
import { startTestServer, testDatabases } from '../../server/test-support/backends.js';
import { signIn } from '../../server/test-support/client.js';
import { createDeskPositions } from './desk-positions.js';

/**
 * The desk's client of the server's position socket, against the real server in this process. Between them
 * sits a plain TCP relay, so a test can cut the connection as a network would, and slip in a frame the
 * server would never send.
 */
const databases = testDatabases();

class HandProvider implements PositionProvider {
  private readonly listeners = new Set<(b: PositionBatch) => void>();
  start() {}
  stop() {}
  onPositions(l: (b: PositionBatch) => void) {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  onStatus(_l: (s: ProviderStatus) => void) {
    return () => undefined;
  }
  emit(b: PositionBatch) {
    for (const l of this.listeners) l(b);
  }
}

async function relay(target: URL, cleanups: (() => void)[]) {
  const pairs: { desk: Socket; server: Socket }[] = [];
  const server = createTcpServer((desk) => {
    const upstream = connect(Number(target.port), target.hostname);
    desk.pipe(upstream).pipe(desk);
    desk.on('error', () => undefined);
    upstream.on('error', () => undefined);
    pairs.push({ desk, server: upstream });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => {
    for (const p of pairs) {
      p.desk.destroy();
      p.server.destroy();
    }
    server.close();
  });
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => pairs.length,
    /** Cuts every open connection, both ways. */
    cut() {
      for (const p of pairs) {
        p.desk.destroy();
        p.server.destroy();
      }
    },
    /** An unmasked text frame to the desk, as if from the server. */
    inject(text: string) {
      const body = Buffer.from(text);
      if (body.length > 125) throw new Error('short frames only');
      pairs.at(-1)!.desk.write(Buffer.concat([Buffer.from([0x81, body.length]), body]));
    },
  };
}

async function until(check: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const at = (objectId: string, t: number) => ({ objectId, lat: 53.9, lon: 27.56, at: t, speedKmh: 10, course: 5 });

async function setUp(token: 'signed-in' | 'none' | 'forged' = 'signed-in') {
  // Registered before the server's own clean-up, which runs after this one and waits for its sockets to close.
  const cleanups: (() => void)[] = [];
  onTestFinished(() => {
    for (const clean of cleanups.reverse()) clean();
  });
  const provider = new HandProvider();
  const server = await startTestServer(databases, 'sqlite', { positions: async () => ({ name: 'hand', provider }) });
  const session = token === 'signed-in' ? await signIn(server.url, 'anna') : token === 'forged' ? 'not-a-token' : null;
  const net = await relay(new URL(server.url), cleanups);
  const events: PultEvent[] = [];
  const db = new Database(':memory:');
  const desk = createDeskPositions({
    db,
    broadcast: (e) => events.push(e),
    server: { url: net.url, token: () => session },
    flushMs: 20,
    retryMs: 50,
  });
  cleanups.push(() => {
    desk.close();
    db.close();
  });
  return { provider, desk, net, events };
}

describe("the desk's position socket client", () => {
  test('positions from the server arrive: the snapshot first, then changes, and the window hears them', async () => {
    const { provider, desk, events } = await setUp();
    provider.emit({ positions: [at('v1', 1000)], dropped: {} });
    desk.snapshot();
    await until(() => desk.get('v1')?.at === 1000);
    expect(desk.snapshot().provider).toBe('hand');
    provider.emit({ positions: [at('v1', 2000), at('v2', 2000)], dropped: {} });
    await until(() => desk.get('v2') !== undefined && desk.get('v1')?.at === 2000);
    await until(() =>
      events.some((e) => e.type === 'positions' && e.positions.some((p) => p.objectId === 'v2' && p.at === 2000)),
    );
  });

  test('a dropped socket says so, reconnects by itself and takes the positions it missed from the new snapshot', async () => {
    const { provider, desk, net } = await setUp();
    desk.snapshot();
    await until(() => net.connections() === 1 && desk.snapshot().status.state !== 'failing');
    provider.emit({ positions: [at('v1', 1000)], dropped: {} });
    await until(() => desk.get('v1')?.at === 1000);
    net.cut();
    await until(() => desk.snapshot().status.state === 'failing');
    provider.emit({ positions: [at('v1', 5000)], dropped: {} });
    await until(() => net.connections() >= 2);
    await until(() => desk.get('v1')?.at === 5000);
  });

  test('a bad message is dropped and counted, and the stream goes on', async () => {
    const { provider, desk, net } = await setUp();
    desk.snapshot();
    provider.emit({ positions: [at('v1', 1000)], dropped: {} });
    await until(() => desk.get('v1')?.at === 1000);
    net.inject('not json');
    net.inject(JSON.stringify({ kind: 'positions', positions: [{ objectId: 'v1', lat: 500, lon: 0 }] }));
    await until(() => desk.droppedMessages() === 2);
    expect(desk.get('v1')?.lat).toBe(53.9);
    provider.emit({ positions: [at('v1', 2000)], dropped: {} });
    await until(() => desk.get('v1')?.at === 2000);
    expect(net.connections()).toBe(1);
  });

  test('without a session token the desk never opens the socket and says it is not signed in', async () => {
    const { desk, net } = await setUp('none');
    desk.snapshot();
    await until(() => desk.snapshot().status.state === 'failing');
    const status = desk.snapshot().status;
    expect(status.state === 'failing' && status.reason).toBe('not signed in to the server');
    await new Promise((r) => setTimeout(r, 200));
    expect(net.connections()).toBe(0);
  });

  test('a token the server does not know is refused, and the desk says what the server answered', async () => {
    const { desk, net } = await setUp('forged');
    desk.snapshot();
    await until(() => desk.snapshot().status.state === 'failing');
    const status = desk.snapshot().status;
    expect(status.state === 'failing' && status.reason).toBe('the server answered 401');
    expect(desk.get('v1')).toBeUndefined();
    expect(net.connections()).toBeGreaterThanOrEqual(1);
  });
});
